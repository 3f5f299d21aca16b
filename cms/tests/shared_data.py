"""Test data built once for every test of a module, instead of once per test."""

import copy
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction


@contextmanager
def kept_for_the_module(django_db_blocker, media):
    """Rows made inside stay until the block ends, then are rolled back; files go to ``media``.

    For a module-scoped fixture that builds what its tests read: pytest-django runs each test in
    a savepoint inside this transaction, so what a test changes is undone after it, as usual. The
    module's tests must not use real transactions (``transaction=True``, a live server): one that
    does fails at once, saying so (``wagtail_base_rows`` in conftest.py). Python
    objects built here are shared too: hand each test a copy (``copy.deepcopy``) where it may
    change one (adding a child page changes the parent's child count in memory). Each test starts
    with ``MEDIA_ROOT`` in its own folder; a test that reads the files made here points it at
    ``media`` (``copy_for_the_test`` does both).
    """
    previous = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = media
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            settings.MEDIA_ROOT = previous


def copy_for_the_test(built, settings):
    """The test's own copy of what the module built (a dict with its ``media`` folder), and its files.

    ``settings`` is pytest-django's fixture, so ``MEDIA_ROOT`` goes back after the test.
    """
    settings.MEDIA_ROOT = built["media"]
    return copy.deepcopy(built)
