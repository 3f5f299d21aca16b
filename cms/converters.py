"""URL path converters shared by every app."""

from django.urls.converters import IntConverter


class DatabaseIdConverter(IntConverter):
    """A row id short enough for any database's integer, so a silly number is a 404, not a 500.

    Registered as ``<id:...>`` in ``CmsConfig.ready``; use it for every id in a URL.
    """

    regex = "[0-9]{1,18}"
