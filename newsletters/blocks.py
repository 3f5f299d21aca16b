"""StreamField blocks for community newsletters and blogs.

Paragraph, heading, image and quote come from ``cms.blocks`` so every app's
pages look alike; the blocks here are the ones a Neighbourhood Watch lead or a
community group needs for an issue: news items, scam warnings, meeting notices,
contacts, useful numbers, a button and a video that loads only when asked.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.blocks import SIMPLE_RICH_TEXT_FEATURES, HeadingBlock, ImageBlock, ParagraphBlock, QuoteBlock


class NewsItemBlock(blocks.StructBlock):
    """A short piece of news inside an issue: a headline and a few paragraphs."""

    headline = blocks.CharBlock(
        max_length=120, help_text="A few words that say what happened, e.g. 'New bins from April'."
    )
    text = blocks.RichTextBlock(
        features=SIMPLE_RICH_TEXT_FEATURES,
        help_text="The news itself, in short paragraphs.",
    )
    link = blocks.URLBlock(
        required=False,
        help_text="Optional. A web address where readers can find out more, starting https://",
    )

    class Meta:
        icon = "doc-full"
        group = "More for newsletters"
        label = "News item"
        template = "newsletters/blocks/news_item.html"
        description = "A piece of local news with its own headline."
        preview_value = {
            "headline": "Garden waste collections restart in March",
            "text": "<p>Brown bins are collected every other Tuesday from 3 March. "
            "The yearly charge is due by the end of February.</p>",
            "link": "https://www.birmingham.gov.uk/garden-waste",
        }


class SafetyAlertBlock(blocks.StructBlock):
    """A scam or crime warning that stands out, always with how to report it."""

    title = blocks.CharBlock(
        max_length=120, help_text="What to look out for, e.g. 'Fake council callers on Kings Road'."
    )
    details = blocks.RichTextBlock(
        features=SIMPLE_RICH_TEXT_FEATURES,
        help_text="What has happened and how people can keep themselves safe. Keep it calm and factual.",
    )
    how_to_report = blocks.TextBlock(
        default="Call 999 if a crime is happening now. Otherwise call 101, or report a scam to "
        "Action Fraud on 0300 123 2040.",
        help_text="Who to tell and how. The usual numbers are filled in: change them if needed.",
    )
    report_link = blocks.URLBlock(
        required=False,
        help_text="Optional. A web page where people can report it, e.g. https://www.actionfraud.police.uk/",
    )

    class Meta:
        icon = "warning"
        group = "More for newsletters"
        label = "Safety alert"
        template = "newsletters/blocks/safety_alert.html"
        description = "A warning about a scam or a crime, with how to report it. Shown in a red box."
        preview_value = {
            "title": "Doorstep callers claiming to be from the water board",
            "details": "<p>Two men have been knocking on doors asking to check the pipes. "
            "Real staff always carry an ID card and never mind you phoning to check.</p>",
            "how_to_report": "Call 999 if they are at your door now. Otherwise call 101.",
            "report_link": "https://www.actionfraud.police.uk/",
        }


class EventNoticeBlock(blocks.StructBlock):
    """A meeting or an event: what, when and where, so people can come."""

    title = blocks.CharBlock(max_length=120, help_text="What it is, e.g. 'Neighbourhood Watch meeting'.")
    date = blocks.DateBlock(help_text="The day it happens.")
    start_time = blocks.TimeBlock(required=False, help_text="Optional. When it starts.")
    end_time = blocks.TimeBlock(required=False, help_text="Optional. When it finishes.")
    place = blocks.CharBlock(
        max_length=200, help_text="Where it happens, e.g. 'Kingstanding Community Centre, Kings Road'."
    )
    about = blocks.TextBlock(
        required=False, help_text="Optional. What it is about and who is welcome, in a sentence or two."
    )

    class Meta:
        icon = "date"
        group = "More for newsletters"
        label = "Meeting or event"
        template = "newsletters/blocks/event_notice.html"
        description = "A meeting or event notice with the date, time and place."
        preview_value = {
            "title": "Neighbourhood Watch meeting",
            "date": datetime.date(2026, 3, 4),
            "start_time": datetime.time(19, 0),
            "end_time": datetime.time(20, 30),
            "place": "Kingstanding Community Centre, Kings Road",
            "about": "PCSO Ahmed will talk about bike thefts. Tea and biscuits provided.",
        }

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start_time"), value.get("end_time")
        if start and end and end <= start:
            raise StructBlockValidationError(
                block_errors={
                    "end_time": ErrorList([ValidationError("The end time must be after the start.")])
                }
            )
        return value


class ContactCardBlock(blocks.StructBlock):
    """Who to contact about something, with the ways to reach them."""

    name = blocks.CharBlock(max_length=100, help_text="A person's name or a group, e.g. 'Maureen Lewis'.")
    role = blocks.CharBlock(
        required=False, max_length=100, help_text="Optional. What they do, e.g. 'Watch coordinator'."
    )
    phone = blocks.CharBlock(
        required=False, max_length=30, help_text="Optional. A phone number. It will be shown publicly."
    )
    email = blocks.EmailBlock(
        required=False, help_text="Optional. An email address. It will be shown publicly."
    )
    note = blocks.CharBlock(
        required=False, max_length=200, help_text="Optional. When to call, e.g. 'Weekday evenings only'."
    )

    class Meta:
        icon = "user"
        group = "More for newsletters"
        label = "Contact card"
        template = "newsletters/blocks/contact_card.html"
        description = "A person or group to contact, with their phone number and email."
        preview_value = {
            "name": "Maureen Lewis",
            "role": "Watch coordinator",
            "phone": "0121 496 0000",
            "email": "watch@example.org",
            "note": "Weekday evenings, please.",
        }


class UsefulNumberBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=100, help_text="Who or what, e.g. 'Police (not an emergency)'.")
    number = blocks.CharBlock(max_length=30, help_text="The phone number, e.g. '101'.")
    note = blocks.CharBlock(required=False, max_length=150, help_text="Optional. Opening hours or a tip.")

    class Meta:
        icon = "mobile-alt"
        group = "More for newsletters"


class UsefulNumbersBlock(blocks.StructBlock):
    """A small table of phone numbers residents keep by the phone."""

    title = blocks.CharBlock(
        default="Useful numbers", max_length=80, help_text="The table's title, e.g. 'Useful numbers'."
    )
    numbers = blocks.ListBlock(UsefulNumberBlock(), help_text="One row per number. Drag to change the order.")

    class Meta:
        icon = "list-ul"
        group = "More for newsletters"
        label = "Useful numbers"
        template = "newsletters/blocks/useful_numbers.html"
        description = "A table of useful phone numbers, e.g. police, council, GP out of hours."
        preview_value = {
            "title": "Useful numbers",
            "numbers": [
                {"label": "Emergency", "number": "999", "note": ""},
                {"label": "Police (not an emergency)", "number": "101", "note": ""},
                {"label": "Action Fraud", "number": "0300 123 2040", "note": "Scams and fraud"},
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    """One clear button: come to the meeting, sign up, volunteer."""

    text = blocks.CharBlock(
        max_length=60, help_text="What happens when people press it, e.g. 'Join the Watch'. Not 'Click here'."
    )
    page = blocks.PageChooserBlock(required=False, help_text="A page on this website the button goes to…")
    url = blocks.URLBlock(
        required=False, help_text="…or the full address of a page elsewhere, starting https://"
    )

    class Meta:
        icon = "link-external"
        group = "More for newsletters"
        label = "Button"
        template = "newsletters/blocks/call_to_action.html"
        description = "A button that takes readers to one page: to sign up, volunteer or find out more."
        preview_value = {"text": "Join the Watch", "url": "https://www.ourwatch.org.uk/"}

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = ValidationError("Choose a page on this website or type an address, not both.")
            raise StructBlockValidationError(block_errors={"url": ErrorList([message])})
        return value


YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")


def embed_player_for(url):
    """(provider name, player address) for a video link, worked out from the link alone.

    No request is made to the provider: the player address follows from the
    link, so nothing leaves the reader's browser until they ask for the video.
    Returns None for links we cannot play in the page.
    """
    parts = urlsplit(url or "")
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    if host in {"youtu.be", "youtube.com", "youtube-nocookie.com"}:
        if host == "youtu.be":
            video_id = parts.path.strip("/")
        elif parts.path == "/watch":
            video_id = parse_qs(parts.query).get("v", [""])[0]
        else:
            segments = parts.path.strip("/").split("/")
            video_id = (
                segments[1] if len(segments) == 2 and segments[0] in {"embed", "shorts", "live"} else ""
            )
        if YOUTUBE_ID.match(video_id):
            return "YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host in {"vimeo.com", "player.vimeo.com"}:
        number = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if number.isdigit():
            return "Vimeo", f"https://player.vimeo.com/video/{number}?dnt=1"
    return None


class EmbedValue(blocks.StructValue):
    def provider(self):
        player = embed_player_for(self.get("url"))
        return player[0] if player else ""

    def player_url(self):
        player = embed_player_for(self.get("url"))
        return player[1] if player else ""


class ClickToLoadEmbedBlock(blocks.StructBlock):
    """A YouTube or Vimeo video that loads only when the reader asks for it.

    The page shows a link with the video's title; ``static/js/embeds.js`` swaps
    in the player when it is pressed. Until then the provider gets no request
    (and sets no cookie); without JavaScript the link opens the video on the
    provider's own site.
    """

    url = blocks.URLBlock(
        help_text="The address of a YouTube or Vimeo video, copied from the browser's address bar."
    )
    title = blocks.CharBlock(
        max_length=150, help_text="The video's title, so readers know what it is before they load it."
    )
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Optional. Words shown under the video."
    )

    class Meta:
        icon = "media"
        group = "More for newsletters"
        label = "Video"
        template = "newsletters/blocks/embed.html"
        description = "A YouTube or Vimeo video. It only loads when a reader chooses to play it."
        value_class = EmbedValue
        preview_value = {
            "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "title": "How to spot a courier scam",
            "caption": "A two-minute film from West Midlands Police.",
        }

    def clean(self, value):
        value = super().clean(value)
        if not embed_player_for(value.get("url")):
            message = ValidationError("Use the address of a YouTube or Vimeo video.")
            raise StructBlockValidationError(block_errors={"url": ErrorList([message])})
        return value


class DigestItemBlock(blocks.StructBlock):
    """One line of a place digest: a new post, a surgery or an event, with a link to it.

    The digest drafter (home.digests) fills these in; editors reorder, cut or reword them like
    any other block before the digest goes out.
    """

    kind = blocks.ChoiceBlock(
        choices=[
            ("post", "News"),
            ("surgery", "Surgery"),
            ("centre", "At a community centre"),
            ("elsewhere", "From elsewhere"),
        ],
        default="post",
        help_text="What it is: readers see it above the title.",
    )
    title = blocks.CharBlock(max_length=255, help_text="The title readers see, linked to the page.")
    date = blocks.DateBlock(required=False, help_text="Optional. When it was posted or when it happens.")
    time = blocks.TimeBlock(required=False, help_text="Optional. The time it starts, for events.")
    source = blocks.CharBlock(
        required=False,
        max_length=255,
        help_text="Optional. Where it comes from, e.g. the newsletter, blog or centre's name.",
    )
    excerpt = blocks.TextBlock(
        required=False,
        help_text="Optional. A sentence or two about it. Keep it short: readers click through.",
    )
    link = blocks.URLBlock(required=False, help_text="The full address of the page, starting https://")

    class Meta:
        icon = "list-ul"
        group = "Place digest"
        label = "Digest item"
        template = "newsletters/blocks/digest_item.html"
        description = "One post, surgery or event in a place digest, with a link to it."
        preview_value = {
            "kind": "post",
            "title": "New bins from April",
            "date": datetime.date(2026, 3, 4),
            "source": "Kingstanding Watch",
            "excerpt": "Brown bins are collected every other Tuesday from 3 March.",
            "link": "https://example.org/kingstanding/watch/new-bins/",
        }


class PostBodyBlock(blocks.StreamBlock):
    """Everything an issue or a post may contain."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    news_item = NewsItemBlock()
    safety_alert = SafetyAlertBlock()
    event = EventNoticeBlock()
    contact = ContactCardBlock()
    useful_numbers = UsefulNumbersBlock()
    quote = QuoteBlock()
    button = CallToActionBlock()
    video = ClickToLoadEmbedBlock()
    digest_item = DigestItemBlock()
