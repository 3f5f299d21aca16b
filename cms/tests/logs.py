"""What the site's configured log handler writes, for tests that check what reaches the log."""

import io
import logging
from contextlib import contextmanager


@contextmanager
def site_log():
    """Collect everything the "console" handler (LOGGING in cms/settings/base.py) writes, filters and all."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    output = io.StringIO()
    previous = handler.setStream(output)
    try:
        yield output
    finally:
        handler.setStream(previous)
