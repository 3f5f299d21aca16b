"""Boxes that apps built on newsletters add beside a publication, such as a sign-up form.

newsletters does not know those apps (they depend on it, not the other way round):
an app registers a function under the Wagtail hook named ``PUBLICATION_ASIDE_HOOK``.
The function takes the template context and the publication and returns HTML, or
"" when it has nothing to add for that publication.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from wagtail import hooks

PUBLICATION_ASIDE_HOOK = "newsletters_publication_aside"

register = template.Library()


@register.simple_tag(takes_context=True)
def publication_asides(context, publication):
    """Every registered box for ``publication``, in the order the apps are installed."""
    boxes = [conditional_escape(box(context, publication)) for box in hooks.get_hooks(PUBLICATION_ASIDE_HOOK)]
    return mark_safe("".join(boxes))  # noqa: S308 - each part escaped above unless already safe
