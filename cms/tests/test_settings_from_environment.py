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
