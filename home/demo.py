"""The demo town: a home page, places that nest, and the about/privacy/accessibility pages.

Other apps add their own content to the same town in their ``demo.py``; the
``load_demo`` command runs every step in order.
"""

import html
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings as django_settings

from wagtail.models import Locale, Page, Site

from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from cms.demo import make_image, paragraphs

from .demo_words import DEMO_WORDS
from .hours import local_now
from .models import (
    CentreRoom,
    CommunityCentrePage,
    Facility,
    HomePage,
    OpeningHours,
    OpeningHoursException,
    PlacePage,
    RegularActivity,
    RoomPhoto,
    SiteSettings,
    StandardPage,
)

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
        add_child(home, StandardPage(title=title, intro=paragraphs(summary), body=body, show_in_menus=True))
    log(f"  {len(STANDARD_PAGES)} plain pages")
    return town


def add_translated_strings(instance, locale, words):
    """Extract ``instance``'s segments as wagtail-localize's editor does and translate those in ``words``.

    Returns the translation source. Anything not in ``words`` stays in the source language
    until a volunteer translates it in the admin.
    """
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = words.get(html.unescape(StringValue(segment.string.data).render_text()))
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": StringValue.from_plaintext(text).data},
            )
    return source


def translate_page(page, locale, words):
    """Translate ``page`` the way wagtail-localize's editor does, and publish the translation.

    The page's segments are extracted, each English segment found in ``words`` gets its
    translation, and wagtail-localize builds the translated page (anything not in ``words``
    stays in English until a volunteer translates it in the admin).
    """
    source = add_translated_strings(page, locale, words)
    translated, _ = source.create_or_update_translation(locale, publish=False, fallback=True)
    # Published now rather than when the transaction commits (as the editor's button does),
    # so the translation is live inside the demo's transaction and a test's.
    translated.get_latest_revision().publish()
    translated.refresh_from_db()
    return translated


def translate_snippet(instance, locale, words):
    """Translate a translatable snippet (a facility) as the snippet editor's "Translate" does."""
    source = add_translated_strings(instance, locale, words)
    translated, _ = source.create_or_update_translation(locale, fallback=True)
    return translated


def translated_demo_pages(town):
    """The pages the demo's volunteers translated, parents first: the home page, About, and one
    page of each public type, all in Handsworth (a place, its hall, the allotments blog, one of
    its posts and the Handsworth surgery)."""
    handsworth = town.places["Handsworth"]
    blog = town.publications["Handsworth Park Allotments blog"]
    live = Page.objects.live()
    return [
        town.home,
        StandardPage.objects.get(locale=town.home.locale, slug="about"),
        handsworth,
        town.centres["Handsworth Village Hall"],
        blog,
        live.child_of(blog).get(slug="seed-swap-on-saturday").specific,
        live.child_of(handsworth).get(slug="handsworth-surgery-for-tenants-and-residents-groups").specific,
    ]


def build_translations(town, log):
    """Every configured language, and the demo's pages and facilities in Urdu, Arabic and Polish.

    Made through wagtail-localize as the admin's editor makes them, so a volunteer can carry on
    from any of them (and translate any other page from its "Translate" menu).
    """
    for code, _name in django_settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    pages = translated_demo_pages(town)
    facilities = list(Facility.objects.filter(locale=town.home.locale))
    for code, words in DEMO_WORDS.items():
        locale = Locale.objects.get(language_code=code)
        for facility in facilities:
            translate_snippet(facility, locale, words)
        for page in pages:
            translate_page(page, locale, words)
    log(
        f"  {len(pages)} pages and {len(facilities)} facilities in "
        f"{', '.join(sorted(DEMO_WORDS))} (wagtail-localize)"
    )


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


FACILITIES = [
    ("Free Wi-Fi", "Ask at reception for the password."),
    ("Kitchen", "Fridge, oven, urn and crockery for 80."),
    ("Projector and screen", "HDMI lead provided."),
    ("Baby changing", ""),
    ("Garden", "Raised beds and benches, open in daylight hours."),
    ("Tables and chairs", ""),
    ("Stage and PA system", ""),
]

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def next_christmas(today):
    """Christmas Day this year, or next year once it has passed."""
    christmas = date(today.year, 12, 25)
    return christmas if christmas >= today else date(today.year + 1, 12, 25)


def first_monday_of_may(year):
    first = date(year, 5, 1)
    return first + timedelta(days=(MON - first.weekday()) % 7)


def next_early_may_bank_holiday(today):
    holiday = first_monday_of_may(today.year)
    return holiday if holiday >= today else first_monday_of_may(today.year + 1)


def weekly_hours(days, opens, closes):
    return [OpeningHours(weekday=day, opens=time(*opens), closes=time(*closes)) for day in days]


def room_photos(centre_name, room_name, count):
    return [
        RoomPhoto(
            sort_order=number,
            image=make_image(
                f"{room_name}, {centre_name} ({number})",
                f"The {room_name.lower()} at {centre_name}, set out with tables and chairs.",
            ),
        )
        for number in range(1, count + 1)
    ]


def activity(day, start, end, name, run_by="", contact="", details=""):
    return RegularActivity(
        weekday=day,
        starts_at=time(*start),
        ends_at=time(*end),
        name=name,
        run_by=run_by,
        contact=contact,
        details=details,
    )


def centre_definitions(today):
    """Three centres as their managers would describe them. Exceptions are dated from ``today``."""
    christmas = next_christmas(today)
    may_bank_holiday = next_early_may_bank_holiday(today)
    soon = today + timedelta(days=10)
    return [
        {
            "place": "Kingstanding",
            "page": CommunityCentrePage(
                title="Kingstanding Community Centre",
                slug="kingstanding-community-centre",
                intro=paragraphs(
                    "A friendly centre at the heart of the estate, run by local volunteers since 1987. "
                    "Drop in for a cuppa, join a class or hire the hall for your family party."
                ),
                search_description=(
                    "Classes, groups, a food pantry and rooms to hire on the Kingstanding estate."
                ),
                address="Kingstanding Circle\nKingstanding Road\nBirmingham",
                postcode="B44 9QH",
                latitude=Decimal("52.550420"),
                longitude=Decimal("-1.888210"),
                phone="0121 496 0123",
                email="hello@kingstanding-centre.example",
                step_free_access=True,
                hearing_loop=True,
                accessible_toilet=True,
                parking=True,
                quiet_room=True,
                accessibility_notes=(
                    "Level entrance from the car park, with two Blue Badge bays by the main door. "
                    "The hearing loop covers the main hall and the reception desk."
                ),
            ),
            "facilities": [
                "Free Wi-Fi",
                "Kitchen",
                "Projector and screen",
                "Baby changing",
                "Tables and chairs",
            ],
            "hours": [
                *weekly_hours([MON, TUE, WED, THU], (9, 0), (21, 0)),
                *weekly_hours([FRI], (9, 0), (17, 0)),
                *weekly_hours([SAT], (10, 0), (14, 0)),
            ],
            "exceptions": [
                OpeningHoursException(
                    starts_on=christmas - timedelta(days=1),
                    ends_on=date(christmas.year + 1, 1, 1),
                    reason="Christmas and New Year",
                    closed=True,
                ),
                OpeningHoursException(
                    starts_on=may_bank_holiday, reason="Early May bank holiday", closed=True
                ),
                OpeningHoursException(
                    starts_on=soon,
                    reason="Closing early for staff training",
                    closed=False,
                    opens=time(9, 0),
                    closes=time(13, 0),
                ),
            ],
            "activities": [
                activity(
                    MON,
                    (10, 0),
                    (11, 0),
                    "Chair-based exercise",
                    "Age UK Birmingham",
                    "0121 496 0456",
                    "£2 a session, first one free",
                ),
                activity(
                    TUE,
                    (13, 0),
                    (15, 0),
                    "Digital drop-in",
                    "Patchwork volunteers",
                    "hello@patchwork.example",
                    "Bring your phone, tablet or laptop",
                ),
                activity(
                    WED,
                    (9, 30),
                    (11, 30),
                    "Little Kings toddler group",
                    "Kingstanding Parents' Network",
                    "",
                    "Term time only",
                ),
                activity(
                    THU,
                    (19, 0),
                    (20, 30),
                    "Neighbourhood Watch meeting",
                    "Kingstanding Neighbourhood Watch",
                    "watch@kingstanding.example",
                    "First Thursday of the month",
                ),
                activity(
                    FRI,
                    (10, 0),
                    (12, 0),
                    "Food pantry",
                    "Kingstanding Food Pantry",
                    "0121 496 0789",
                    "£4 for ten items; bring a bag",
                ),
                activity(
                    SAT,
                    (10, 30),
                    (12, 0),
                    "Repair café",
                    "Perry Barr Fixers",
                    "",
                    "Bring small electricals, clothes and bikes",
                ),
            ],
            "rooms": [
                (
                    "Main hall",
                    "Sprung floor, stage and PA, seats 120 or 80 at tables.",
                    120,
                    180,
                    ("18.00", "14.00", "35.00"),
                    2,
                ),
                (
                    "Meeting room",
                    "Board table for 12, screen and whiteboard.",
                    12,
                    25,
                    ("10.00", "6.00", "20.00"),
                    1,
                ),
                (
                    "Community kitchen",
                    "Domestic cookers for cookery classes of up to eight.",
                    8,
                    30,
                    ("12.00", "8.00", None),
                    1,
                ),
            ],
        },
        {
            "place": "Digbeth",
            "page": CommunityCentrePage(
                title="Digbeth Community Hub",
                slug="digbeth-community-hub",
                intro=paragraphs(
                    "A converted print works where tenants' groups, artists and young people share "
                    "affordable space, with a café on the ground floor."
                ),
                search_description=(
                    "Affordable rooms, a café and arts groups in a converted print works in Digbeth."
                ),
                address="Unit 4, The Old Print Works\nFloodgate Street\nBirmingham",
                postcode="B5 5SL",
                phone="0121 496 0321",
                email="bookings@digbeth-hub.example",
                step_free_access=True,
                accessible_toilet=True,
                accessibility_notes="The lift to the first floor takes one wheelchair. No parking on site: "
                "the nearest Blue Badge bays are on Floodgate Street.",
            ),
            "facilities": ["Free Wi-Fi", "Kitchen", "Projector and screen", "Stage and PA system"],
            "hours": [
                *weekly_hours([TUE, WED, THU, FRI], (10, 0), (22, 0)),
                *weekly_hours([SAT], (11, 0), (18, 0)),
            ],
            "exceptions": [
                OpeningHoursException(
                    starts_on=christmas,
                    ends_on=christmas + timedelta(days=1),
                    reason="Christmas",
                    closed=True,
                ),
                OpeningHoursException(
                    starts_on=soon + timedelta(days=3),
                    reason="Open late for the Digbeth First Friday art trail",
                    closed=False,
                    opens=time(10, 0),
                    closes=time(23, 30),
                ),
            ],
            "activities": [
                activity(
                    TUE,
                    (18, 30),
                    (20, 0),
                    "Tenants' association surgery",
                    "Digbeth Tenants' Association",
                    "tenants@digbeth.example",
                ),
                activity(
                    WED,
                    (16, 0),
                    (18, 0),
                    "Youth art club (ages 11 to 16)",
                    "Eastside Arts Collective",
                    "0121 496 0654",
                    "Free, materials provided",
                ),
                activity(THU, (12, 0), (14, 0), "Pay-as-you-feel lunch", "Hub café volunteers"),
                activity(
                    SAT,
                    (11, 0),
                    (13, 0),
                    "Screen printing taster",
                    "Eastside Arts Collective",
                    "",
                    "£5, book at the café",
                ),
            ],
            "rooms": [
                (
                    "Print room studio",
                    "Open-plan studio with daylight and big tables.",
                    40,
                    90,
                    ("15.00", "10.00", "45.00"),
                    2,
                ),
                (
                    "The snug",
                    "Sofas and a screen: good for small groups and workshops.",
                    10,
                    20,
                    ("8.00", "0", "18.00"),
                    1,
                ),
            ],
        },
        {
            "place": "Handsworth",
            "page": CommunityCentrePage(
                title="Handsworth Village Hall",
                slug="handsworth-village-hall",
                intro=paragraphs(
                    "A Victorian hall by the park, home to allotment societies, faith groups and "
                    "the Saturday supplementary school."
                ),
                search_description="A Victorian village hall in Handsworth with a garden and a hall to hire.",
                address="Hall Road\nHandsworth\nBirmingham",
                postcode="B20 2BS",
                latitude=Decimal("52.506900"),
                longitude=Decimal("-1.931600"),
                phone="0121 496 0987",
                email="",
                hearing_loop=True,
                parking=True,
                accessibility_notes="Three steps at the front door; a ramp at the side entrance on request.",
            ),
            "facilities": ["Kitchen", "Garden", "Tables and chairs"],
            "hours": [
                *weekly_hours([MON, WED, FRI], (9, 30), (12, 30)),
                *weekly_hours([MON, WED, FRI], (14, 0), (20, 0)),
                *weekly_hours([SAT, SUN], (9, 0), (13, 0)),
            ],
            "exceptions": [
                OpeningHoursException(
                    starts_on=may_bank_holiday,
                    reason="Early May bank holiday: community fun day",
                    closed=False,
                    opens=time(11, 0),
                    closes=time(16, 0),
                ),
            ],
            "activities": [
                activity(
                    MON,
                    (18, 0),
                    (19, 30),
                    "Allotment society committee",
                    "Handsworth Allotment Society",
                    "plots@handsworth-allotments.example",
                    "Second Monday of the month",
                ),
                activity(WED, (10, 0), (12, 0), "Knit and natter", "Hall volunteers"),
                activity(
                    SAT,
                    (9, 30),
                    (12, 30),
                    "Saturday supplementary school",
                    "Handsworth Learning Trust",
                    "0121 496 0111",
                    "Maths and English for ages 7 to 14",
                ),
                activity(
                    SUN, (10, 0), (12, 0), "Punjabi classes for children", "Handsworth Sikh Community Group"
                ),
            ],
            "rooms": [
                (
                    "Main hall",
                    "High ceilings, a piano and doors onto the garden.",
                    90,
                    140,
                    ("16.00", "11.00", "30.00"),
                    2,
                ),
            ],
        },
    ]


def build_centres(town, log):
    """Three community centres in different places, with hours, closures, timetables and rooms."""
    facilities = {
        name: Facility.objects.get_or_create(name=name, defaults={"description": description})[0]
        for name, description in FACILITIES
    }
    today = local_now().date()
    for definition in centre_definitions(today):
        centre = definition["page"]
        centre.image = make_image(f"Outside {centre.title}", f"The front of {centre.title}.")
        centre.opening_hours = definition["hours"]
        centre.opening_hours_exceptions = definition["exceptions"]
        centre.activities = definition["activities"]
        centre.rooms = [
            CentreRoom(
                name=name,
                description=description,
                capacity=capacity,
                size_square_metres=size,
                rate_resident=Decimal(resident) if resident is not None else None,
                rate_community=Decimal(community) if community is not None else None,
                rate_business=Decimal(business) if business is not None else None,
                photos=room_photos(centre.title, name, photo_count),
            )
            for name, description, capacity, size, (resident, community, business), photo_count in definition[
                "rooms"
            ]
        ]
        centre.facilities = [facilities[name] for name in definition["facilities"]]
        town.centres[centre.title] = add_child(town.places[definition["place"]], centre)
    log(f"  {len(town.centres)} community centres with rooms, hours and timetables")
