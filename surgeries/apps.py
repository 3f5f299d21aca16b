from django.apps import AppConfig


class SurgeriesConfig(AppConfig):
    name = "surgeries"
    verbose_name = "Social media surgeries"

    def ready(self):
        from . import signals

        signals.connect()
