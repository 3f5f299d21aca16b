"""Importing a WordPress export (WXR) into a publication with ``manage.py import_posts``."""

import io

from django.core.management import CommandError, call_command
from django.test import Client

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

import pytest

from newsletters.importing import read_source
from newsletters.importing.posts import import_posts
from newsletters.models import Author, ImportedPost, PostPage

from .importing import OLD_SITE, export_text

pytestmark = pytest.mark.django_db

POSTS_IN_FILE = 32
DRAFTS = 2
BROKEN = 1


def run(publication, path, *args):
    out = io.StringIO()
    call_command("import_posts", str(path), "--publication", str(publication.pk), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def export_file(wxr, tmp_path):
    path = tmp_path / "kingstandingwatch.WordPress.2023-10-02.xml"
    path.write_bytes(wxr)
    return path


def post(title):
    """The imported post with this title, or the only one whose title starts so."""
    return PostPage.objects.filter(title=title).first() or PostPage.objects.get(title__startswith=title)


def first_posts(wxr, count, *titles):
    """The export's first ``count`` posts and those named, as a ``Source`` (a quicker import)."""
    source = read_source(wxr)
    source.posts = source.posts[:count] + [p for p in source.posts if p.title in titles]
    return source


def test_the_export_is_read_into_plain_posts(wxr):
    source = read_source(wxr)
    assert source.format == "wxr"
    assert source.title == "Kingstanding Watch"
    assert len(source.posts) == POSTS_IN_FILE
    assert source.ignored == {"attachment": 3, "nav_menu_item": 2, "page": 1}
    welcome = source.posts[0]
    assert welcome.link == f"{OLD_SITE}/2023/01/welcome/"
    assert welcome.authors == ["Maureen Lewis"]
    assert welcome.tags == ["News", "Welcome", "Meetings"]
    assert welcome.published.isoformat() == "2023-01-09T19:30:00+00:00"
    assert [p.title for p in source.posts if p.error] == ["Summer fair plans"]
    # The featured image: the attachment its _thumbnail_id names, with that attachment's alt text.
    assert welcome.lead_image.endswith("/uploads/2023/red-door.png")
    assert welcome.lead_image_alt == "The red door of the church hall"
    assert source.posts[1].lead_image.endswith("/uploads/2023/blue-van.png")
    assert not source.posts[2].lead_image


def test_a_wordpress_export_becomes_the_publications_posts(publication, export_file):
    output = run(publication, export_file)

    imported = PostPage.objects.child_of(publication)
    assert imported.count() == POSTS_IN_FILE - BROKEN
    assert imported.live().count() == POSTS_IN_FILE - BROKEN - DRAFTS
    assert ImportedPost.objects.filter(publication=publication).count() == POSTS_IN_FILE - BROKEN

    welcome = post("Welcome to the Kingstanding Watch blog")
    assert welcome.live
    assert welcome.date.isoformat() == "2023-01-09"
    assert welcome.first_published_at.isoformat() == "2023-01-09T19:30:00+00:00"
    assert welcome.slug == "welcome"
    assert sorted(tag.name for tag in welcome.tags.all()) == ["Meetings", "News", "Welcome"]
    assert [author.name for author in welcome.authors.all()] == ["Maureen Lewis"]
    assert [author.name for author in post("How to spot").authors.all()] == ["Dev Patel"]
    # Writers are made once, and not named publicly until they agree.
    assert sorted(Author.objects.values_list("name", "show_publicly", "town_page")) == [
        ("Dev Patel", False, publication.pk),
        ("Maureen Lewis", False, publication.pk),
    ]
    assert "Uncategorized" not in {tag.name for p in imported for tag in p.specific.tags.all()}
    # The fallback first paragraph makes the introduction lists and feeds show.
    assert welcome.intro_text.startswith("Hello neighbours, and welcome")

    assert "skipped “Summer fair plans”: its date cannot be read" in output
    assert f"{POSTS_IN_FILE}/{POSTS_IN_FILE} posts" in output
    assert "31 post(s) created, 0 updated, 1 skipped" in output
    assert "6 other item(s) and 8 comment(s) left out" in output
    assert "new author “Dev Patel”" in output

    client = Client()
    check_comments_attachments_menus_and_pages_are_not_posts(publication, client)
    check_the_body_becomes_blocks_with_pictures_videos_and_quotes(publication, client)
    check_html_is_sanitised(publication, client)
    check_pictures_are_downloaded_once_into_the_publications_collection(publication, client)
    check_links_between_imported_posts_lead_to_the_new_pages(publication, client)
    check_drafts_stay_drafts(publication, client)


def check_comments_attachments_menus_and_pages_are_not_posts(publication, client):
    titles = set(PostPage.objects.values_list("title", flat=True))
    assert not titles & {"red-door", "blue-van", "Home", "About", "About the Watch"}
    body_text = str(post("Welcome to the").body.render_as_block())
    assert "Great to see this" not in body_text


def check_the_body_becomes_blocks_with_pictures_videos_and_quotes(publication, client):

    scams = post("How to spot a doorstep scam").body
    assert [block.block_type for block in scams] == [
        "paragraph",
        "heading",
        "paragraph",
        "image",
        "heading",
        "video",
    ]
    assert scams[1].value["level"] == "h2" and scams[1].value["text"] == "Warning signs"
    assert scams[2].value.source == (
        "<ul><li>They arrive <i>without an appointment</i></li><li>They ask for cash up front</li>"
        "<li>They say the offer ends today</li></ul>"
    )
    picture = scams[3].value
    assert picture["image"].alt_text == "A blue van parked outside a house"
    assert picture["image"].contextual_alt_text == "A blue van parked outside a house"
    assert picture["caption"] == "The van seen on Warren Farm Road"
    assert scams[4].value["level"] == "h3"
    video = scams[5].value
    assert video.provider() == "YouTube"
    assert video.player_url() == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video["caption"] == "A two-minute film from West Midlands Police"

    talk = post("Our talk at the library").body
    assert [block.block_type for block in talk] == ["paragraph", "video", "quote", "paragraph"]
    assert talk[1].value.provider() == "Vimeo"
    assert talk[1].value["title"] == "PCSO Ahmed at Kingstanding Library"
    assert talk[2].value["text"] == "Lock your shed and mark your bike."
    assert talk[2].value["attribution"] == "PCSO Ahmed"


def check_html_is_sanitised(publication, client):
    for page in PostPage.objects.all():
        stored = str(page.body.raw_data)
        assert "<script" not in stored and "alert(" not in stored and "onclick" not in stored
        assert "wp:paragraph" not in stored


def check_pictures_are_downloaded_once_into_the_publications_collection(publication, client):
    images = get_image_model().objects.filter(collection__name=publication.title)
    # Three distinct pictures, used by many posts (the same bytes at two addresses are one image).
    assert images.count() == 3
    door = images.get(description="A red front door on Kings Road")
    assert door.file.read()[:4] == b"\x89PNG"
    welcome = post("Welcome to the").body
    assert welcome[1].value["image"].pk == door.pk
    assert welcome[1].value["caption"] == "Our first meeting place"
    page = client.get(post("Welcome to the").url)
    assert 'alt="A red front door on Kings Road"' in page.content.decode()
    # The featured image is the lead picture: the same bytes, so the same image, not a copy.
    assert post("Welcome to the").lead_image_id == door.pk
    # A featured image that cannot be had leaves the post without a lead picture.
    assert post("How to spot a doorstep scam").lead_image is None


def check_links_between_imported_posts_lead_to_the_new_pages(publication, client):
    courier = post("Courier fraud calls")
    welcome = post("Welcome to the")
    # 101 links forward to a post made after it; 104 links back by the short ?p=101 address.
    assert f'<a linktype="page" id="{courier.pk}">courier fraud calls</a>' in welcome.body[2].value.source
    thanks = post("Thank you for coming").body[0].value.source
    assert f'<a linktype="page" id="{welcome.pk}">our welcome post</a>' in thanks
    html = client.get(welcome.url).content.decode()
    assert f'href="{courier.url}"' in html
    assert "kingstandingwatch.example.org/2023/02" not in html
    # The rewritten post is still live, with its own date.
    welcome.refresh_from_db()
    assert welcome.live and welcome.last_published_at.year == 2023
    assert not welcome.has_unpublished_changes


def check_drafts_stay_drafts(publication, client):
    drafts = PostPage.objects.filter(title__startswith="Draft:")
    assert drafts.count() == DRAFTS
    for draft in drafts:
        assert not draft.live and draft.first_published_at is None
        assert draft.latest_revision is not None
        assert client.get(draft.url or "/nowhere/").status_code == 404


def test_importing_again_updates_instead_of_duplicating(publication, export_file, wxr):
    run(publication, export_file)
    pages = set(PostPage.objects.values_list("pk", flat=True))
    images = get_image_model().objects.count()
    authors = Author.objects.count()

    changed = wxr.replace(b"Our talk at the library", b"Our talk at Kingstanding library")
    export_file.write_bytes(changed)
    output = run(publication, export_file)
    assert "0 post(s) created, 31 updated, 1 skipped" in output
    assert set(PostPage.objects.values_list("pk", flat=True)) == pages
    assert get_image_model().objects.count() == images
    assert Author.objects.count() == authors
    assert ImportedPost.objects.count() == len(pages)
    assert PostPage.objects.filter(title="Our talk at Kingstanding library").exists()
    assert not PostPage.objects.filter(title="Our talk at the library").exists()
    # Links still point at the same pages.
    courier = post("Courier fraud calls")
    assert f'id="{courier.pk}"' in post("Welcome to the").body[2].value.source


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(publication, export_file, image_server):
    from .importing import QuietHandler

    output = run(publication, export_file, "--dry-run")
    assert "Dry run, nothing changed: 31 post(s) would be created, 0 updated, 1 skipped" in output
    assert "skipped “Summer fair plans”: its date cannot be read" in output
    assert not PostPage.objects.exists()
    assert not get_image_model().objects.exists()
    assert not Author.objects.exists()
    assert not QuietHandler.log  # no picture was downloaded

    import_posts(publication, first_posts(export_file.read_bytes(), 2))
    output = run(publication, export_file, "--dry-run")
    assert "29 post(s) would be created, 2 updated" in output


def test_a_broken_post_is_skipped_named_and_nothing_of_it_is_kept(publication, wxr, monkeypatch):
    from newsletters.importing import posts as posts_module

    original = posts_module.PostImporter.redirect

    def fails_for_one(importer, old_address, page):
        if page.title.startswith("How to spot"):
            raise ValueError("the database said no")
        return original(importer, old_address, page)

    monkeypatch.setattr(posts_module.PostImporter, "redirect", fails_for_one)
    report = import_posts(publication, first_posts(wxr, 3, "Summer fair plans"), redirects=True)
    assert [(item.title, item.reason) for item in report.skipped] == [
        ("How to spot a doorstep scam", "the database said no"),
        ("Summer fair plans", "its date cannot be read"),
    ]
    # The failing post got as far as its page, picture, tags and author: all of it is gone.
    assert sorted(PostPage.objects.values_list("title", flat=True)) == [
        "Our talk at the library",
        "Welcome to the Kingstanding Watch blog",
    ]
    assert ImportedPost.objects.count() == Redirect.objects.count() == 2
    assert not get_image_model().objects.filter(description__contains="blue van").exists()
    assert not Author.objects.filter(name="Dev Patel").exists()

    monkeypatch.undo()
    report = import_posts(publication, first_posts(wxr, 3))
    assert [item.title for item in report.created] == ["How to spot a doorstep scam"]
    assert len(report.updated) == 2
    assert get_image_model().objects.filter(description__contains="blue van").exists()


def test_a_very_long_title_is_cut_to_fit(publication, wxr):
    long = wxr.replace(b"<title><![CDATA[Courier fraud calls]]>", b"<title><![CDATA[" + b"x" * 300 + b"]]>")
    report = import_posts(publication, first_posts(long, 0, "x" * 300))
    assert len(report.created) == 1
    assert PostPage.objects.get().title == "x" * 255


def test_old_addresses_redirect_to_the_new_pages(publication, wxr, client):
    source = first_posts(wxr, 5, "Draft: Bin collections change after the bank holiday")
    report = import_posts(publication, source, redirects=True)
    assert report.redirects == 5  # not for the draft
    courier = post("Courier fraud calls")
    redirect = Redirect.objects.get(old_path="/2023/02/courier-fraud")
    assert redirect.redirect_page_id == courier.pk and redirect.is_permanent
    response = client.get("/2023/02/courier-fraud/")
    assert response.status_code == 301
    assert response["Location"].endswith(courier.url)
    import_posts(publication, source, redirects=True)
    assert Redirect.objects.count() == 5


def test_the_command_makes_redirects_when_asked(publication, wxr, tmp_path):
    path = tmp_path / "two.xml"
    path.write_bytes(
        wxr.split(b"<item>")[0]
        + b"<item>"
        + wxr.split(b"<item>")[5].split(b"</channel>")[0]
        + b"</channel></rss>"
    )
    output = run(publication, path, "--redirects")
    assert "1 post(s) created" in output and "1 redirect(s)" in output
    assert Redirect.objects.get().old_path == "/2023/02/courier-fraud"


def test_someone_elses_redirect_is_left_alone(publication, wxr, home_page):
    mine = Redirect.objects.create(old_path="/2023/02/courier-fraud", redirect_page=home_page)
    import_posts(publication, first_posts(wxr, 5), redirects=True)
    mine.refresh_from_db()
    assert mine.redirect_page_id == home_page.pk


def test_a_picture_that_cannot_be_had_leaves_the_post_without_it(publication, image_server):
    text = export_text(image_server).replace("uploads/2023/01/blue-van.jpg", "not-a-picture.png")
    report = import_posts(publication, first_posts(text.encode(), 2))
    scams = next(item for item in report.created if item.title.startswith("How to spot"))
    assert any("could not be brought over" in warning for warning in scams.warnings)
    assert "image" not in [block.block_type for block in PostPage.objects.get(pk=scams.page_id).body]


def test_a_featured_image_becomes_the_lead_picture_with_its_alt_text(publication, image_server):
    # Not in the body this time: the lead picture is a new image, described by the attachment's alt.
    text = export_text(image_server).replace("uploads/2023/01/red-door.png", "not-a-picture.png")
    report = import_posts(publication, first_posts(text.encode(), 1))
    welcome = PostPage.objects.get(pk=report.created[0].page_id)
    assert welcome.live and welcome.lead_image.alt_text == "The red door of the church hall"
    assert welcome.lead_image.file.read()[:4] == b"\x89PNG"
    assert welcome.lead_image.collection.name == publication.title


def test_a_featured_image_without_alt_text_is_not_made_the_lead_picture(publication, image_server):
    text = export_text(image_server).replace("uploads/2023/01/red-door.png", "not-a-picture.png")
    text = text.replace("The red door of the church hall", "")
    report = import_posts(publication, first_posts(text.encode(), 1))
    [item] = report.created
    assert PostPage.objects.get(pk=item.page_id).lead_image is None
    assert any("red-door.png could not be brought over" in warning for warning in item.warnings)


def test_a_picture_too_big_is_not_downloaded(publication, wxr, monkeypatch):
    from newsletters.importing import images

    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 20)
    report = import_posts(publication, first_posts(wxr, 2))
    assert len(report.created) == 2
    assert not get_image_model().objects.exists()
    assert "could not be brought over" in report.created[0].warnings[0]


def test_pictures_on_private_addresses_are_refused_outside_tests(publication, wxr, settings):
    settings.POST_IMPORT_ALLOW_PRIVATE_ADDRESSES = False
    report = import_posts(publication, first_posts(wxr, 2))
    assert len(report.created) == 2
    assert not get_image_model().objects.exists()


def test_the_command_refuses_unknown_publications_and_files(publication, tmp_path):
    with pytest.raises(CommandError, match="There is no publication"):
        call_command("import_posts", "x.xml", "--publication", "nope")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_posts", str(tmp_path / "missing.xml"), "--publication", "watch")
    not_xml = tmp_path / "list.csv"
    not_xml.write_text("email\npat@example.org\n")
    with pytest.raises(CommandError, match="not an XML file"):
        call_command("import_posts", str(not_xml), "--publication", "watch")
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    with pytest.raises(CommandError, match="not a WordPress export or an RSS or Atom feed"):
        call_command("import_posts", str(svg), "--publication", "watch")
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>')
    with pytest.raises(CommandError, match="entities"):
        call_command("import_posts", str(bomb), "--publication", "watch")


def test_an_author_of_the_town_is_matched_and_another_towns_is_not(publication, wxr, home_page, place):
    from home.models import HomePage

    town = Author.objects.create(name="Maureen Lewis", slug="maureen-lewis", town_page=place)
    elsewhere_home = home_page.get_parent().add_child(instance=HomePage(title="Elsewhere", slug="elsewhere"))
    Author.objects.create(name="Dev Patel", slug="dev-patel", town_page=elsewhere_home)
    import_posts(publication, first_posts(wxr, 2))
    assert list(post("Welcome to the").authors.all()) == [town]
    dev = post("How to spot").authors.get()
    assert dev.town_page_id == publication.pk and dev.slug == "dev-patel-2"


def test_scheduled_posts_are_scheduled_and_a_live_post_is_not_changed_by_a_draft(publication, wxr):
    import datetime

    from django.utils import timezone

    source = first_posts(wxr, 2)
    source.posts[1].status = "future"
    source.posts[1].published = timezone.now() + datetime.timedelta(days=10)
    import_posts(publication, source)
    scheduled = post("How to spot")
    assert not scheduled.live
    assert scheduled.go_live_at == source.posts[1].published
    assert scheduled.latest_revision.approved_go_live_at == source.posts[1].published

    source.posts[0].status = "draft"
    source.posts[0].title = "Welcome, changed in a draft"
    import_posts(publication, source)
    welcome = PostPage.objects.get(slug="welcome")
    assert welcome.live and welcome.title == "Welcome to the Kingstanding Watch blog"
    assert welcome.has_unpublished_changes
    assert welcome.get_latest_revision_as_object().title == "Welcome, changed in a draft"


BLOGGER_AS_WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.0/">
<channel>
<title>Perry Common Residents</title>
<link>http://perrycommon.blogspot.com</link>
<wp:wxr_version>1.0</wp:wxr_version>
<item>
<title>Litter pick on Saturday</title>
<link>http://perrycommon.blogspot.com/2019/04/litter-pick.html</link>
<pubDate>Sat, 06 Apr 2019 08:15:00 +0000</pubDate>
<dc:creator>Perry Common Residents</dc:creator>
<category domain="category" nicename="litter"><![CDATA[litter]]></category>
<guid isPermaLink="false">tag:blogger.com,1999:blog-123.post-456</guid>
<content:encoded><![CDATA[Meet at the shops at 10am.<br />Gloves and bags provided.<br /><br />Thank you!]]>
</content:encoded>
<wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status>
<wp:comment><wp:comment_content><![CDATA[I'll be there]]></wp:comment_content></wp:comment>
</item>
</channel>
</rss>"""


def test_a_blogger_blog_converted_to_wxr_is_imported(publication):
    source = read_source(BLOGGER_AS_WXR)
    assert source.format == "wxr" and source.comments == 1
    report = import_posts(publication, source)
    assert [item.title for item in report.created] == ["Litter pick on Saturday"]
    pick = post("Litter pick on Saturday")
    assert pick.date.isoformat() == "2019-04-06"
    assert [tag.name for tag in pick.tags.all()] == ["litter"]
    assert pick.body[0].value.source == (
        "<p>Meet at the shops at 10am.<br/>Gloves and bags provided.</p><p>Thank you!</p>"
    )
    assert ImportedPost.objects.get().source_key == "tag:blogger.com,1999:blog-123.post-456"


@pytest.mark.django_db(transaction=True)
def test_an_import_purges_the_front_cache_together_not_once_a_post(publication, wxr, settings, monkeypatch):
    """Each post commits on its own, so each would purge and BAN on its own: gathered, they go once."""
    from cms import front_cache

    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "cms.tests.front_cache_recorder.RecordingBackend"}}
    purges, bans = [], []
    monkeypatch.setattr(front_cache, "send_purges", purges.append)
    monkeypatch.setattr(front_cache, "send_ban", lambda site, pattern: bans.append(pattern))

    report = import_posts(publication, first_posts(wxr, 6))

    live = PostPage.objects.live().child_of(publication)
    assert len(report.created) >= 5 and live.count() >= 4
    assert len(purges) == 1 and bans == [front_cache.LISTS_OF_PAGES]
    purged = set(purges[0])
    assert {page.full_url for page in live} <= purged
    assert publication.full_url in purged

    # Outside an import, each publish still purges at once.
    post = live.first()
    post.save_revision().publish()
    assert len(purges) == 2 and post.full_url in purges[1]
