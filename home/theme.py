"""The town's own colour as a tiny stylesheet, so pages need no inline style and stay cacheable.

The strict Content-Security-Policy (``style-src 'self'``) refuses ``<style>`` blocks and
``style`` attributes, so base.html links ``site-theme.css?v=<colour>`` when the Site has a
primary colour. The address changes with the colour, so browsers and front caches may keep
the stylesheet for a year; an old address only ever asks for a colour no longer used.
"""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from wagtail.models import Site

from .colours import HEX_COLOUR
from .models import SiteSettings

ONE_YEAR = 365 * 24 * 60 * 60
ONE_HOUR = 60 * 60


def theme_colour(site):
    """The Site's accepted primary colour, or "" when it has none (the stylesheet's own green stays)."""
    if site is None:
        return ""
    colour = SiteSettings.for_site(site).primary_colour
    return colour.lower() if HEX_COLOUR.match(colour or "") else ""


@require_safe
def site_theme(request):
    colour = theme_colour(Site.find_for_request(request))
    css = f":root {{ --brand: {colour}; }}\n" if colour else ""
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    current = colour and request.GET.get("v", "").lower() == colour[1:]
    max_age = ONE_YEAR if current else ONE_HOUR
    patch_cache_control(response, public=True, max_age=max_age, s_maxage=max_age, immutable=bool(current))
    return response
