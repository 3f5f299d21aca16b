"""What more than one of this app's migrations runs. A package, so Django's loader does not take it for a migration."""
