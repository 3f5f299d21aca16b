from django.apps import AppConfig


class SurgeriesConfig(AppConfig):
    name = "surgeries"
    verbose_name = "Social media surgeries"

    def ready(self):
        from django.core import checks

        from . import calendars, signals

        signals.connect()
        checks.register(calendars.timezone_matches_calendar_rules)
