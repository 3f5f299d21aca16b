"""Each test database is a copy of one migrated template (PostgreSQL), made once per set of migrations.

Migrating an empty database takes most of a minute on a quiet 2-core machine, and each
pytest-xdist worker used to do it for its own database. Now the first process that needs a
test database migrates a template (``test_<name>_template_<fingerprint>``), and every worker
copies it with ``CREATE DATABASE ... TEMPLATE``, which takes about a second.

The fingerprint covers every migration file of every installed app (ours and Wagtail's,
Django's...), the installed packages' versions, ``INSTALLED_APPS`` and this file, so a
changed or new migration (or a package upgrade) makes a new template; on a clean CI
machine the first run always migrates. The template is kept for the next run, and a new one
replaces the templates made from other migrations. ``--create-db`` migrates a new template
all the same. The copy is an ordinary test database: pytest-django drops it at the end.
"""

import contextlib
import hashlib
import importlib.metadata
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError

TEMPLATE_MARK = "_template_"


def fingerprint():
    """A short hash of what a freshly migrated database depends on."""
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(Path(__file__).read_bytes())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = sys.modules[type(loader.disk_migrations[key]).__module__]
        digest.update(repr(key).encode())
        digest.update(Path(module.__file__).read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    digest.update(repr((packages, settings.INSTALLED_APPS, sys.version_info[:2])).encode())
    return digest.hexdigest()[:12]


def template_name(creation):
    return f"test_{creation.connection.settings_dict['NAME']}{TEMPLATE_MARK}{fingerprint()}"


def database_exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def make_template(creation, template, migrate_test_db, verbosity):
    """Migrate a new database and rename it ``template`` once complete; older templates go."""
    quote = creation.connection.ops.quote_name
    building = f"{template}_building"
    test_settings = creation.connection.settings_dict["TEST"]
    name, test_name = creation.connection.settings_dict["NAME"], test_settings.get("NAME")
    test_settings["NAME"] = building
    try:
        migrate_test_db(creation, verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False)
    finally:
        creation.connection.close()
        test_settings["NAME"] = test_name
        creation.connection.settings_dict["NAME"] = name
        settings.DATABASES[creation.connection.alias]["NAME"] = name
    with creation._nodb_cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {quote(building)} RENAME TO {quote(template)}")


def drop_other_templates(cursor, quote, prefix, template):
    """Templates named ``prefix...`` but made from other migrations are dropped (one in use by
    another run is left for later)."""
    cursor.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
        [prefix.replace("_", "\\_") + "%", template],
    )
    for (old,) in cursor.fetchall():
        with contextlib.suppress(DatabaseError):  # another run is copying it: left for later
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(old)}")


@contextlib.contextmanager
def one_process_at_a_time(cursor, template):
    """Inside, no other process checks for or makes ``template`` (a PostgreSQL advisory lock)."""
    cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
    try:
        yield
    finally:
        cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])


def install(creation_class, *, rebuild=False):
    """Make ``creation_class.create_test_db`` copy the template; returns the method it replaced."""
    migrate_test_db = creation_class.create_test_db

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        if keepdb:  # --reuse-db: Django's own way
            return migrate_test_db(self, verbosity, autoclobber, serialize, keepdb)
        template, name = template_name(self), self._get_test_db_name()
        quote = self.connection.ops.quote_name
        # One process at a time checks for the template and makes it; the others wait here.
        with self._nodb_cursor() as lock:
            with one_process_at_a_time(lock, template):
                made = rebuild or not database_exists(lock, template)
                if made:
                    if verbosity >= 1:
                        self.log(f"Migrating the template test database {template}...")
                    lock.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
                    make_template(self, template, migrate_test_db, verbosity)
                if verbosity >= 1:
                    self.log(f"Creating test database {name} from {template}...")
                lock.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
                lock.execute(f"CREATE DATABASE {quote(name)} TEMPLATE {quote(template)}")
            if made:
                prefix = f"test_{self.connection.settings_dict['NAME']}{TEMPLATE_MARK}"
                drop_other_templates(lock, quote, prefix, template)

        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        call_command("createcachetable", database=self.connection.alias)
        self.connection.ensure_connection()
        return name

    creation_class.create_test_db = create_test_db
    return migrate_test_db
