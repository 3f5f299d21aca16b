"""Newsletter issues as email: rendered once per send, addressed to each subscriber.

Mail clients are not browsers: CSS must be inline (``css_inline`` does it from
one stylesheet in the template), the layout is one column about 600 px wide,
every link and image address is absolute, and there is no script, tracking
pixel or rewritten link. Each StreamField block has an email template in
``templates/subscriptions/email/blocks/<block type>.html``; a block type added
later without one falls back to its web template, cleaned and made absolute,
so a new block never breaks a send.
"""

import html
import re
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, make_msgid
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

import css_inline
import nh3

from cms.html import absolutize_urls
from cms.mail import from_address
from cms.sites import page_site_url

# Stands in for the per-recipient unsubscribe address while the issue is rendered once.
UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/patchwork-unsubscribe-link"

# What a mail client may meet in a block's web template: text, links, pictures and
# tables with their classes and inline styles (the stylesheet is inlined into them);
# never a script, frame, form, embedded object or on* handler.
EMAIL_TAGS = nh3.ALLOWED_TAGS | {"section", "address", "picture", "source"}
EMAIL_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "style", "lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "source": {"srcset", "sizes", "media", "type"},
    "time": {"datetime"},
}


def absolute_urls(markup, base=None):
    """Make every link and image address absolute (mail has no "current site"): against ``base``,
    the root address of the issue's own Site, or WAGTAILADMIN_BASE_URL without one."""
    return absolutize_urls(markup, base or page_site_url(None))


def email_safe(markup):
    """Only what mail clients show and never run: an allow-list, so unknown tricks are dropped too."""
    return nh3.clean(markup, tags=EMAIL_TAGS, attributes=EMAIL_ATTRIBUTES, link_rel=None)


LINK = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.IGNORECASE | re.DOTALL)
BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|tr|table|figure|blockquote|section)\s*>|<br\s*/?>", re.IGNORECASE)
LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
CELL = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
STYLE_ELEMENT = re.compile(r"<style\b.*?</style\s*>", re.IGNORECASE | re.DOTALL)


def html_to_text(markup):
    """Readable plain text from our email HTML: links become "words (address)", blocks become lines."""

    def link(match):
        address, words = match.group(1), TAG.sub("", match.group(2)).strip()
        if address.startswith("mailto:") or address.startswith("tel:") or words == address:
            return words
        return f"{words} ({address})" if words else address

    text = STYLE_ELEMENT.sub("", email_safe(markup))
    text = LINK.sub(link, text)
    text = LIST_ITEM.sub("\n- ", text)
    text = CELL.sub("  ", text)
    text = BLOCK_END.sub("\n", text)
    text = html.unescape(TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def render_block_for_email(block, context):
    """One StreamField block as email HTML: its email template, or its web template made safe."""
    try:
        template = get_template(f"subscriptions/email/blocks/{block.block_type}.html")
    except TemplateDoesNotExist:
        markup = block.render_as_block(context=context)
        return mark_safe(absolute_urls(email_safe(str(markup)), context.get("base_url")))  # noqa: S308 - our own block templates
    return mark_safe(template.render({**context, "value": block.value, "block": block}))  # noqa: S308


def sender(publication):
    """(From, Reply-To list) for a publication's mail: its own name on the site's own address.

    The address is the town's own sender address when its Site's settings have one, else the
    one in DEFAULT_FROM_EMAIL (the domain the site is allowed to send for: SPF, DKIM); only
    the name people see is the publication's; replies go to the publication's reply-to
    address if it has one.
    """
    _, address = parseaddr(from_address(publication))
    name = publication.email_sender_name.strip() or publication.title
    reply_to = [publication.email_reply_to] if publication.email_reply_to else []
    return formataddr((name, address or settings.DEFAULT_FROM_EMAIL)), reply_to


class IssueEmail:
    """A PostPage rendered as email once, then addressed to any number of subscribers."""

    def __init__(self, post):
        self.post = post
        self.publication = post.get_publication()
        self.base = page_site_url(post)  # the issue's own town: its links and Message-IDs use that host
        self.host = urlsplit(self.base).hostname or "localhost"
        self.language = post.locale.language_code
        self._parts = {}

    @property
    def parts(self):
        """(subject, text, html) in the issue's own language."""
        return self.parts_in(self.language)

    def parts_in(self, language):
        """(subject, text, html) with the unsubscribe placeholder in both bodies, rendered once per language.

        The issue's own words stay as written; what the site adds round them (the
        footer, "read this issue on the website") is in the subscriber's ``language``,
        and ``<html lang dir>`` follows it, so an Urdu reader's mail reads right to left.
        """
        if language not in self._parts:
            self._parts[language] = self._render(language)
        return self._parts[language]

    def _render(self, language):
        with translation.override(language):
            context = {
                "post": self.post,
                "publication": self.publication,
                "base_url": self.base,
                "post_url": self.post.get_full_url() or self.base,
                "publication_url": self.publication.get_full_url() or self.base,
                "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
                "blocks": [
                    render_block_for_email(block, {"base_url": self.base}) for block in self.post.body
                ],
                "post_language": self.language,
                "post_language_bidi": translation.get_language_info(self.language)["bidi"],
            }
            markup = absolute_urls(render_to_string("subscriptions/email/issue.html", context), self.base)
            inlined = css_inline.inline(markup)
            context["blocks_text"] = [html_to_text(str(block)) for block in context["blocks"]]
            text = render_to_string("subscriptions/email/issue.txt", context)
        subject = f"{self.publication.title}: {self.post.title}"
        return subject, text, inlined

    @cached_property
    def sender(self):
        """(From, Reply-To list), worked out once for the whole send."""
        return sender(self.publication)

    @property
    def list_id(self):
        """RFC 2919: a stable name per newsletter, so mail clients can file and filter it."""
        return f"{self.publication.title} <newsletter-{self.publication.pk}.{self.host}>"

    def message_for(self, subscriber, unsubscribe_url, *, connection=None, message_id=None):
        """The issue addressed to one subscriber, with their own one-click unsubscribe link.

        ``message_id``: the send engine passes one derived from the delivery row,
        so a copy resent after a crash carries the same id and mail clients fold it.
        """
        subject, text, markup = self.parts_in(getattr(subscriber, "language", None) or self.language)
        from_email, reply_to = self.sender
        message = EmailMultiAlternatives(
            subject=subject,
            body=text.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url),
            from_email=from_email,
            to=[subscriber.email],
            reply_to=reply_to,
            connection=connection,
            headers={
                "Message-ID": message_id or make_msgid(domain=self.host),
                "List-Id": self.list_id,
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(markup.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url), "text/html")
        return message

    def test_message(self, email, *, connection=None):
        """A copy for an editor to check: marked as a test, and its unsubscribe link goes nowhere harmful."""
        message = self.message_for(_TestRecipient(email), self.publication.get_full_url() or self.base)
        message.subject = f"[Test] {message.subject}"
        for header in ("List-Unsubscribe", "List-Unsubscribe-Post"):
            message.extra_headers.pop(header, None)
        message.connection = connection
        return message


class _TestRecipient:
    def __init__(self, email):
        self.email = email
        self.language = None  # the issue's own
