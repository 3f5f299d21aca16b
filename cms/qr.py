"""QR codes drawn on the server as inline SVG: no script, no external service, nothing fetched.

Printed newsletters carry one back to the post's page; a newcomer's invitation carries one so
they can open their link on a phone.
"""

import hashlib

from django.core.cache import cache
from django.utils.html import format_html
from django.utils.safestring import mark_safe

import segno


def qr_code_svg(data, title, *, scale=3, css_class="qr-code"):
    """An inline <svg> of ``data``, announced to screen readers as an image called ``title``.

    Error correction "m" survives a smudged or folded print. Black on white, whatever the
    page's colours, so every phone camera reads it.
    """
    svg = segno.make(data, error="m").svg_inline(
        scale=scale,
        border=2,
        title=title,
        dark="#000",
        light="#fff",
        svgclass=css_class,
        lineclass=None,
        omitsize=False,
    )
    labelled = svg.replace("<svg ", format_html('<svg role="img" aria-label="{}" ', title), 1)
    return mark_safe(labelled)  # noqa: S308 - segno's own markup; the title is escaped


# A QR code of a public address is the same drawing every time: kept for a month.
QR_CACHE_SECONDS = 30 * 24 * 60 * 60


def public_qr_code_svg(data, title, *, scale=3, css_class="qr-code"):
    """``qr_code_svg`` drawn once and then read from the cache (a post's page changes address only
    when it is moved or renamed, which makes a new key).

    Only for public addresses: the drawing, like its address, is stored in the shared cache, so
    never pass a link with a secret in it (an invitation).
    """
    key = "patchwork:qr:" + hashlib.sha256(repr((data, str(title), scale, css_class)).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = str(qr_code_svg(data, title, scale=scale, css_class=css_class))
        cache.set(key, svg, QR_CACHE_SECONDS)
    return mark_safe(svg)  # noqa: S308 - drawn by qr_code_svg above
