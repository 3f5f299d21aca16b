"""A front cache backend that remembers what it was asked to purge, for tests."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


def recorder(settings, django_capture_on_commit_callbacks):
    """For a ``purged_by`` fixture: ``purged_by(action)``, the URLs purged after ``action()`` commits."""
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "cms.tests.front_cache_recorder.RecordingBackend"}}

    def run(action):
        RecordingBackend.purged = []
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return set(RecordingBackend.purged)

    return run
