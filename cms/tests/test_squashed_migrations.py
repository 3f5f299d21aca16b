"""A new site runs each app's squashed migration; a site begun earlier runs the ones it replaces.

Both must end with the same models, field by field, or one of them would be missing a column, an
index or a constraint. (The schema they make was also compared with ``pg_dump --schema-only`` when
the migrations were squashed: it differs only in the name of one unique constraint.)
"""

from pathlib import Path

from django.apps import apps
from django.db.migrations.loader import MigrationLoader

import pytest

from cms.tests.migration_paths import OlderSiteLoader

REPOSITORY = Path(__file__).resolve().parents[2]


def comparable(state, apps):
    """Each model's fields, options and bases in ``apps``; indexes and constraints in any order."""
    models = {}
    for key, model in state.models.items():
        if key[0] not in apps:
            continue
        options = dict(model.options)
        for name in ("indexes", "constraints"):
            options[name] = sorted(repr(item.deconstruct()) for item in options.get(name, []))
        fields = {name: field.deconstruct()[1:] for name, field in model.fields.items()}
        models[key] = (fields, options, model.bases)
    return models


# `db`: loading the migrations imports one of wagtail-localize's, which reads the database.
@pytest.mark.django_db
def test_a_new_site_and_an_older_one_end_with_the_same_models():
    new_site = MigrationLoader(None, ignore_no_migrations=True)
    assert new_site.replacements, "no squashed migrations: this test has nothing to compare"
    for key, migration in new_site.replacements.items():
        assert key in new_site.graph.nodes and not set(migration.replaces) & set(new_site.graph.nodes)
    older_site = OlderSiteLoader(None, ignore_no_migrations=True)
    assert not set(older_site.replacements) & set(older_site.graph.nodes)

    ours = {config.label for config in apps.get_app_configs() if Path(config.path).parent == REPOSITORY}
    squashed_apps = {app for app, _name in new_site.replacements} & ours
    assert squashed_apps >= {"home", "newsletters", "surgeries", "subscriptions", "handover", "fediverse"}
    new = comparable(new_site.project_state(), squashed_apps)
    older = comparable(older_site.project_state(), squashed_apps)
    assert new.keys() == older.keys()
    different = {key: (new[key], older[key]) for key in new if new[key] != older[key]}
    assert not different
