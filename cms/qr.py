"""QR codes drawn on the server as inline SVG: no script, no external service, nothing fetched.

Printed newsletters carry one back to the post's page; a newcomer's invitation carries one so
they can open their link on a phone.
"""

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
