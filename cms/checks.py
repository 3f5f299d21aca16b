"""System checks that stop a misconfigured production site from starting."""

from django.conf import settings
from django.core import checks

# Backends that accept a message and deliver it to nobody.
UNDELIVERED_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints every message (and its links) to the log",
    "django.core.mail.backends.locmem.EmailBackend": "keeps every message in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws every message away",
    "django.core.mail.backends.filebased.EmailBackend": "writes every message to a file",
}


@checks.register(checks.Tags.security)
def email_is_really_sent(app_configs, **kwargs):
    """Booking confirmations and sign-up links must reach people, and must not sit in a log.

    Development (DEBUG) and the test settings may keep mail to themselves
    (ALLOW_UNDELIVERED_EMAIL); a production site may not.
    """
    if settings.DEBUG or settings.ALLOW_UNDELIVERED_EMAIL:
        return []
    what = UNDELIVERED_EMAIL_BACKENDS.get(settings.EMAIL_BACKEND)
    if what is None:
        return []
    return [
        checks.Error(
            f"No email would be delivered: EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which {what}.",
            hint=(
                "Set EMAIL_HOST (with EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_PORT) to your "
                "mail provider's SMTP server, or EMAIL_BACKEND to another real backend."
            ),
            id="patchwork.E001",
        )
    ]


# Caches that live inside one process: another process never sees what is stored or renewed there.
PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def cache_is_shared(app_configs, **kwargs):
    """Every process must see a change another process made (``manage.py check --deploy``).

    Routed pages, listings, menus, page translations, page view restrictions, centre details and
    drawn parts are kept under one cache generation that a change renews (``cms.site_cache``).
    In each process's own memory, a publish by the scheduler, an import in the task worker or an
    edit handled by another gunicorn worker renews only that process's generation.
    """
    backend = settings.CACHES.get("default", {}).get("BACKEND")
    if settings.DEBUG or backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        checks.Warning(
            "The cache is each process's own memory (REDIS_URL is not set): a change made in one "
            "process (a scheduled publish, an import, another gunicorn worker) reaches the pages, "
            "menus, listings and other parts the others keep only when their copies expire, up to "
            "an hour later.",
            hint="Set REDIS_URL to a Redis server every process of the site reaches.",
            id="patchwork.W001",
        )
    ]
