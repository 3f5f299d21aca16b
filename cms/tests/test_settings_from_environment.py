"""Settings the README lists are read from the environment, with the defaults it states."""

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def setting_with(name, environment):
    env = {key: value for key, value in os.environ.items() if key != name}
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.base", **environment})
    output = subprocess.run(  # noqa: S603 - our own settings module, fixed arguments
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return output.stdout.strip()


def test_how_long_unconfirmed_sign_ups_are_kept_is_read_from_the_environment():
    assert setting_with("NEWSLETTER_PENDING_DAYS", {}) == "7"
    assert setting_with("NEWSLETTER_PENDING_DAYS", {"NEWSLETTER_PENDING_DAYS": "3"}) == "3"
    readme = (REPOSITORY / "README.md").read_text()
    assert "| `NEWSLETTER_PENDING_DAYS` | `7` |" in readme


def test_every_setting_with_one_stated_default_in_the_readme_has_that_default():
    """Each row of the README's settings table naming one setting and one default (`NAME` | `value`):
    with nothing in the environment, cms/settings/base.py gives that value, so the table and the
    code never disagree (each default is written once, in the settings). Rows for environment
    variables that are not settings themselves (`DATABASE_URL`) are left out."""
    import json
    import re

    readme = (REPOSITORY / "README.md").read_text()
    stated = dict(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \| `([^`]+)` \|", readme, flags=re.MULTILINE))
    assert len(stated) >= 20, "the README's settings table is where it was"
    env = {key: value for key, value in os.environ.items() if key not in stated}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.base"
    names = json.dumps(sorted(stated))
    output = subprocess.run(  # noqa: S603 - our own settings module, fixed arguments
        [
            sys.executable,
            "-c",
            f"import json; from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in json.loads({names!r}) "
            f"if hasattr(settings, n)}}, default=str))",
        ],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    actual = json.loads(output.stdout)
    assert len(actual) >= 20
    disagreeing = {
        name: (stated[name], value) for name, value in actual.items() if not same(stated[name], value)
    }
    assert disagreeing == {}, "README default, then the settings' default"


def same(stated, value):
    """The README's `60` for 60.0 too, `a,b` for a list, `media/` for that folder in the repository."""
    if isinstance(value, list):
        return stated == ",".join(value)
    if isinstance(value, float):
        return float(stated) == value
    if isinstance(value, str) and value.startswith(str(REPOSITORY)):
        return Path(value) == REPOSITORY / stated
    return stated == str(value)
