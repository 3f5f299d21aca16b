"""Two towns on two host names in one database: every link about town B's content goes to town B's host.

Aston is the first town (the default Site, and the address in WAGTAILADMIN_BASE_URL, as an
install that grew a second town would have it); Bilston has its own Site and host name. Each
kind of email, feed, calendar, sitemap, structured data and printed address about Bilston's
pages must name bilston.example.org and never aston.example.org.
"""

import datetime
import json
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Site

import feedparser
import icalendar
import pytest

from home.models import HomePage, PlacePage
from newsletters.models import PostPage, PublicationPage
from subscriptions import delivery
from subscriptions.models import Subscriber
from subscriptions.tasks import send_signup_email
from surgeries.models import Booking, BookingStatus, SurgeryPage
from surgeries.tasks import send_booking_confirmation, send_place_offered, send_reminder

ASTON = "aston.example.org"
BILSTON = "bilston.example.org"
URL = re.compile(r"""(?:https?|webcal)://([^/\s"'<>)\]]+)""")


def hosts(text):
    """Every host name an absolute link in ``text`` points at."""
    return {match.split(":")[0] for match in URL.findall(text)}


def assert_only_bilston(text):
    found = hosts(text)
    assert BILSTON in found, text[:2000]
    assert ASTON not in found, text[:2000]
    assert "testserver" not in found, text[:2000]


def everything_in(message):
    """Both bodies, the headers we set and any attached calendar (unfolded), as one text."""
    parts = [message.subject, message.body, *(content for content, _ in message.alternatives)]
    parts += [str(value) for value in message.extra_headers.values()]
    for attachment in message.attachments:
        content = attachment[1]
        content = content.decode() if isinstance(content, bytes) else str(content)
        parts.append(content.replace("\r\n ", ""))
    return "\n".join(parts)


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def towns(db, settings):
    """(Aston's home, Bilston's home): two HomePages, each the root of its own Site."""
    settings.WAGTAILADMIN_BASE_URL = f"http://{ASTON}"
    root = Page.get_first_root_node()
    aston = root.add_child(instance=HomePage(title="Aston", slug="aston"))
    bilston = root.add_child(instance=HomePage(title="Bilston", slug="bilston"))
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port, site.root_page, site.site_name = ASTON, 80, aston, "Aston"
    site.save()
    Site.objects.create(hostname=BILSTON, port=80, root_page=bilston, site_name="Bilston")
    return aston, bilston


@pytest.fixture
def bilston_place(towns):
    return towns[1].add_child(instance=PlacePage(title="Bilston Centre", slug="centre"))


@pytest.fixture
def newsletter(bilston_place):
    watch = PublicationPage(
        title="Bilston Watch",
        slug="watch",
        kind=PublicationPage.Kind.NEWSLETTER,
        contact_email="w@example.org",
    )
    bilston_place.add_child(instance=watch)
    return watch


@pytest.fixture
def issue(newsletter, picture):
    post = PostPage(
        title="March 2026",
        date=datetime.date(2026, 3, 1),
        intro="<p>Bins and the next meeting.</p>",
        body=[
            {"type": "paragraph", "value": '<p>See <a href="/centre/">the centre</a> news.</p>'},
            {
                "type": "image",
                "value": {
                    "image": {"image": picture.pk, "alt_text": "Houses.", "decorative": False},
                    "caption": "Spring",
                },
            },
        ],
        lead_image=picture,
    )
    newsletter.add_child(instance=post)
    return publish(post)


@pytest.fixture
def surgery(bilston_place):
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    page = SurgeryPage(
        title="Bilston surgery",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_address="Bilston Library\nMount Pleasant",
    )
    bilston_place.add_child(instance=page)
    return publish(page)


def subscriber(publication, status=Subscriber.Status.CONFIRMED, email="reader@example.org"):
    return Subscriber.objects.create(
        publication=publication,
        email=email,
        status=status,
        consent_text="Email me each issue.",
        consented_at=timezone.now(),
        confirmed_at=timezone.now() if status == Subscriber.Status.CONFIRMED else None,
    )


@pytest.fixture(autouse=True)
def empty_outbox():
    mail.outbox = []


@pytest.mark.django_db
def test_an_issue_sent_to_subscribers_links_only_to_its_own_town(issue, newsletter, settings):
    settings.NEWSLETTER_SEND_WORKERS = 0
    subscriber(newsletter)
    assert delivery.start_send(issue) == 1
    delivery.deliver(issue.pk)

    (message,) = mail.outbox
    text = everything_in(message)
    assert_only_bilston(text)
    assert f"http://{BILSTON}/centre/watch/march-2026/" in text
    assert f"http://{BILSTON}/subscriptions/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert f"http://{BILSTON}/media/" in text  # pictures too
    assert message.extra_headers["Message-ID"].endswith(f"@{BILSTON}>")
    assert message.extra_headers["List-Id"].endswith(f".{BILSTON}>")


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED])
def test_sign_up_confirmation_and_already_subscribed_emails_link_to_their_town(newsletter, status):
    send_signup_email.call(subscriber(newsletter, status=status).pk)

    (message,) = mail.outbox
    text = everything_in(message)
    assert_only_bilston(text)
    path = "confirm" if status == Subscriber.Status.PENDING else "unsubscribe"
    assert f"http://{BILSTON}/subscriptions/{path}/" in text


def booking(surgery, status=BookingStatus.BOOKED):
    return Booking.objects.create(
        surgery=surgery,
        role="attend",
        name="Maureen",
        email="maureen@example.com",
        status=status,
        hold_expires_at=timezone.now() + timedelta(hours=1) if status == BookingStatus.HELD else None,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("task", "status", "address"),
    [
        (send_booking_confirmation, BookingStatus.BOOKED, "cancel"),
        (send_reminder, BookingStatus.BOOKED, "cancel"),
        (send_place_offered, BookingStatus.HELD, "confirm"),
    ],
    ids=["booking confirmation", "reminder", "waiting-list offer"],
)
def test_booking_emails_and_their_calendar_link_to_the_surgerys_town(surgery, task, status, address):
    task.call(booking(surgery, status).pk)

    (message,) = mail.outbox
    text = everything_in(message)
    assert_only_bilston(text)
    assert f"http://{BILSTON}/surgeries/{address}/" in text
    (attachment,) = message.attachments
    (event,) = icalendar.Calendar.from_ical(attachment[1]).walk("VEVENT")
    assert str(event["URL"]) == f"http://{BILSTON}/centre/{surgery.slug}/"
    # The UID is the install's (the admin's host), not the town's: it survives a move to another host.
    assert str(event["UID"]) == f"surgery-{surgery.pk}@{ASTON}"


@pytest.mark.django_db
def test_an_invitation_links_to_the_newcomers_town_even_from_the_other_towns_admin(
    client, bilston_place, surgery, django_capture_on_commit_callbacks
):
    from handover.setup import Newcomer, set_up_newcomer

    helper = get_user_model().objects.create_superuser("sam", "sam@example.org", "pw-for-tests-only")
    newcomer = Newcomer(
        name="Maureen Lewis",
        email="maureen@example.org",
        group_name="Bilston Neighbourhood Watch",
        kind="newsletter",
        place=bilston_place,
        topics=("newsletter",),
        surgery=surgery,
    )
    with django_capture_on_commit_callbacks(execute=True):
        record = set_up_newcomer(newcomer, helper)

    (message,) = mail.outbox
    assert_only_bilston(everything_in(message))
    assert f"http://{BILSTON}/welcome/" in message.body

    # The helper's admin is open on Aston's address: the link to read out is still Bilston's.
    client.force_login(helper)
    response = client.get(reverse("handover_newcomers:handed_over", args=[record.pk]), HTTP_HOST=ASTON)
    assert response.status_code == 200
    assert f"http://{BILSTON}/welcome/" in response.content.decode()
    assert f"http://{ASTON}/welcome/" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_news_feeds_of_the_town_link_to_its_host(client, issue, newsletter, kind):
    for address in (f"/feeds/{kind}/", f"/feeds/publications/{newsletter.pk}/{kind}/"):
        response = client.get(address, HTTP_HOST=BILSTON)
        assert response.status_code == 200, address
        body = response.content.decode()
        feed = feedparser.parse(body)
        assert not feed.bozo, address
        assert [entry.link for entry in feed.entries] == [f"http://{BILSTON}/centre/watch/march-2026/"]
        assert_only_bilston(body)


@pytest.mark.django_db
def test_calendar_feed_and_webcal_links_use_the_towns_host(client, surgery):
    response = client.get("/surgeries/calendar.ics", HTTP_HOST=BILSTON)
    assert response.status_code == 200
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["URL"]) == f"http://{BILSTON}/centre/{surgery.slug}/"
    # The UID is the install's (the admin's host), not the town's: it survives a move to another host.
    assert str(event["UID"]) == f"surgery-{surgery.pk}@{ASTON}"
    assert_only_bilston(response.content.decode().replace("\r\n ", ""))

    listing = client.get("/surgeries/", HTTP_HOST=BILSTON).content.decode()
    assert f'href="webcal://{BILSTON}/surgeries/calendar.ics"' in listing
    assert ASTON not in hosts(listing)


@pytest.mark.django_db
def test_sitemap_of_each_town_lists_only_its_own_pages(client, issue, surgery, towns):
    index = client.get("/sitemap.xml", HTTP_HOST=BILSTON).content.decode()
    assert_only_bilston(index)
    pages = client.get("/sitemap-pages.xml", HTTP_HOST=BILSTON).content.decode()
    assert_only_bilston(pages)
    assert f"http://{BILSTON}/centre/watch/march-2026/" in pages

    aston_pages = client.get("/sitemap-pages.xml", HTTP_HOST=ASTON).content.decode()
    assert BILSTON not in hosts(aston_pages)


def json_ld(body):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    ]


@pytest.mark.django_db
def test_structured_data_qr_code_and_printed_address_of_a_post_use_its_towns_host(client, issue, monkeypatch):
    drawn = []
    import newsletters.sharing

    real = newsletters.sharing.public_qr_code_svg
    monkeypatch.setattr(
        newsletters.sharing,
        "public_qr_code_svg",
        lambda data, *args, **kwargs: drawn.append(data) or real(data, *args, **kwargs),
    )
    response = client.get("/centre/watch/march-2026/", HTTP_HOST=BILSTON)
    assert response.status_code == 200
    body = response.content.decode()

    (article,) = [data for data in json_ld(body) if data.get("@type") == "NewsArticle"]
    assert article["url"] == f"http://{BILSTON}/centre/watch/march-2026/"
    assert_only_bilston(json.dumps(json_ld(body)))
    assert drawn == [f"http://{BILSTON}/centre/watch/march-2026/"]
    printed = re.search(r'class="print-edition__url">([^<]+)<', body).group(1)
    assert printed == f"http://{BILSTON}/centre/watch/march-2026/"
    assert ASTON not in hosts(body)


@pytest.mark.django_db
def test_structured_data_of_a_surgery_uses_its_towns_host(client, surgery):
    body = client.get(f"/centre/{surgery.slug}/", HTTP_HOST=BILSTON).content.decode()
    data = json_ld(body)
    assert data
    assert_only_bilston(json.dumps(data))
    assert ASTON not in hosts(body)


@pytest.mark.django_db
def test_link_building_reads_sites_from_the_cache_not_per_page(issue, surgery, django_assert_num_queries):
    from cms.sites import page_site_url

    page_site_url(issue)  # the first call fills the cache of site root paths
    with django_assert_num_queries(0):
        assert page_site_url(issue) == f"http://{BILSTON}"
        assert page_site_url(surgery) == f"http://{BILSTON}"
        assert page_site_url(None) == f"http://{ASTON}"


@pytest.mark.django_db
def test_the_invitations_qr_code_holds_the_newcomers_towns_address(
    client, bilston_place, surgery, django_capture_on_commit_callbacks, monkeypatch
):
    """The helper shows the QR code on their phone at the surgery: it must open the newcomer's town."""
    import handover.views
    from handover.setup import Newcomer, set_up_newcomer

    drawn = []
    real = handover.views.qr_code_svg
    monkeypatch.setattr(
        handover.views,
        "qr_code_svg",
        lambda data, *args, **kwargs: drawn.append(data) or real(data, *args, **kwargs),
    )
    helper = get_user_model().objects.create_superuser("sam", "sam@example.org", "pw-for-tests-only")
    newcomer = Newcomer(
        name="Maureen Lewis",
        email="maureen@example.org",
        group_name="Bilston Neighbourhood Watch",
        kind="newsletter",
        place=bilston_place,
        topics=("newsletter",),
        surgery=surgery,
    )
    with django_capture_on_commit_callbacks(execute=True):
        record = set_up_newcomer(newcomer, helper)
    client.force_login(helper)
    response = client.get(reverse("handover_newcomers:handed_over", args=[record.pk]), HTTP_HOST=ASTON)
    assert response.status_code == 200
    (address,) = drawn
    assert address.startswith(f"http://{BILSTON}/welcome/")
