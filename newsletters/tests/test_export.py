"""Exporting a publication: a WordPress file (WXR) read back, and a zip of web pages that works offline."""

import datetime
import functools
import http.server
import io
import posixpath
import re
import zipfile
from urllib.parse import urlsplit

from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupPagePermission, PageViewRestriction

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from cms.tests import local_servers
from newsletters.exporting import write_html_zip, write_wxr
from newsletters.models import PostPage, PublicationPage
from newsletters.wagtail_hooks import publication_header_export_button, publication_listing_export_button

pytestmark = pytest.mark.django_db

TITLES = {"Spring meeting", "Summer fair", "Bin days", "Autumn plans (draft two)", "Members only"}
NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def image_value(image, caption=""):
    return {"image": {"image": image.pk, "alt_text": "", "decorative": False}, "caption": caption}


@pytest.fixture
def garden(db):
    return get_image_model().objects.create(
        title="Community garden",
        description="Raised beds full of beans behind the centre.",
        credit="Photo: Pat",
        collection=Collection.get_first_root_node(),
        file=ImageFile(get_test_image_file(size=(900, 600)).file, name="garden.png"),
    )


@pytest.fixture
def posts(publication, picture, garden, authors):
    """Three live posts (one links to another; pictures, tags, authors), a draft and a private one."""

    def add(title, slug, date, body, tags=(), post_authors=(), live=True, **fields):
        post = PostPage(
            title=title, slug=slug, date=date, intro=f"<p>About {title}.</p>", body=body, live=live, **fields
        )
        for tag in tags:
            post.tags.add(tag)
        post.authors.set(post_authors)
        publication.add_child(instance=post)
        return post

    meeting = add(
        "Spring meeting",
        "spring-meeting",
        datetime.date(2026, 3, 4),
        [{"type": "paragraph", "value": "<p>Tea and biscuits at seven.</p>"}],
        tags=["meetings"],
        post_authors=[authors["private"]],
    )
    fair = add(
        "Summer fair",
        "summer-fair",
        datetime.date(2026, 6, 1),
        [
            {"type": "heading", "value": {"text": "What is on", "level": "h2"}},
            {
                "type": "paragraph",
                "value": f'<p>Planned at the <a linktype="page" id="{meeting.pk}">spring meeting</a>; '
                'tickets from <a href="https://example.org/tickets">the box office</a>.</p>',
            },
            {"type": "image", "value": image_value(garden, "Where it happens")},
            {
                "type": "video",
                "value": {
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "title": "Last year's fair",
                    "caption": "",
                },
            },
        ],
        tags=["events", "Summer fun"],
        post_authors=[authors["named"], authors["private"]],
        lead_image=picture,
    )
    bins = add(
        "Bin days",
        "bin-days",
        datetime.date(2026, 7, 10),
        [{"type": "paragraph", "value": "<p>Blue bins on Tuesday.</p>"}],
        tags=["bins"],
    )
    draft = add(
        "Autumn plans",
        "autumn-plans",
        datetime.date(2026, 9, 1),
        [{"type": "paragraph", "value": "<p>Not ready yet.</p>"}],
        tags=["plans"],
        live=False,
    )
    draft.title = "Autumn plans (draft two)"
    draft.save_revision()
    members = add(
        "Members only",
        "members-only",
        datetime.date(2026, 8, 1),
        [{"type": "paragraph", "value": "<p>Committee notes.</p>"}],
    )
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    return {"meeting": meeting, "fair": fair, "bins": bins, "draft": draft, "members": members}


def wxr_of(publication):
    output = io.BytesIO()
    summary = write_wxr(publication, output)
    return summary, ElementTree.fromstring(output.getvalue())


def items_by_type(root, post_type):
    return {
        item.findtext("title"): item
        for item in root.iter("item")
        if item.findtext("wp:post_type", namespaces=NS) == post_type
    }


def categories(item, domain):
    return {
        element.get("nicename"): element.text
        for element in item.findall("category")
        if element.get("domain") == domain
    }


def test_the_wxr_file_reads_back_with_every_post_its_date_author_tags_and_status(publication, posts):
    summary, root = wxr_of(publication)
    assert summary == {"posts": 5, "drafts": 1, "attachments": 2, "authors": 2, "tags": 5}
    assert root.tag == "rss"
    channel = root.find("channel")
    assert channel.findtext("title") == "Kingstanding Watch"
    assert channel.findtext("link") == "http://testserver/kingstanding/watch/"
    assert channel.findtext("wp:wxr_version", namespaces=NS) == "1.2"
    assert channel.findtext("wp:base_site_url", namespaces=NS) == "http://testserver"
    people = {
        author.findtext("wp:author_login", namespaces=NS): author.findtext(
            "wp:author_display_name", namespaces=NS
        )
        for author in channel.findall("wp:author", NS)
    }
    # Susan did not agree to be named: her name does not travel to the new site.
    assert people == {"watch": "Kingstanding Watch", "maureen-lewis": "Maureen Lewis"}
    assert {tag.findtext("wp:tag_slug", namespaces=NS) for tag in channel.findall("wp:tag", NS)} == {
        "meetings",
        "events",
        "summer-fun",
        "bins",
        "plans",
    }

    items = items_by_type(root, "post")
    assert set(items) == TITLES
    statuses = {title: item.findtext("wp:status", namespaces=NS) for title, item in items.items()}
    assert statuses == {
        "Spring meeting": "publish",
        "Summer fair": "publish",
        "Bin days": "publish",
        "Autumn plans (draft two)": "draft",
        "Members only": "private",
    }
    fair = items["Summer fair"]
    assert fair.findtext("link") == "http://testserver/kingstanding/watch/summer-fair/"
    assert fair.findtext("pubDate") == "Mon, 01 Jun 2026 11:00:00 +0000"  # noon in London, summer time
    assert fair.findtext("wp:post_date", namespaces=NS) == "2026-06-01 12:00:00"
    assert fair.findtext("wp:post_date_gmt", namespaces=NS) == "2026-06-01 11:00:00"
    assert fair.findtext("dc:creator", namespaces=NS) == "maureen-lewis"
    assert fair.findtext("wp:post_name", namespaces=NS) == "summer-fair"
    assert fair.findtext("wp:post_id", namespaces=NS) == str(posts["fair"].pk)
    assert fair.find("guid").get("isPermaLink") == "false"
    assert fair.findtext("excerpt:encoded", namespaces=NS) == "About Summer fair."
    assert categories(fair, "post_tag") == {"events": "events", "summer-fun": "Summer fun"}
    assert categories(fair, "category") == {}  # our tags stay tags; WordPress files posts as uncategorised
    assert items["Spring meeting"].findtext("dc:creator", namespaces=NS) == "watch"
    assert categories(items["Autumn plans (draft two)"], "post_tag") == {"plans": "plans"}
    assert "Not ready yet." in items["Autumn plans (draft two)"].findtext("content:encoded", namespaces=NS)


def test_the_wxr_file_reads_back_through_the_post_import(publication, posts):
    """The post import (newsletters.importing) reads our own export back: same posts, dates, tags."""
    from newsletters.importing.wxr import read_source

    output = io.BytesIO()
    write_wxr(publication, output)
    source = read_source(output.getvalue())
    assert source.format == "wxr" and source.title == "Kingstanding Watch"
    back = {post.title: post for post in source.posts}
    assert set(back) == TITLES
    assert not any(post.error for post in source.posts)
    fair = back["Summer fair"]
    assert fair.status == "publish" and fair.authors == ["Maureen Lewis"]
    assert fair.tags == ["events", "Summer fun"] and fair.slug == "summer-fair"
    assert fair.published.date() == datetime.date(2026, 6, 1)
    assert "/media/images/garden." in fair.content and "spring-meeting/" in fair.content
    assert back["Autumn plans (draft two)"].status == "draft"
    assert back["Spring meeting"].authors == ["Kingstanding Watch"]


@pytest.fixture
def site_on_local_server(settings, tmp_path):
    """The town's media files on a local http.server at the Site's address, for the post import to fetch."""
    from django.core.cache import cache

    from wagtail.models import Site

    settings.POST_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    # MEDIA_ROOT is tmp_path / "media"
    handler = functools.partial(local_servers.QuietFileHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    local_servers.start(server)
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=server.server_address[1])
    cache.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    local_servers.stop(server)


def test_an_exported_publication_imports_into_another_with_its_posts_pictures_and_links(
    publication, posts, place, site_on_local_server
):
    from newsletters.importing.posts import import_posts

    output = io.BytesIO()
    write_wxr(publication, output)
    assert site_on_local_server + "/kingstanding/watch/summer-fair/" in output.getvalue().decode()
    copy = PublicationPage(title="Watch (copy)", slug="watch-copy")
    place.add_child(instance=copy)
    report = import_posts(copy, output.getvalue())
    assert len(report.created) == 5 and not report.skipped

    imported = {page.title: page for page in PostPage.objects.child_of(copy)}
    assert set(imported) == TITLES
    assert not imported["Autumn plans (draft two)"].live and imported["Summer fair"].live
    fair = imported["Summer fair"]
    assert fair.date == datetime.date(2026, 6, 1)
    assert set(fair.tags.names()) == {"events", "Summer fun"}
    assert [author.name for author in fair.authors.all()] == ["Maureen Lewis"]
    kinds = [block.block_type for block in fair.body]
    assert "heading" in kinds and "image" in kinds
    [video] = [block.value for block in fair.body if block.block_type == "video"]
    assert video["title"] == "Last year's fair" and video.provider() == "YouTube"
    [picture] = [block.value["image"] for block in fair.body if block.block_type == "image"]
    assert picture.default_alt_text == "Raised beds full of beans behind the centre."
    assert (
        fair.lead_image.default_alt_text == "Houses on Kings Road."
        and fair.lead_image.collection.name == copy.title
    )
    links = " ".join(block.value.source for block in fair.body if block.block_type == "paragraph")
    assert f'linktype="page" id="{imported["Spring meeting"].pk}"' in links  # now the copy's own post


def test_the_wxr_body_is_clean_html_with_absolute_links_and_pictures(publication, posts, garden, picture):
    _, root = wxr_of(publication)
    fair = items_by_type(root, "post")["Summer fair"]
    body = fair.findtext("content:encoded", namespaces=NS)
    soup = BeautifulSoup(body, "html.parser")
    assert soup.find("h2").get_text() == "What is on"
    links = {link.get_text(): link["href"] for link in soup.find_all("a")}
    assert links["spring meeting"] == "http://testserver/kingstanding/watch/spring-meeting/"
    assert links["the box office"] == "https://example.org/tickets"
    [player] = soup.find_all("iframe")  # WordPress and Ghost make it their own video
    assert player["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert player["title"] == "Last year's fair"
    [image] = soup.find_all("img")
    assert re.fullmatch(r"http://testserver/media/images/garden\.[^/]+\.png", image["src"])
    assert image["alt"] == "Raised beds full of beans behind the centre."
    assert soup.find("figcaption").get_text() == "Where it happens · Photo: Pat"
    assert not soup.find_all(attrs={"class": True}) and not soup.find_all(
        ["script", "div", "picture", "source"]
    )

    attachments = items_by_type(root, "attachment")
    assert set(attachments) == {"Community garden", "Kings Road"}
    garden_item = attachments["Community garden"]
    assert garden_item.findtext("wp:attachment_url", namespaces=NS) == image["src"]
    assert garden_item.findtext("wp:post_parent", namespaces=NS) == str(posts["fair"].pk)
    meta = {
        entry.findtext("wp:meta_key", namespaces=NS): entry.findtext("wp:meta_value", namespaces=NS)
        for entry in garden_item.findall("wp:postmeta", NS)
    }
    assert meta["_wp_attachment_image_alt"] == "Raised beds full of beans behind the centre."
    thumbnail = {
        entry.findtext("wp:meta_key", namespaces=NS): entry.findtext("wp:meta_value", namespaces=NS)
        for entry in fair.findall("wp:postmeta", NS)
    }["_thumbnail_id"]
    assert thumbnail == attachments["Kings Road"].findtext("wp:post_id", namespaces=NS)
    post_ids = {item.findtext("wp:post_id", namespaces=NS) for item in root.iter("item")}
    assert len(post_ids) == 7  # attachments' ids never clash with the posts'


def test_links_in_a_wxr_file_use_the_publications_own_town_host(publication, posts, place):
    from wagtail.models import Site

    from home.models import HomePage

    other_home = HomePage.get_first_root_node().add_child(instance=HomePage(title="Bilston", slug="bilston"))
    Site.objects.create(hostname="bilston.example.org", port=443, root_page=other_home)
    moved = PublicationPage(title="Bilston News", slug="bilston-news")
    other_home.add_child(instance=moved)
    moved.add_child(
        instance=PostPage(
            title="Market day",
            slug="market-day",
            date=datetime.date(2026, 5, 1),
            body=[{"type": "paragraph", "value": '<p>See <a href="/bilston-news/">our news</a>.</p>'}],
        )
    )
    _, root = wxr_of(moved)
    item = items_by_type(root, "post")["Market day"]
    assert item.findtext("link") == "https://bilston.example.org/bilston-news/market-day/"
    assert 'href="https://bilston.example.org/bilston-news/"' in item.findtext(
        "content:encoded", namespaces=NS
    )
    assert root.find("channel").findtext("wp:base_site_url", namespaces=NS) == "https://bilston.example.org"


def resolve(name, address):
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), address))


def test_the_zip_has_an_index_a_page_per_live_post_the_pictures_and_links_that_resolve_inside(
    publication, posts
):
    output = io.BytesIO()
    summary = write_html_zip(publication, output)
    assert summary == {"posts": 3, "images": 2}
    archive = zipfile.ZipFile(output)
    names = set(archive.namelist())
    assert {
        "index.html",
        "style.css",
        "posts/spring-meeting.html",
        "posts/summer-fair.html",
        "posts/bin-days.html",
    } <= names
    assert not {"posts/autumn-plans.html", "posts/members-only.html"} & names  # drafts and private pages stay
    assert len([name for name in names if name.startswith("images/")]) == 2

    for name in (name for name in names if name.endswith(".html")):
        soup = BeautifulSoup(archive.read(name), "html.parser")
        assert soup.html["lang"] == "en-gb" and soup.find("h1"), name
        for element, attribute in (("a", "href"), ("img", "src"), ("link", "href")):
            for tag in soup.find_all(element, attrs={attribute: True}):
                address = tag[attribute].split("#")[0]
                if urlsplit(address).scheme or not address:
                    continue
                assert resolve(name, address) in names, f"{name}: {tag}"

    index = BeautifulSoup(archive.read("index.html"), "html.parser")
    assert [link.get_text() for link in index.select(".posts h2 a")] == [
        "Bin days",
        "Summer fair",
        "Spring meeting",
    ]
    fair = BeautifulSoup(archive.read("posts/summer-fair.html"), "html.parser")
    meeting_link = fair.find("a", string="spring meeting")["href"]
    assert resolve("posts/summer-fair.html", meeting_link) == "posts/spring-meeting.html"
    assert fair.find("a", string="the box office")["href"] == "https://example.org/tickets"
    # Offline pages load nothing from elsewhere: the video is a link to it.
    assert fair.find("a", string="Last year's fair")["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert not fair.find("iframe")
    images = fair.find_all("img")
    assert [image["alt"] for image in images] == [
        "Houses on Kings Road.",
        "Raised beds full of beans behind the centre.",
    ]
    assert all(image["src"].startswith("../images/") for image in images)
    assert archive.read(resolve("posts/summer-fair.html", images[1]["src"]))[:8] == b"\x89PNG\r\n\x1a\n"
    text = fair.get_text(" ")
    assert "Maureen Lewis" in text and "Susan Clarke" not in text
    assert "Summer fun" in text and "Not ready yet" not in archive.read("index.html").decode()


# --- the command --------------------------------------------------------------------


def test_the_command_writes_both_formats_with_progress_and_a_summary(publication, posts, tmp_path):
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    out = io.StringIO()
    call_command(
        "export_publication", "watch", "--format", "wxr", "--output", str(tmp_path / "w.xml"), stdout=out
    )
    text = out.getvalue()
    assert "5/5" in text and "Exported 5 posts, 1 drafts, 2 attachments" in text
    assert ElementTree.parse(tmp_path / "w.xml").getroot().tag == "rss"

    out = io.StringIO()
    call_command(
        "export_publication", str(publication.pk), "--format", "html", "--output", str(tmp_path), stdout=out
    )
    assert "Exported 3 posts, 2 images" in out.getvalue()
    assert "index.html" in zipfile.ZipFile(tmp_path / "watch-web-pages.zip").namelist()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["w.xml", "watch-web-pages.zip"]


@pytest.mark.parametrize("identifier", ["no-such-publication", "999999"])
def test_the_command_says_clearly_when_there_is_no_such_publication(publication, identifier, tmp_path):
    with pytest.raises(CommandError, match=f"no publication with the id or short name “{identifier}”"):
        call_command(
            "export_publication", identifier, "--output", str(tmp_path / "x.xml"), stdout=io.StringIO()
        )
    assert not list(tmp_path.iterdir())


def test_the_command_asks_for_the_id_when_two_towns_use_the_same_short_name(publication, home_page, tmp_path):
    home_page.add_child(instance=PublicationPage(title="Town watch", slug="watch"))
    with pytest.raises(CommandError, match="More than one publication"):
        call_command("export_publication", "watch", "--output", str(tmp_path / "x.xml"), stdout=io.StringIO())


# --- the admin ----------------------------------------------------------------------


def editor_of(django_user_model, name, page):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_exports_their_publication_from_the_admin(publication, posts, django_user_model):
    client = editor_of(django_user_model, "watch", publication)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[publication.pk]))
    export_url = reverse("newsletters_export:export", args=[publication.pk])
    assert edit.status_code == 200, edit.get("Location")
    assert export_url in edit.content.decode()
    page = client.get(export_url)
    assert page.status_code == 200 and "Download the WordPress file (WXR)" in page.content.decode()

    wxr = client.get(reverse("newsletters_export:download", args=[publication.pk, "wxr"]))
    assert wxr.status_code == 200 and "no-store" in wxr["Cache-Control"]
    assert 'filename="watch-wordpress.xml"' in wxr["Content-Disposition"]
    root = ElementTree.fromstring(b"".join(wxr.streaming_content))
    assert len(items_by_type(root, "post")) == 5

    zipped = client.get(reverse("newsletters_export:download", args=[publication.pk, "html"]))
    assert zipped["Content-Type"] == "application/zip"
    assert "posts/bin-days.html" in zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content))).namelist()
    assert client.get(reverse("newsletters_export:download", args=[publication.pk, "pdf"])).status_code == 404


def test_an_editor_of_another_publication_cannot_export_this_one(
    publication, posts, place, django_user_model
):
    other = PublicationPage(title="Allotments", slug="allotments")
    place.add_child(instance=other)
    client = editor_of(django_user_model, "grower", other)
    for url in (
        reverse("newsletters_export:export", args=[publication.pk]),
        reverse("newsletters_export:download", args=[publication.pk, "wxr"]),
        reverse("newsletters_export:download", args=[publication.pk, "html"]),
    ):
        response = client.get(url)
        assert response.status_code == 403 and b"Summer fair" not in response.content
        assert "may not export" in response.content.decode()
    grower = django_user_model.objects.get(username="grower")
    assert not list(publication_listing_export_button(publication, grower))
    assert not list(publication_header_export_button(publication, grower, "edit"))
    [button] = publication_listing_export_button(other, grower)
    assert button.url == reverse("newsletters_export:export", args=[other.pk])
    assert not list(publication_listing_export_button(posts["fair"], grower))  # posts have no export
    assert client.get(reverse("newsletters_export:export", args=[999999])).status_code == 404
