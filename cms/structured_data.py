"""schema.org structured data (JSON-LD) written into a page, the one way every app does it.

A JSON-LD block is data, not code, so the Content-Security-Policy lets it through without a
nonce; but it still sits inside <script>, where a title such as "</script><script>..." typed
by an editor would end the block early. The characters that could do that are written as
JSON escapes, which a search engine reads back as the same text.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# json.dumps leaves these as they are. "<", ">" and "&" could close the script or open a
# comment; U+2028/U+2029 end a line for some older JavaScript parsers.
SCRIPT_SAFE_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld_text(data):
    """The JSON of ``data``, safe to place between <script> and </script>.

    Dates and decimals are written as Django writes them (ISO 8601, plain numbers).
    """
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE_ESCAPES)


def json_ld_script(data):
    """A complete <script type="application/ld+json"> element holding ``data``."""
    text = mark_safe(json_ld_text(data))  # noqa: S308 - every character that could end the script is escaped
    return format_html('<script type="application/ld+json">{}</script>', text)
