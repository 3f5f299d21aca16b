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

from cms.sites import page_site_url


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
    host; without one (mail about admin screens) it is ``WAGTAILADMIN_BASE_URL``.

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
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            to=list(to),
            reply_to=list(reply_to) if reply_to else None,
            headers=headers or {},
        )
        message.attach_alternative(render_to_string(f"{template_base}.html", context), "text/html")
    return message
