"""The demo town: a home page, places that nest, and the about/privacy/accessibility pages.

Other apps add their own content to the same town in their ``demo.py``; the
``load_demo`` command runs every step in order.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings as django_settings

from wagtail.models import Locale, Page, Site

from cms.demo import make_image, paragraphs

from .models import HomePage, PlacePage, SiteSettings, StandardPage

# (name, parent name or None, one-line description)
PLACES = [
    (
        "Kingstanding",
        None,
        "North Birmingham estate with a strong Neighbourhood Watch and a busy community centre.",
    ),
    (
        "Central Birmingham",
        None,
        "The city centre: libraries, voluntary groups and the Tuesday surgery at the library.",
    ),
    (
        "Digbeth",
        "Central Birmingham",
        "Creative quarter east of the centre, home to tenants' groups and arts collectives.",
    ),
    (
        "Handsworth",
        None,
        "Multilingual neighbourhood with allotment societies, faith groups and a tenants' association.",
    ),
    (
        "Wednesfield",
        None,
        "Village on the canal with a friendly residents' association and a monthly surgery.",
    ),
]


@dataclass
class DemoTown:
    """What the steps build on and add to: pages by name, so later steps can find them."""

    home: HomePage
    places: dict = field(default_factory=dict)
    centres: dict = field(default_factory=dict)
    publications: dict = field(default_factory=dict)


def publish(page):
    page.save_revision().publish()
    return page


def add_child(parent, page):
    parent.add_child(instance=page)
    return publish(page)


def build_town(log):
    """The site, its settings, its places and plain pages. Returns a DemoTown."""
    root = Page.get_first_root_node()
    locale = Locale.get_default()
    home = HomePage(
        title="Patchwork Birmingham",
        slug="birmingham",
        locale=locale,
        intro=paragraphs(
            "News from the neighbourhoods of Birmingham and the Black Country, written by the "
            "people who live there, and free help to get your group online."
        ),
        search_description="Local news, community centres and free social media surgeries in Birmingham.",
        image=make_image(
            "Rooftops of Birmingham", "Terraced houses with red and orange roofs under a blue sky."
        ),
    )
    root.add_child(instance=home)
    publish(home)

    # Point the default site at the new home page and drop Wagtail's placeholder page.
    # Full URLs (feeds, emails, canonical links) use the address the site is served on.
    base_url = urlsplit(django_settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    old_root_id = site.root_page_id
    site.hostname = base_url.hostname or "localhost"
    site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
    site.site_name, site.root_page = "Patchwork Birmingham", home
    site.save()
    if old_root_id and old_root_id != home.pk:
        Page.objects.filter(pk=old_root_id, depth=2).exclude(pk=home.pk).delete()

    settings = SiteSettings.for_site(site)
    settings.organisation_name = "Patchwork Birmingham"
    settings.contact_email = "hello@patchwork.example"
    settings.social_links = [
        ("link", {"service": "facebook", "url": "https://www.facebook.com/patchworkbirmingham"}),
        ("link", {"service": "mastodon", "url": "https://mastodon.social/@patchworkbrum"}),
    ]
    settings.save()

    town = DemoTown(home=home)
    for name, parent_name, description in PLACES:
        parent = town.places[parent_name] if parent_name else home
        town.places[name] = add_child(
            parent,
            PlacePage(
                title=name,
                intro=paragraphs(description),
                search_description=description,
                image=make_image(f"Streets of {name}", f"A row of houses in {name}."),
                show_in_menus=parent is home,
            ),
        )
    log(f"  {len(town.places)} places")

    for title, summary, body in STANDARD_PAGES:
        add_child(home, StandardPage(title=title, summary=summary, body=body, show_in_menus=True))
    log(f"  {len(STANDARD_PAGES)} plain pages")
    return town


def build_translations(town, log):
    """An Urdu home page and About page, so right-to-left reading is there from the start."""
    urdu, _ = Locale.objects.get_or_create(language_code="ur")
    home_ur = town.home.copy_for_translation(urdu)
    home_ur.title = "پیچ ورک برمنگھم"
    home_ur.intro = paragraphs(
        "برمنگھم کے محلوں کی خبریں، وہاں رہنے والوں کی زبانی، اور اپنے گروپ کو آن لائن لانے کے لیے مفت مدد۔"
    )
    publish(home_ur)
    about = StandardPage.objects.get(locale=town.home.locale, slug="about")
    about_ur = about.copy_for_translation(urdu)
    about_ur.title = "ہمارے بارے میں"
    about_ur.summary = "پیچ ورک رضاکاروں کا ایک گروپ ہے جو مقامی لوگوں کو آن لائن لکھنے میں مدد دیتا ہے۔"
    about_ur.body = [
        (
            "paragraph",
            paragraphs(
                "ہر مہینے ہم لائبریریوں اور کمیونٹی سینٹرز میں سوشل میڈیا سرجری کرتے ہیں۔ "
                "کوئی بھی آ سکتا ہے: محلے کی نگرانی کے گروپ، کرایہ داروں کی انجمنیں، کلب اور خیراتی ادارے۔"
            ),
        ),
    ]
    publish(about_ur)
    log("  Urdu translations of the home and About pages")


STANDARD_PAGES = [
    (
        "About",
        "Patchwork is run by volunteers who help local people and groups publish online.",
        [
            (
                "paragraph",
                paragraphs(
                    "Patchwork started in a Kingstanding library in 2024, when three volunteers offered "
                    "to help anyone who wanted to get their group online. Two years later we run free "
                    "social media surgeries across Birmingham every month.",
                    "A surgery is an informal drop-in. You bring your laptop or phone and your questions; "
                    "a volunteer sits with you and helps you start a newsletter, a blog or a Facebook page "
                    "for your Neighbourhood Watch, tenants' association, club or charity.",
                ),
            ),
            ("heading", {"text": "Who we help", "level": "h2"}),
            (
                "paragraph",
                paragraphs(
                    "Anyone doing something useful for their neighbourhood. You do not need to be "
                    "confident with computers: most of the people we help have never written for the web.",
                ),
            ),
            (
                "quote",
                {
                    "text": "I came in wanting to email forty neighbours. I left with a newsletter.",
                    "attribution": "Maureen, Kingstanding Neighbourhood Watch",
                },
            ),
        ],
    ),
    (
        "Privacy",
        "What we collect when you subscribe or book a surgery, why, and how long we keep it.",
        [
            (
                "paragraph",
                paragraphs(
                    "We collect as little as we can. Reading this website sets no cookies and we use no "
                    "analytics or advertising services.",
                ),
            ),
            ("heading", {"text": "Newsletters", "level": "h2"}),
            (
                "paragraph",
                paragraphs(
                    "When you subscribe to a newsletter we keep your email address, the words you agreed "
                    "to and when. You can leave with one click from any issue, and we then stop "
                    "sending you email straight away.",
                ),
            ),
            ("heading", {"text": "Surgery bookings", "level": "h2"}),
            (
                "paragraph",
                paragraphs(
                    "When you book a surgery we keep your name, email address and what you would like "
                    "help with, so the helpers can prepare. We delete these details a few months after "
                    "the surgery and keep only the numbers.",
                    "To see or remove what we hold about you, email hello@patchwork.example.",
                ),
            ),
        ],
    ),
    (
        "Accessibility",
        "How accessible this website is, what we are doing about the gaps, and how to report a problem.",
        [
            (
                "paragraph",
                paragraphs(
                    "We want everyone to be able to use this website. It aims to meet the Web Content "
                    "Accessibility Guidelines (WCAG) 2.2 at level AA. Every page is checked with automated "
                    "tools before it is released, and works with a keyboard, a screen reader and without "
                    "JavaScript.",
                ),
            ),
            ("heading", {"text": "Printing", "level": "h2"}),
            (
                "paragraph",
                paragraphs(
                    "Every newsletter issue prints on A4 paper, with the web address as a QR code, so "
                    "you can share it with neighbours who are not online.",
                ),
            ),
            ("heading", {"text": "Reporting a problem", "level": "h2"}),
            (
                "paragraph",
                paragraphs(
                    "If something does not work for you, email hello@patchwork.example and we will reply "
                    "within five working days.",
                ),
            ),
        ],
    ),
]


def build_centres(town, log):
    """Community centres in the demo places (filled in by the community-centres work)."""
