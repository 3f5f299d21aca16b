"""``manage.py`` run with the production settings, as an operator would start it."""

import os
import subprocess
import sys

from django.conf import settings

# What production needs to start: a real secret key, its host name, a mail server (patchwork.E001)
# and a cache the processes share (patchwork.W001; checking does not connect to it).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "k9#Vq2!xL7@pR4$wZ8^mN3&bT6*hJ1(cF5)gD0-sY9_eA2+uK7=oI4",
    "ALLOWED_HOSTS": "patchwork.example",
    "EMAIL_HOST": "smtp.patchwork.example",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}
# Set by the test run or a developer's shell, not by the operator these tests play (the browser
# tests, for one, allow sync ORM calls beside Playwright's event loop: DJANGO_ALLOW_ASYNC_UNSAFE).
NOT_PASSED_ON = ("EMAIL_", "DJANGO_", "REDIS_URL", "SECURE_HSTS_PRELOAD")


def manage_in_production(*args, without=(), **env):
    """``manage.py *args`` with PRODUCTION_ENV (less the names in ``without``) and ``env``."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith(NOT_PASSED_ON)}
    environment.update({name: value for name, value in PRODUCTION_ENV.items() if name not in without}, **env)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check_deploy(**kwargs):
    """``manage.py check --deploy --fail-level WARNING`` in production (arguments as above)."""
    return manage_in_production("check", "--deploy", "--fail-level", "WARNING", **kwargs)
