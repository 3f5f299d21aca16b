"""The two ways through our migrations: a new site's (squashed) and that of a site begun before the squash."""

from django.db import connection as default_connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader


class OlderSiteLoader(MigrationLoader):
    """The migrations as a site that began before they were squashed takes them: one at a time.

    Django runs a squashed migration only where none of the migrations it replaces has run; a site
    that ran some of them goes on with the rest, and so does this loader, whatever has run.
    """

    def __init__(self, connection, **kwargs):
        super().__init__(connection, replace_migrations=False, **kwargs)

    def build_graph(self):
        super().build_graph()
        for key, migration in self.replacements.items():
            self.graph.remove_replacement_node(key, migration.replaces)


def older_site_executor(connection=default_connection):
    executor = MigrationExecutor(connection)
    executor.loader = OlderSiteLoader(connection)
    return executor
