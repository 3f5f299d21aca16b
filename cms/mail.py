"""Rendering email from templates: every message has a plain-text part and an HTML part.

Apps send mail from tasks (never in a request): a task loads its rows by id,
calls ``build_email`` and sends. Templates live in ``templates/<app>/email/``:
``<name>_subject.txt``, ``<name>.txt`` and ``<name>.html``.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import translation

from wagtail import hooks

from cms.sites import page_site_url

# Hook through which the app that keeps each Site's settings says which address a Site's mail
# comes from: ``fn(site_id)`` returns an address, or "" for none. cms needs none of its models.
SENDER_HOOK = "email_sender_for_site"


def site_sender_address(page):
    """The sender address set for the Site ``page`` belongs to; "" when it has none (or no page).

    The Site comes from Wagtail's cached root paths, so this costs no query for the Site itself.
    """
    if page is None:
        return ""
    parts = page.get_url_parts()
    if not parts or parts[0] is None:
        return ""
    for lookup in hooks.get_hooks(SENDER_HOOK):
        address = lookup(parts[0])
        if address:
            return address
    return ""


def from_address(page):
    """The From of mail about ``page``: its town's own sender address when set, else DEFAULT_FROM_EMAIL."""
    return site_sender_address(page) or settings.DEFAULT_FROM_EMAIL


def render_subject(template_name, context):
    """A subject line as plain text on one line.

    A subject is a mail header, not HTML: with autoescaping a title such as
    "Makers' surgery" would arrive as "Makers&#x27; surgery".
    """
    template = engines["django"].get_template(template_name).template
    rendered = template.render(Context(context, autoescape=False))
    return " ".join(rendered.split())


def build_email(
    template_base, context, to, *, reply_to=None, headers=None, from_email=None, language=None, page=None
):
    """An EmailMultiAlternatives from ``<template_base>_subject.txt``, ``.txt`` and ``.html``.

    ``page``: what the message is about (a publication, a surgery). ``base_url`` in the
    templates is the root address of that page's Site, so a town's mail links to its own
    host; without one (mail about admin screens) it is ``WAGTAILADMIN_BASE_URL``. Unless
    ``from_email`` is given, the message comes from that Site's sender address when its
    settings have one (``from_address``), else from ``DEFAULT_FROM_EMAIL``.

    ``language``: the reader's language (a subscriber's or booker's, a newcomer's
    preferred one). Subject, both bodies and the links in them are written in it,
    and the HTML's ``<html lang dir>`` follows it. None keeps the active language.
    """
    with translation.override(language or translation.get_language()):
        context = {"base_url": page_site_url(page), **context}
        subject = render_subject(f"{template_base}_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{template_base}.txt", context),
            from_email=from_email or from_address(page),
            to=list(to),
            reply_to=list(reply_to) if reply_to else None,
            headers=headers or {},
        )
        message.attach_alternative(render_to_string(f"{template_base}.html", context), "text/html")
    return message
