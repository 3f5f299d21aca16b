"""HSTS preload is a one-way commitment: production leaves it off unless the operator opts in."""

import os
import subprocess
import sys

from django.conf import settings

import pytest

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "a-real-secret-key-with-more-than-fifty-random-characters-0123456789-xyz",
    "ALLOWED_HOSTS": "patchwork.example",
    "EMAIL_HOST": "smtp.patchwork.example",
    # A shared cache, as production needs (patchwork.W001); checking does not connect to it.
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def run_manage(*args, **extra_env):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_HSTS_PRELOAD"}
    }
    env.update(PRODUCTION_ENV, **extra_env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def preload_setting(**extra_env):
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)", **extra_env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_does_not_ask_browsers_to_preload_by_default():
    assert preload_setting() == "False"


def test_an_operator_can_opt_in_to_preload():
    assert preload_setting(SECURE_HSTS_PRELOAD="1") == "True"


@pytest.mark.parametrize("preload", ["0", "1"])
def test_the_deployment_checklist_stays_clean_either_way(preload):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_PRELOAD=preload)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
