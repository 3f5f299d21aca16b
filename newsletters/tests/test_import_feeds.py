"""Importing an Atom or RSS 2.0 feed (a file or an address) into a publication."""

import io

from django.core.management import CommandError, call_command

from wagtail.images import get_image_model

import pytest

from newsletters.importing import read_source
from newsletters.importing.posts import import_posts
from newsletters.models import Author, ImportedPost, PostPage

from .importing import FIXTURES

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Warren Farm allotments</title>
  <link>https://allotments.example.org/</link>
  <description>News from the plots</description>
  <item>
    <title>Seed swap on Sunday</title>
    <link>https://allotments.example.org/2024/02/seed-swap/</link>
    <guid isPermaLink="true">https://allotments.example.org/2024/02/seed-swap/</guid>
    <pubDate>Sun, 11 Feb 2024 10:00:00 +0000</pubDate>
    <dc:creator>Tom Evans</dc:creator>
    <category>Events</category>
    <description>Bring your spare seeds.</description>
    <content:encoded><![CDATA[<p>Bring your spare seeds to the hut.</p>
<p><img src="__IMAGES__/uploads/2023/red-door.png" alt="The red door of the allotment hut"></p>
<p>https://vimeo.com/76979871</p>]]></content:encoded>
  </item>
  <item>
    <title>Water butts are back</title>
    <link>https://allotments.example.org/2024/01/water-butts/</link>
    <guid isPermaLink="false">allotments-2024-01-water-butts</guid>
    <pubDate>Mon, 15 Jan 2024 09:00:00 +0000</pubDate>
    <description>The council has put the water butts back by the gate.</description>
  </item>
</channel>
</rss>
"""


@pytest.fixture
def atom(image_server):
    return (FIXTURES / "centre-news.atom").read_text().replace("__IMAGES__", image_server).encode()


def test_an_atom_feed_is_read_with_full_content_or_its_summary(atom):
    source = read_source(atom)
    assert source.format == "atom"
    assert source.title == "Kingstanding Centre news"
    fair, market, hours = source.posts
    assert fair.key == "tag:centre.example.org,2024:news/41"
    assert fair.authors == ["Aisha Khan"] and fair.tags == ["Events", "crafts"]
    assert fair.published.isoformat() == "2024-03-04T09:00:00+00:00"
    assert fair.full_content and market.full_content
    assert not hours.full_content and "8am on weekdays" in hours.summary
    assert hours.published.isoformat() == "2023-10-09T08:30:00+00:00"  # only <updated>


def test_an_atom_feed_becomes_posts(publication, atom, client):
    report = import_posts(publication, atom)
    assert [item.title for item in report.created] == [
        "Spring craft fair",
        "Winter market",
        "New opening hours",
    ]

    fair = PostPage.objects.get(title="Spring craft fair")
    market = PostPage.objects.get(title="Winter market")
    assert fair.live and fair.date.isoformat() == "2024-03-04"
    assert sorted(tag.name for tag in fair.tags.all()) == ["Events", "crafts"]
    assert [author.name for author in fair.authors.all()] == ["Aisha Khan"]
    assert [block.block_type for block in fair.body] == [
        "paragraph",
        "heading",
        "image",
        "paragraph",
        "video",
    ]
    assert (
        fair.body[0].value.source
        == "<p>Our <b>spring craft fair</b> is on Saturday 16 March, 10am to 2pm.</p>"
    )
    assert fair.body[2].value["image"].alt_text == "Bunting over the centre's front door"
    assert fair.body[2].value["image"].collection.name == publication.title
    # A link to a post further down the feed leads to its new page.
    assert f'<a linktype="page" id="{market.pk}">winter market</a>' in fair.body[3].value.source
    assert fair.body[4].value["title"] == "Last year's fair in two minutes"
    assert market.body[0].value.source.startswith("<p>Forty stalls")

    # Only a summary: the summary, and a link to the whole post where it was.
    hours = PostPage.objects.get(title="New opening hours")
    text = hours.body[0].value.source
    assert "From October the centre opens at 8am on weekdays." in text
    assert (
        '<a href="https://centre.example.org/news/opening-hours">Read the whole post on its original site</a>'
        in text
    )
    assert client.get(fair.url).status_code == 200


def test_a_feed_imported_again_is_updated_not_copied(publication, atom):
    import_posts(publication, atom)
    report = import_posts(publication, atom.replace(b"Forty stalls", b"Fifty stalls"))
    assert len(report.updated) == 3 and not report.created
    assert PostPage.objects.count() == ImportedPost.objects.count() == 3
    assert get_image_model().objects.count() == 1
    assert sorted(Author.objects.values_list("name", flat=True)) == ["Aisha Khan", "Centre team"]
    assert PostPage.objects.get(title="Winter market").body[0].value.source.startswith("<p>Fifty stalls")


def test_an_rss_feed_is_imported_from_its_address(publication, image_server, tmp_path):
    (tmp_path / "old-site" / "feed.xml").write_text(RSS.replace("__IMAGES__", image_server))
    out = io.StringIO()
    call_command("import_posts", f"{image_server}/feed.xml", "--publication", "watch", "-v", "2", stdout=out)
    output = out.getvalue()
    assert "RSS feed “Warren Farm allotments” into Kingstanding Watch." in output
    assert "create: Seed swap on Sunday" in output
    assert "2 post(s) created" in output

    swap = PostPage.objects.get(title="Seed swap on Sunday")
    assert [block.block_type for block in swap.body] == ["paragraph", "image", "video"]
    assert swap.body[1].value["image"].alt_text == "The red door of the allotment hut"
    assert swap.body[2].value.provider() == "Vimeo"
    assert [author.name for author in swap.authors.all()] == ["Tom Evans"]
    butts = PostPage.objects.get(title="Water butts are back")
    assert "Read the whole post on its original site" in butts.body[0].value.source
    assert ImportedPost.objects.get(page=butts).source_key == "allotments-2024-01-water-butts"


def test_a_feed_address_that_fails_is_a_clear_error(publication, image_server, settings):
    with pytest.raises(CommandError, match="HTTP status 404"):
        call_command("import_posts", f"{image_server}/missing.xml", "--publication", "watch")
    with pytest.raises(CommandError, match="Only http:// and https://"):
        call_command("import_posts", "ftp://example.org/feed.xml", "--publication", "watch")
    settings.POST_IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(CommandError, match="own network"):
        call_command("import_posts", f"{image_server}/feed.xml", "--publication", "watch")
