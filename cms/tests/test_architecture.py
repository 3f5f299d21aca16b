"""Dependencies between the apps run one way, and none is hidden from the import graph.

import-linter checks the imports (contracts in pyproject.toml). What it cannot see is an
app reaching another app's models by name, through ``apps.get_model`` or a content-type
lookup; those are searched for in the source here. Page-type rules and foreign keys
may still name another app's model as a string: Django and Wagtail resolve those.
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Every app import-linter knows about (one list: pyproject.toml's root_packages).
APPS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# ("home", "placepage"), app_label="home", "home.PlacePage" outside page-type rules and foreign keys.
MODEL_BY_NAME = [
    re.compile(r"\bapps\.get_model\("),
    re.compile(r"\bget_model\(\s*[\"']"),
]


def app_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "tests" in parts:
                continue
            yield app, path


def other_app_model_strings(app, line):
    """Strings such as "home.PlacePage" or ("home", "placepage") naming another app's model."""
    others = "|".join(name for name in APPS if name != app)
    dotted = re.search(rf"[\"']({others})\.[A-Z]\w*[\"']", line)
    paired = re.search(rf"\(\s*[\"']({others})[\"']\s*,\s*[\"']\w+[\"']\s*\)", line)
    return dotted or paired


# Where naming another app's model as a string is how Django and Wagtail are meant to be used.
ALLOWED_STRING_USES = re.compile(
    r"parent_page_types|subpage_types|ForeignKey\(|OneToOneField\(|ManyToManyField\(|target_models|"
    r"^\s*[\"']\w+\.\w+[\"'],?\s*$|^\s*\w+_MODEL\s*=|^\s*(#|\"\"\"|[A-Z][^=]*$)"
)


def test_import_contracts_hold():
    result = subprocess.run(  # noqa: S603 - our own tool from this virtualenv, fixed arguments
        [str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def other_app_content_types(app):
    """Content-type lookups naming another of this project's apps (Wagtail's and Django's are fine)."""
    others = "|".join(name for name in APPS if name != app)
    lookup = r"(content_type__app_label|app_label|get_by_natural_key\()\s*=*\s*"
    return re.compile(rf"{lookup}[\"']({others})[\"']")


def test_no_app_looks_up_models_by_name():
    found = []
    for app, path in app_sources():
        patterns = [*MODEL_BY_NAME, other_app_content_types(app)]
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if any(pattern.search(line) for pattern in patterns):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "Ask the owning app's queries.py instead:\n" + "\n".join(found)


def test_no_app_names_another_apps_models_outside_page_rules_and_foreign_keys():
    found = []
    for app, path in app_sources():
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines, start=1):
            # A foreign key's target often sits on the line after "ForeignKey(".
            with_previous = (lines[number - 2] if number > 1 else "") + " " + line
            allowed = ALLOWED_STRING_USES.search(line) or ALLOWED_STRING_USES.search(with_previous)
            if other_app_model_strings(app, line) and not allowed:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        'model = apps.get_model("subscriptions", "Subscriber")',
        'PLACE_CONTENT_TYPE = ("home", "placepage")',
        'Page.objects.filter(content_type__app_label="home")',
        'label = "home.PlacePage" if place else ""',
    ],
)
def test_the_checks_catch_the_lookups_they_are_for(line):
    """The patterns above must recognise the kinds of lookup this project removed."""
    patterns = [*MODEL_BY_NAME, other_app_content_types("newsletters")]
    by_name = any(pattern.search(line) for pattern in patterns)
    by_string = other_app_model_strings("newsletters", line) and not ALLOWED_STRING_USES.search(line)
    assert by_name or by_string
