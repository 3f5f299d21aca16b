"""An emailed issue on a small phone: nothing sticks out of a 320 px wide screen."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LONG_ADDRESS = "kingstanding.neighbourhood.watch.coordinator@community-association.example.org"
LONG_LINK = "https://www.birmingham.gov.uk/info/20017/waste_and_recycling/1234/garden_waste_collection_dates"


@pytest.fixture
def issue_with_long_words(place):
    from newsletters.models import PostPage, PublicationPage

    publication = place.add_child(
        instance=PublicationPage(
            title="Kingstanding Neighbourhood Watch",
            slug="watch",
            kind=PublicationPage.Kind.NEWSLETTER,
            contact_email=LONG_ADDRESS,
        )
    )
    body = [
        {"type": "heading", "value": {"text": "Bins", "level": "h2"}},
        {"type": "paragraph", "value": f"<p>Collection dates: {LONG_LINK} (or ask at the centre).</p>"},
        {
            "type": "contact",
            "value": {
                "name": "Maureen Lewis",
                "role": "Coordinator",
                "phone": "0121 496 0000",
                "email": LONG_ADDRESS,
                "note": "",
            },
        },
        {
            "type": "useful_numbers",
            "value": {
                "title": "Useful numbers",
                "numbers": [{"label": "Council", "number": "0121 303 1112", "note": LONG_ADDRESS}],
            },
        },
        {
            "type": "button",
            "value": {"text": "Sign up to the WhatsApp group", "page": None, "url": LONG_LINK},
        },
    ]
    post = PostPage(
        title="Supercalifragilisticexpialidocious-neighbourhood-update",
        date=datetime.date(2026, 3, 1),
        intro=f"<p>Write to {LONG_ADDRESS}.</p>",
        body=body,
    )
    publication.add_child(instance=post)
    return post


def test_an_issue_email_fits_a_320_pixel_screen(browser, issue_with_long_words):
    from subscriptions.rendering import IssueEmail

    _, _, markup = IssueEmail(issue_with_long_words).parts
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # an email opened offline: no images or fonts fetched
    page.set_content(markup)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > 320.5)
            .map(el => el.tagName + ': ' + el.textContent.trim().slice(0, 40))"""
    )
    context.close()
    assert scroll_width <= 320, too_wide
    assert not too_wide
