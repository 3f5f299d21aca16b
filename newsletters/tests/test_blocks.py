"""Every block renders with its own template, and the video makes no request until asked."""

import datetime

from django.core.exceptions import ValidationError

from wagtail.blocks import StructBlock

import pytest

from newsletters.blocks import (
    CallToActionBlock,
    ClickToLoadEmbedBlock,
    EventNoticeBlock,
    PostBodyBlock,
    embed_player_for,
)

BODY = PostBodyBlock()


def help_text_of(block):
    form_field = getattr(block, "field", None)
    return getattr(block.meta, "help_text", None) or getattr(form_field, "help_text", "")


def test_every_block_has_an_icon_a_template_a_description_and_help_for_each_field():
    for name, block in BODY.child_blocks.items():
        assert block.meta.icon and block.meta.icon != "placeholder", name
        assert block.meta.template, name
        assert block.meta.description, name
        if isinstance(block, StructBlock):
            for field_name, field in block.child_blocks.items():
                assert help_text_of(field), f"{name}.{field_name}"


@pytest.mark.parametrize("name", [name for name in BODY.child_blocks if name != "image"])
def test_every_block_renders_its_preview_value_with_its_own_template(name):
    block = BODY.child_blocks[name]
    html = block.render(block.get_preview_value())
    assert html.strip()
    assert "<script" not in html
    assert 'style="' not in html


def test_the_image_block_renders_with_its_alt_text_and_caption(db, picture):
    block = BODY.child_blocks["image"]
    picture.contextual_alt_text = "Houses on Kings Road."
    html = block.render(
        block.to_python(
            {
                "image": {"image": picture.pk, "alt_text": "Houses on Kings Road.", "decorative": False},
                "caption": "Kings Road in May",
            }
        )
    )
    assert 'alt="Houses on Kings Road."' in html
    assert "<figcaption>Kings Road in May</figcaption>" in html


def test_headings_are_h2_to_h4_only():
    choices = [
        value for value, _ in BODY.child_blocks["heading"].child_blocks["level"].field.choices if value
    ]
    assert choices == ["h2", "h3", "h4"]


def test_the_safety_alert_says_how_to_report_it():
    block = BODY.child_blocks["safety_alert"]
    html = block.render(block.get_preview_value())
    assert "How to report it" in html and "Call 999" in html
    assert 'class="block-alert"' in html


def test_the_event_notice_gives_machine_readable_date_and_time():
    block = BODY.child_blocks["event"]
    html = block.render(block.get_preview_value())
    assert '<time datetime="2026-03-04T19:00">Wednesday 4 March 2026</time>' in html
    assert "Kingstanding Community Centre" in html


def test_the_useful_numbers_table_has_headers_and_phone_links():
    block = BODY.child_blocks["useful_numbers"]
    html = block.render(block.get_preview_value())
    assert "<caption>Useful numbers</caption>" in html
    assert '<th scope="row">Action Fraud</th>' in html
    assert 'href="tel:03001232040"' in html


def test_the_video_is_a_link_until_the_reader_asks_for_it():
    block = ClickToLoadEmbedBlock()
    html = block.render(block.get_preview_value())
    assert "<iframe" not in html
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert "How to spot a courier scam" in html
    assert "YouTube" in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            ("YouTube", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        ),
        ("https://youtu.be/aqz-KE-bpKQ", ("YouTube", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ")),
        (
            "https://m.youtube.com/shorts/aqz-KE-bpKQ",
            ("YouTube", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        ),
        ("https://vimeo.com/76979871", ("Vimeo", "https://player.vimeo.com/video/76979871?dnt=1")),
        ("https://www.youtube.com/watch?v=<script>", None),
        ("https://evil.example/watch?v=aqz-KE-bpKQ", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_player_addresses_are_worked_out_from_the_link_alone(url, expected):
    assert embed_player_for(url) == expected


def test_a_video_from_an_unknown_site_is_refused():
    block = ClickToLoadEmbedBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"url": "https://example.org/film", "title": "A film", "caption": ""}))


def test_an_event_cannot_end_before_it_starts():
    block = EventNoticeBlock()
    value = block.to_python(
        {
            "title": "Meeting",
            "date": datetime.date(2026, 3, 4).isoformat(),
            "start_time": "19:00",
            "end_time": "18:00",
            "place": "The centre",
            "about": "",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.parametrize("link", [{}, {"url": "https://example.org", "page": 1}])
def test_a_button_goes_to_exactly_one_place(db, home_page, link):
    block = CallToActionBlock()
    data = {"text": "Join", "url": link.get("url", ""), "page": home_page.pk if link.get("page") else None}
    with pytest.raises(ValidationError):
        block.clean(block.to_python(data))


def test_a_button_to_a_page_on_this_site_renders(db, home_page):
    block = CallToActionBlock()
    html = block.render(block.to_python({"text": "Home", "url": "", "page": home_page.pk}))
    assert '<a class="button" href="/">Home</a>' in html
