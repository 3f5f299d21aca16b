"""HSTS preload is a one-way commitment: production leaves it off unless the operator opts in."""

from .production import check_deploy, manage_in_production


def preload_setting(**extra_env):
    result = manage_in_production(
        "shell", "-c", "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)", **extra_env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_does_not_ask_browsers_to_preload_by_default():
    assert preload_setting() == "False"


def test_an_operator_can_opt_in_to_preload():
    assert preload_setting(SECURE_HSTS_PRELOAD="1") == "True"


def test_the_deployment_checklist_stays_clean_with_preload_on():
    """And with it off, as by default (cms/tests/test_http.py)."""
    result = check_deploy(SECURE_HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
