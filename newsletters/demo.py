"""Demo newsletters and blogs for the demo town (see home.demo.DemoTown).

A Neighbourhood Watch newsletter with a monthly issue for the last year, and an
allotment society's blog. Written the way volunteers really write: bins, scams,
meetings and phone numbers.
"""

import datetime

from django.utils import timezone

from cms.demo import make_image, paragraphs

from .models import Author, PostPage, PublicationPage

USEFUL_NUMBERS = {
    "title": "Useful numbers",
    "numbers": [
        {
            "label": "Emergency (police, fire, ambulance)",
            "number": "999",
            "note": "When a crime is happening now",
        },
        {
            "label": "Police (not an emergency)",
            "number": "101",
            "note": "Or report online at west-midlands.police.uk",
        },
        {"label": "Action Fraud", "number": "0300 123 2040", "note": "Scams and fraud"},
        {"label": "Crimestoppers", "number": "0800 555 111", "note": "Anonymous"},
        {
            "label": "Birmingham City Council",
            "number": "0121 303 1111",
            "note": "Bins, fly-tipping, street lights",
        },
        {"label": "NHS (not an emergency)", "number": "111", "note": ""},
    ],
}

WATCH_CONTACT = {
    "name": "Maureen Lewis",
    "role": "Watch coordinator",
    "phone": "0121 496 0312",
    "email": "kingstanding.watch@patchwork.example",
    "note": "Weekday evenings, please. For anything urgent ring 999.",
}

# One entry per month of the year: (theme for the title, tags, blocks in the middle of the issue)
WATCH_MONTHS = {
    1: (
        "Bins after Christmas and a cold-calling warning",
        ["bins", "scams"],
        [
            (
                "news_item",
                {
                    "headline": "Christmas tree collections",
                    "text": paragraphs(
                        "Real trees are collected with garden waste in the first two weeks of January. Cut "
                        "them in half if they are taller than your bin and take off the stand and tinsel."
                    ),
                    "link": "https://www.birmingham.gov.uk/",
                },
            ),
            (
                "safety_alert",
                {
                    "title": "Cold callers offering to fix roofs",
                    "details": paragraphs(
                        "After the storms, men in a white van have been knocking on doors on Kingstanding "
                        "Road saying tiles are loose and asking for cash up front. Please do not agree to "
                        "any work on the doorstep."
                    ),
                    "how_to_report": "Call 999 if they are at your door now. Otherwise call 101, or Action "
                    "Fraud on 0300 123 2040 if you have paid.",
                    "report_link": "https://www.actionfraud.police.uk/",
                },
            ),
        ],
    ),
    2: (
        "Garden waste sign-up and a new PCSO",
        ["bins", "police"],
        [
            (
                "news_item",
                {
                    "headline": "Garden waste: sign up by the end of February",
                    "text": paragraphs(
                        "The yearly garden waste subscription opens this month. Brown bins are collected "
                        "every other Tuesday from March to November."
                    ),
                    "link": "https://www.birmingham.gov.uk/",
                },
            ),
            (
                "news_item",
                {
                    "headline": "Meet PCSO Ahmed",
                    "text": paragraphs(
                        "Our new Police Community Support Officer, Yusuf Ahmed, will come to the March "
                        "meeting. Bring your questions about parking on the verges and the bike thefts near "
                        "the shops."
                    ),
                    "link": "",
                },
            ),
        ],
    ),
    3: (
        "Spring clean and the March meeting",
        ["meetings", "litter"],
        [
            (
                "event",
                {
                    "title": "Big spring litter pick",
                    "date": None,
                    "start_time": datetime.time(10, 0),
                    "end_time": datetime.time(12, 0),
                    "place": "Meet at the Kingstanding Circle bus shelter",
                    "about": "Gloves, grabbers and bags provided by the council. Children welcome with an "
                    "adult.",
                },
            ),
        ],
    ),
    4: (
        "Courier fraud is back",
        ["scams"],
        [
            (
                "safety_alert",
                {
                    "title": "Phone calls from 'the police' asking for your bank card",
                    "details": paragraphs(
                        "Two older residents near Warren Farm Road had calls from someone claiming to be a "
                        "detective. They were told their bank card had been cloned and a courier would "
                        "collect it. The police and your bank will never ask for your card or PIN.",
                        "If you get a call like this, hang up, wait five minutes, and ring your bank from a "
                        "different phone.",
                    ),
                    "how_to_report": "Call 101, or Action Fraud on 0300 123 2040. If a courier is on the "
                    "way, call 999.",
                    "report_link": "https://www.actionfraud.police.uk/",
                },
            ),
        ],
    ),
    5: (
        "Bank holiday bins and the May meeting",
        ["bins", "meetings"],
        [
            (
                "news_item",
                {
                    "headline": "Bank holiday collections",
                    "text": paragraphs(
                        "Bins are collected as normal on both May bank holidays. Put them out by 7am."
                    ),
                    "link": "",
                },
            ),
        ],
    ),
    6: (
        "Keeping cool and keeping windows locked",
        ["home security"],
        [
            (
                "news_item",
                {
                    "headline": "Open windows, open invitation",
                    "text": paragraphs(
                        "Warm evenings mean open windows. Three sheds and one kitchen were entered through "
                        "open windows last June. Lock ground-floor windows when you go upstairs."
                    ),
                    "link": "",
                },
            ),
        ],
    ),
    7: (
        "Summer holidays: ask a neighbour",
        ["home security"],
        [
            (
                "news_item",
                {
                    "headline": "Going away?",
                    "text": paragraphs(
                        "Ask a neighbour to take in your post and put your bin out. Timer switches for lamps "
                        "cost a few pounds. Please do not post your holiday on social media until you are "
                        "home."
                    ),
                    "link": "",
                },
            ),
        ],
    ),
    8: (
        "Fly-tipping on the service road",
        ["litter"],
        [
            (
                "news_item",
                {
                    "headline": "Report fly-tipping, do not move it",
                    "text": paragraphs(
                        "A sofa and a pile of builder's rubble were dumped behind the shops on Kettlehouse "
                        "Road. Report it to the council with a photo and the exact place; please do not "
                        "touch it, as it may hold evidence."
                    ),
                    "link": "https://www.birmingham.gov.uk/",
                },
            ),
        ],
    ),
    9: (
        "Back to school and parking outside the gates",
        ["parking", "meetings"],
        [
            (
                "quote",
                {
                    "text": "A little walk from the end of the road keeps every child safer at home time.",
                    "attribution": "Mrs Okafor, lollipop lady on Hawthorn Road",
                },
            ),
        ],
    ),
    10: (
        "Dark evenings and bonfire night",
        ["home security", "fireworks"],
        [
            (
                "news_item",
                {
                    "headline": "Fireworks and pets",
                    "text": paragraphs(
                        "The official display is at Brookvale Park on 5 November. Keep pets inside after "
                        "dark that week and let older neighbours know if you are having fireworks in the "
                        "garden."
                    ),
                    "link": "",
                },
            ),
        ],
    ),
    11: (
        "Parcel thefts and the AGM",
        ["scams", "meetings"],
        [
            (
                "safety_alert",
                {
                    "title": "Parcels taken from doorsteps",
                    "details": paragraphs(
                        "With online shopping for Christmas, parcels left on doorsteps are going missing on "
                        "several roads. Choose a safe place out of sight, a neighbour, or collection from "
                        "the Post Office on the Circle."
                    ),
                    "how_to_report": "Report thefts to the police on 101 or online, and tell the seller.",
                    "report_link": "https://www.west-midlands.police.uk/",
                },
            ),
        ],
    ),
    12: (
        "Christmas bin dates and keeping warm",
        ["bins"],
        [
            (
                "news_item",
                {
                    "headline": "Christmas and New Year collections",
                    "text": paragraphs(
                        "Collections due on Christmas Day and Boxing Day move to the following Saturday. "
                        "Extra recycling can go out in clear bags beside your blue bin."
                    ),
                    "link": "https://www.birmingham.gov.uk/",
                },
            ),
            (
                "news_item",
                {
                    "headline": "Warm spaces",
                    "text": paragraphs(
                        "The community centre is open as a warm space on weekday afternoons with free tea "
                        "and soup. Nobody has to explain why they have come."
                    ),
                    "link": "",
                },
            ),
        ],
    ),
}

BLOG_POSTS = [
    (
        "Our first year on the plots",
        "What we grew, what the slugs ate, and why the new water butts were worth every penny.",
        ["growing", "volunteering"],
        [
            "A year ago the plots behind Handsworth Park were brambles and old carpet. This summer twelve "
            "families picked beans, courgettes and more rhubarb than anyone could eat.",
            "The slugs won the battle of the lettuces. The water butts, paid for by the tenants' raffle, "
            "saved us a fortune in the dry weeks of July.",
        ],
    ),
    (
        "Seed swap on Saturday",
        "Bring seeds you saved, take seeds you need. Tea and cake in the shed.",
        ["events", "growing"],
        [
            "Our seed swap is back. You do not need to bring anything to take something: there are always "
            "more tomato seeds than people to grow them.",
        ],
    ),
    (
        "Why we started composting together",
        "One big compost bay instead of twenty small heaps: less work and better soil.",
        ["growing"],
        [
            "Everyone had a heap in a corner, and most of them were soggy. Now we share three bays, turned "
            "once a month by whoever turns up on the first Sunday.",
        ],
    ),
    (
        "Volunteers needed for the open day",
        "Two hours on a Sunday afternoon: showing visitors round, pouring tea or minding the plant stall.",
        ["volunteering", "events"],
        [
            "The open day is how most of our members found us. We need six people for two hours each. No "
            "gardening knowledge needed, just a friendly face.",
        ],
    ),
    (
        "A video tour of the plots",
        "Hamid filmed a walk round the site on a sunny evening in June.",
        ["growing"],
        [
            "If you cannot get down to the park, here is the next best thing. The video is on YouTube; it "
            "only loads if you choose to play it.",
        ],
    ),
]


def publish(page):
    page.save_revision().publish()
    return page


def month_starts(today, count):
    """The first day of this month and of the ``count - 1`` months before it, oldest first."""
    year, month = today.year, today.month
    starts = []
    for _ in range(count):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(starts))


def watch_issue_body(issue_date, theme_blocks):
    """The blocks of one monthly issue: a welcome, the month's news, the meeting, numbers, contacts."""
    meeting = issue_date.replace(day=9)
    body = [
        (
            "paragraph",
            paragraphs(
                f"Welcome to the {issue_date:%B} newsletter. Thank you to everyone who delivered last "
                "month's copies to neighbours who are not online.",
            ),
        ),
        ("heading", {"text": f"News for {issue_date:%B}", "level": "h2"}),
    ]
    for block_type, value in theme_blocks:
        if block_type == "event":
            value = {**value, "date": issue_date.replace(day=21)}
        body.append((block_type, value))
    body += [
        (
            "event",
            {
                "title": "Neighbourhood Watch meeting",
                "date": meeting,
                "start_time": datetime.time(19, 0),
                "end_time": datetime.time(20, 30),
                "place": "Kingstanding Community Centre, Kings Road",
                "about": "Everyone who lives in Kingstanding is welcome. Tea, coffee and biscuits provided.",
            },
        ),
        ("useful_numbers", USEFUL_NUMBERS),
        ("contact", WATCH_CONTACT),
        (
            "button",
            {"text": "Join the Neighbourhood Watch", "page": None, "url": "https://www.ourwatch.org.uk/"},
        ),
    ]
    return body


def build_watch_newsletter(town, authors, today):
    kingstanding = town.places["Kingstanding"]
    watch = PublicationPage(
        title="Kingstanding Neighbourhood Watch",
        slug="neighbourhood-watch",
        kind=PublicationPage.Kind.NEWSLETTER,
        intro=paragraphs(
            "The monthly newsletter of Kingstanding Neighbourhood Watch: bins, scams, meetings and what is "
            "happening on our roads. Printed copies go through 400 doors."
        ),
        search_description="Monthly news from Kingstanding Neighbourhood Watch.",
        frequency="Monthly, in the first week of the month",
        contact_name="Maureen Lewis, coordinator",
        contact_email="kingstanding.watch@patchwork.example",
        contact_phone="0121 496 0312",
        logo=make_image("Kingstanding Watch logo", "The Kingstanding Neighbourhood Watch logo."),
    )
    kingstanding.add_child(instance=watch)
    publish(watch)
    pictures = [
        make_image("Kings Road in the evening", "Terraced houses on Kings Road at dusk."),
        make_image("Kingstanding Circle shops", "The row of shops on Kingstanding Circle."),
        make_image("Watch meeting at the centre", "Residents around a table at the community centre."),
    ]
    for number, issue_date in enumerate(month_starts(today, 12)):
        theme, tags, blocks = WATCH_MONTHS[issue_date.month]
        picture = pictures[number % len(pictures)]
        issue = PostPage(
            title=f"{issue_date:%B %Y}: {theme}",
            slug=f"{issue_date:%Y-%m}",
            date=issue_date + datetime.timedelta(days=2),
            intro=paragraphs(
                f"{theme}. Plus the date of this month's meeting and the numbers to keep by the phone."
            ),
            lead_image=picture,
            body=watch_issue_body(issue_date, blocks),
        )
        issue.tags.add(*tags)
        issue.authors.set([authors["maureen"]] + ([authors["sue"]] if number % 3 == 0 else []))
        watch.add_child(instance=issue)
        publish(issue)
    return watch


def build_allotment_blog(town, authors, today):
    handsworth = town.places["Handsworth"]
    blog = PublicationPage(
        title="Handsworth Park Allotments blog",
        slug="allotments-blog",
        kind=PublicationPage.Kind.BLOG,
        intro=paragraphs(
            "News from the community plots behind Handsworth Park: what is growing, when we meet, and how to "
            "get a plot."
        ),
        search_description="News from the community allotments in Handsworth Park.",
        frequency="When there is news",
        contact_name="Dev Patel, plot secretary",
        contact_email="allotments@patchwork.example",
    )
    handsworth.add_child(instance=blog)
    publish(blog)
    for number, (title, summary, tags, texts) in enumerate(BLOG_POSTS):
        picture = make_image(
            f"Allotments: {title}", f"Raised beds and sheds at the allotments: {title.lower()}."
        )
        body = [("paragraph", paragraphs(*texts))]
        if "video" in title.lower():
            body.append(
                (
                    "video",
                    {
                        "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                        "title": "A walk round Handsworth Park allotments",
                        "caption": "Filmed by Hamid, June.",
                    },
                )
            )
        if number == 1:
            body.append(
                (
                    "event",
                    {
                        "title": "Seed swap",
                        "date": today + datetime.timedelta(days=9),
                        "start_time": datetime.time(11, 0),
                        "end_time": datetime.time(14, 0),
                        "place": "The big shed, Handsworth Park allotments (gate on Grove Lane)",
                        "about": "Free. Bring seeds in labelled envelopes if you have them.",
                    },
                )
            )
        post = PostPage(
            title=title,
            date=today - datetime.timedelta(days=70 - number * 14),
            intro=paragraphs(summary),
            lead_image=picture,
            body=body,
        )
        post.tags.add(*tags)
        post.authors.set([authors["dev"]])
        blog.add_child(instance=post)
        publish(post)
    return blog


def build(town, log):
    """A Neighbourhood Watch newsletter with a year of issues and a community blog."""
    today = timezone.localdate()
    authors = {
        "maureen": Author.objects.create(
            name="Maureen Lewis",
            slug="maureen-lewis",
            show_publicly=True,
            bio="Maureen has coordinated Kingstanding Neighbourhood Watch since 2011.",
        ),
        "dev": Author.objects.create(
            name="Dev Patel",
            slug="dev-patel",
            show_publicly=True,
            bio="Plot 14, and secretary of the society.",
        ),
        # Sue helps write the newsletter but would rather not be named online.
        "sue": Author.objects.create(name="Susan Clarke", slug="susan-clarke", show_publicly=False),
    }
    watch = build_watch_newsletter(town, authors, today)
    town.publications[watch.title] = watch
    log("  Kingstanding Neighbourhood Watch newsletter with 12 monthly issues")
    blog = build_allotment_blog(town, authors, today)
    town.publications[blog.title] = blog
    log(f"  {blog.title} with {len(BLOG_POSTS)} posts")
