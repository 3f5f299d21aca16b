"""Operations our apps' migrations share. A package, so Django's loader does not take it for a migration."""
