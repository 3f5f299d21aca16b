"""A small town full of pictures, for the query-ceiling tests and the query bench.

``build_rich_site(count)`` makes every public page type with ``count`` items of
each kind below it, every item with its own picture, so a page that loads one
thing per item shows up as a page whose queries grow between 10 and 100 items.
It is quicker than the demo town (no drawing, few revisions) and reads no files.
"""

import datetime
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import time, timedelta

from django.core.files.images import ImageFile
from django.urls import reverse
from django.utils import timezone

from PIL import Image as PillowImage

from cms.tests.index_batches import filled_at_the_end

FIRST_POST = datetime.date(2020, 1, 6)


def small_image(title, colour=(40, 120, 80)):
    """A tiny PNG in the root collection: enough for Wagtail to draw renditions fast."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    buffer = io.BytesIO()
    PillowImage.new("RGB", (320, 200), colour).save(buffer, format="PNG")
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())
    return get_image_model().objects.create(
        title=title,
        description=f"A photo of {title}.",
        collection=Collection.get_first_root_node(),
        file=ImageFile(buffer, name=f"{slug}.png"),
    )


@dataclass
class RichSite:
    """The pages built, and the public addresses a reader can visit (by a short name)."""

    count: int
    home: object = None
    place: object = None
    centre: object = None
    publication: object = None
    post: object = None
    surgery: object = None
    standard: object = None
    urls: dict = field(default_factory=dict)


def make_home_page():
    """A live home page served by the default site at testserver (as the ``home_page`` fixture makes)."""
    from wagtail.models import Page, Site

    from home.models import HomePage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Test Town", slug="test-town"))
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port, site.root_page = "testserver", 80, home
    site.save()
    return home


def make_place(home_page):
    """Kingstanding, a place below the home page (as the ``place`` fixture makes)."""
    from home.models import PlacePage

    return home_page.add_child(instance=PlacePage(title="Kingstanding", slug="kingstanding"))


def build_rich_site(count, home_page=None):
    """Kingstanding with ``count`` of everything, all pictured, and its page translated into Urdu.

    Below ``home_page`` (a new one if not given; it gets a picture and an intro): a
    place with a picture; ``count`` sub-places and ``count`` community centres; a
    newsletter with a logo and ``count`` posts, each with its own lead picture, two
    tags, a named and an unnamed author; a community centre with ``count`` rooms (two
    photos each), activities and a blog with a logo and five posts (the centre shows
    three); ``count`` upcoming and ``count // 2`` past surgeries; an "About" page with
    a picture in its body; and an Urdu translation of the place. Returns a
    :class:`RichSite`. The reference index (the admin's "usage" counts) is not kept
    up, which halves the time it takes, the search index is filled once at the end,
    and pages are checked by their own rules only (``pages_checked_by_their_own_rules``).
    """
    from wagtail.signal_handlers import disable_reference_index_auto_update

    with (
        disable_reference_index_auto_update(),
        filled_at_the_end("search_index"),
        pages_checked_by_their_own_rules(),
    ):
        return _build(count, home_page)


@contextmanager
def pages_checked_by_their_own_rules():
    """Pages and revisions saved inside run their ``clean()`` but not Django's field-by-field checks.

    ``full_clean`` also checks that the row of every foreign key exists and that unique fields are
    free, a query each: a third of the 100-item town's queries, for rows the builder has just
    made. ``clean()`` still fills in what it derives (a post's descriptions) and checks each
    slug is free, so the pages come out as they did.
    """
    from wagtail.models import Page

    def full_clean(page, *args, **kwargs):
        page._set_core_field_defaults()  # what Wagtail's full_clean adds: slug, draft title, language
        page.clean()

    checked = Page.full_clean
    Page.full_clean = full_clean
    try:
        yield
    finally:
        Page.full_clean = checked


def _build(count, home_page):
    from wagtail.models import Locale

    from home.models import (
        CentreRoom,
        CommunityCentrePage,
        Facility,
        OpeningHours,
        PlacePage,
        RegularActivity,
        RoomPhoto,
        StandardPage,
    )
    from newsletters.models import Author, PublicationPage
    from surgeries.models import SurgeryPage

    home_page = home_page or make_home_page()
    site = RichSite(count=count, home=home_page)
    images = [small_image(f"Picture {n}", (n * 2 % 255, 120, 80)) for n in range(count)]
    home_page.intro = "<p>News from every street.</p>"
    home_page.image = small_image("Town skyline")
    home_page.save_revision().publish()

    site.place = home_page.add_child(
        instance=PlacePage(
            title="Kingstanding", slug="kingstanding", intro="<p>Our estate.</p>", image=images[0]
        )
    )
    for n in range(count):
        site.place.add_child(instance=PlacePage(title=f"Street {n}", slug=f"street-{n}", image=images[n]))

    named = Author.objects.create(name="Maureen Lewis", slug="maureen-lewis", show_publicly=True)
    unnamed = Author.objects.create(name="Susan Clarke", slug="susan-clarke", show_publicly=False)
    site.publication = site.place.add_child(
        instance=PublicationPage(
            title="Kingstanding Watch",
            slug="watch",
            intro="<p>Monthly news from the Watch.</p>",
            logo=small_image("Watch logo"),
            contact_email="watch@example.org",
        )
    )
    posts = add_posts(site.publication, images, named, unnamed)
    site.post = posts[count // 2]

    site.centre = site.place.add_child(
        instance=CommunityCentrePage(
            title="Kingstanding Community Centre",
            slug="centre",
            address="Kingstanding Circle\nBirmingham",
            postcode="B44 9QH",
            image=images[0],
            opening_hours=[OpeningHours(weekday=day, opens=time(9), closes=time(17)) for day in range(5)],
            rooms=[
                CentreRoom(
                    name=f"Room {n}",
                    capacity=20,
                    photos=[RoomPhoto(image=images[n]), RoomPhoto(image=images[(n + 1) % count])],
                )
                for n in range(count)
            ],
            activities=[
                RegularActivity(weekday=n % 7, starts_at=time(10), ends_at=time(11), name=f"Activity {n}")
                for n in range(count)
            ],
        )
    )
    site.centre.facilities.set(
        [Facility.objects.create(name="Free Wi-Fi"), Facility.objects.create(name="Kitchen")]
    )
    site.centre.save_revision().publish()
    blog = site.centre.add_child(
        instance=PublicationPage(title="Centre news", slug="news", kind="blog", logo=small_image("Blog logo"))
    )
    add_posts(blog, images[:5], named, unnamed, slug="centre-post")
    for n in range(count - 1):
        site.place.add_child(
            instance=CommunityCentrePage(
                title=f"Hall {n}",
                slug=f"hall-{n}",
                address="High Street",
                postcode="B44 9QH",
                image=images[n],
            )
        )

    start = timezone.now().replace(microsecond=0)
    for n in range(count):
        for days, name in ((n + 1, "upcoming"), (-n - 1, "past"))[: 1 if n >= count // 2 else 2]:
            surgery = site.place.add_child(
                instance=SurgeryPage(
                    title=f"Social media surgery {name} {n}",
                    slug=f"surgery-{name}-{n}",
                    starts_at=start + timedelta(days=days),
                    ends_at=start + timedelta(days=days, hours=2),
                    venue=site.centre if n % 2 else None,
                    venue_address="" if n % 2 else "Kingstanding Library",
                )
            )
            if name == "upcoming" and n == count // 2 + (1 - count // 2 % 2):  # odd: at the centre
                site.surgery = surgery

    site.standard = home_page.add_child(
        instance=StandardPage(
            title="About",
            slug="about",
            intro="<p>Who we are.</p>",
            body=[
                {"type": "paragraph", "value": "<p>We began in a library.</p>"},
                {
                    "type": "image",
                    "value": {
                        "image": {"image": images[0].pk, "alt_text": "The library", "decorative": False},
                        "caption": "Where we began",
                    },
                },
            ],
        )
    )

    urdu, _ = Locale.objects.get_or_create(language_code="ur")
    translation = site.place.copy_for_translation(urdu, copy_parents=True)
    translation.title = "کنگ اسٹینڈنگ"
    translation.save_revision().publish()  # its parents come as live aliases of the English pages

    add_posts_from_elsewhere(site.place, count)
    site.urls = site_urls(site)
    return site


def add_posts_from_elsewhere(place, count):
    """An approved blog from elsewhere on the place and one on its first sub-place, ``count`` posts each."""
    from django.utils import timezone

    from planet.models import ExternalFeed, ExternalItem

    street = place.get_children().first()
    for where in (place, street):
        feed = ExternalFeed.objects.create(
            place_id=where.pk, url=f"https://blog.example.org/{where.slug}/feed/", title=f"{where.title} blog"
        )
        feed.status = ExternalFeed.Status.APPROVED
        feed.save()
        ExternalItem.objects.bulk_create(
            ExternalItem(
                feed=feed,
                guid=f"{where.slug}-{n}",
                title=f"Elsewhere {where.slug} {n}",
                link=f"https://blog.example.org/{where.slug}/{n}/",
                published=timezone.now() - timedelta(hours=n),
                excerpt="A few words.",
            )
            for n in range(count)
        )


def add_posts(publication, images, named, unnamed, slug="issue"):
    from newsletters.models import PostPage

    posts = []
    for n, image in enumerate(images):
        post = PostPage(
            title=f"Issue {n + 1}",
            slug=f"{slug}-{n + 1}",
            date=FIRST_POST + timedelta(weeks=n),
            intro=f"<p>What happened in week {n + 1}.</p>",
            lead_image=image,
            body=[
                ("heading", {"text": f"News for week {n + 1}", "level": "h2"}),
                ("paragraph", '<p>Read <a href="/kingstanding/">more about Kingstanding</a>.</p>'),
            ],
        )
        post.tags.add("bins", "scams" if n % 2 else "meetings")
        post.authors.set([named, unnamed])
        publication.add_child(instance=post)
        posts.append(post)
    return posts


def site_urls(site):
    """{short name: address} of every public page and feed a reader can visit."""
    from newsletters.listing import cursor_of

    watch = site.publication.url
    post_date = site.post.date
    return {
        "home": "/",
        "place": site.place.url,
        "place (Urdu)": "/ur" + site.place.url,
        "centre": site.centre.url,
        "publication": watch,
        "publication page 2": watch + "?" + cursor_of(site.post),
        "archive": watch + "archive/",
        "archive year": watch + f"archive/{post_date.year}/",
        "archive month": watch + f"archive/{post_date.year}/{post_date.month}/",
        "tag": watch + "tags/bins/",
        "author": watch + "authors/maureen-lewis/",
        "post": site.post.url,
        "surgery": site.surgery.url,
        "surgery calendar": site.surgery.url + "calendar/",
        "surgeries": reverse("surgeries:upcoming"),
        "past surgeries": reverse("surgeries:past"),
        "place surgeries": reverse("surgeries:place_upcoming", args=[site.place.pk]),
        "standard page": site.standard.url,
        "search": reverse("search") + "?query=Kingstanding",
        "sitemap": "/sitemap.xml",
        "sitemap page": "/sitemap-pages.xml?p=1",
        "site RSS": reverse("newsletters:site_rss"),
        "site Atom": reverse("newsletters:site_atom"),
        "publication RSS": reverse("newsletters:publication_rss", args=[site.publication.pk]),
        "tag RSS": reverse("newsletters:tag_rss", args=["bins"]),
        "author Atom": reverse("newsletters:author_atom", args=["maureen-lewis"]),
        "place RSS": reverse("newsletters:place_rss", args=[site.place.pk]),
        "site calendar": reverse("surgeries:site_ical"),
        "place calendar": reverse("surgeries:place_ical", args=[site.place.pk]),
    }
