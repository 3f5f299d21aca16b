"""Bringing posts over from another blog or a feed (WordPress WXR, Blogger converted to WXR, RSS, Atom).

``wxr.read_source`` reads a file into plain dataclasses (no database); ``posts.import_posts``
makes or updates the posts of a publication from it.
"""

from .fetch import FetchError, fetch
from .posts import PostImportReport, import_posts
from .wxr import Source, SourceError, SourcePost, read_source

__all__ = [
    "FetchError",
    "PostImportReport",
    "Source",
    "SourceError",
    "SourcePost",
    "fetch",
    "import_posts",
    "read_source",
]
