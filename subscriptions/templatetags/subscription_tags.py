from django import template

from ..forms import SubscribeForm
from ..signup import consent_text

register = template.Library()


@register.simple_tag(takes_context=True)
def subscribe_form_for(context, publication):
    """An empty sign-up form for ``publication`` that remembers which page it was shown on."""
    request = context.get("request")
    source = request.build_absolute_uri() if request else ""
    return SubscribeForm(publication=publication, initial={"source": source})


@register.simple_tag
def consent_wording(publication):
    """The words shown beside the button, the same ones stored as the record of consent."""
    return consent_text(publication)
