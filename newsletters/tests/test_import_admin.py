"""The admin's "Import posts" screens: upload or address, preview, go-ahead, progress; and who may."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import GroupPagePermission

import pytest

from cms.tests.people import editor
from newsletters.models import ImportedPost, PostImport, PostPage, PublicationPage

from .importing import FIXTURES

pytestmark = pytest.mark.django_db

START = "/admin/import-posts/"


@pytest.fixture
def other_publication(place):
    blog = PublicationPage(title="Centre news", slug="centre-news", kind=PublicationPage.Kind.BLOG)
    place.add_child(instance=blog)
    return blog


@pytest.fixture
def people(django_user_model, publication, other_publication):
    return {
        "publisher": editor(
            django_user_model, "publisher", publication, ["add_page", "change_page", "publish_page"]
        ),
        "writer": editor(django_user_model, "writer", publication, ["add_page", "change_page"]),
        "other": editor(
            django_user_model, "other", other_publication, ["add_page", "change_page", "publish_page"]
        ),
        "stranger": editor(django_user_model, "stranger"),
    }


def upload(data, name="kingstandingwatch.xml"):
    return SimpleUploadedFile(name, data, "application/xml")


def small_export(wxr, count=4):
    """The export cut to its first ``count`` posts (a quicker import), plus the broken one."""
    head, *items = wxr.split(b"<item>")
    broken = next(item for item in items if b"Summer fair plans" in item)
    kept = [item.split(b"</channel>")[0] for item in [*items[:count], broken]]
    return head + b"".join(b"<item>" + item for item in kept) + b"</channel></rss>"


def test_the_admin_previews_then_imports_in_the_task_queue(client, publication, people, wxr):
    client.force_login(people["publisher"])
    page = client.get(START)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kingstanding Watch" in html and "Centre news" not in html  # only their own publications

    response = client.post(
        START, {"publication": publication.pk, "file": upload(small_export(wxr)), "redirects": "on"}
    )
    assert response.status_code == 302
    job = PostImport.objects.get()
    assert response["Location"] == f"{START}{job.pk}/"
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Import 4 posts" in html
    assert "Summer fair plans" in html and "its date cannot be read" in html
    assert "How to spot a doorstep scam" in html
    assert not PostPage.objects.exists()  # the preview is a dry run
    # The go-ahead carries no file: only the id in the address.
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.S)
    assert form.group(1) == f"{START}{job.pk}/"
    assert 'type="file"' not in form.group(2) and "hidden" not in form.group(2).replace(
        'type="hidden" name="csrfmiddlewaretoken"', ""
    )

    done = client.post(form.group(1))
    assert done.status_code == 302
    job.refresh_from_db()
    assert job.status == PostImport.Status.DONE
    assert job.data == b""  # the file is not kept once imported
    assert job.done == 5
    assert PostPage.objects.child_of(publication).live().count() == 4
    assert Redirect.objects.count() == 4
    result = client.get(done["Location"]).content.decode()
    assert "4 post(s) created, 0 updated, 1 skipped" in result
    assert "Maureen Lewis" in result  # a new author, not public yet

    # Pressing the button again (a double click, the back button) imports nothing twice.
    client.post(form.group(1))
    assert PostPage.objects.count() == ImportedPost.objects.count() == 4

    # A second import of the same file is previewed as updates.
    client.post(START, {"publication": publication.pk, "file": upload(small_export(wxr))})
    second = PostImport.objects.latest("pk")
    assert "Import 4 posts" in client.get(f"{START}{second.pk}/").content.decode()
    assert [item["action"] for item in second.report["items"]] == ["update"] * 4 + ["skip"]


def test_the_progress_page_refreshes_itself_until_the_import_is_done(client, publication, people):
    client.force_login(people["publisher"])
    job = PostImport.objects.create(
        publication=publication,
        requested_by=people["publisher"],
        source_name="big.xml",
        status=PostImport.Status.RUNNING,
        done=1200,
        total=5000,
    )
    response = client.get(f"{START}{job.pk}/")
    assert response["Refresh"] == "3"
    assert "1200 of 5000 posts" in response.content.decode()


def test_a_writer_who_may_not_publish_imports_drafts(client, publication, people, wxr):
    client.force_login(people["writer"])
    client.post(START, {"publication": publication.pk, "file": upload(small_export(wxr, 2))})
    job = PostImport.objects.get()
    assert "every post will be saved as a draft" in client.get(f"{START}{job.pk}/").content.decode()
    client.post(f"{START}{job.pk}/")
    assert PostPage.objects.count() == 2
    assert not PostPage.objects.live().exists()


def test_a_feed_address_can_be_imported(client, publication, people, image_server, tmp_path):
    atom = (FIXTURES / "centre-news.atom").read_text().replace("__IMAGES__", image_server)
    (tmp_path / "old-site" / "news.atom").write_text(atom)
    client.force_login(people["publisher"])
    response = client.post(START, {"publication": publication.pk, "url": f"{image_server}/news.atom"})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Import 3 posts" in preview and "Spring craft fair" in preview

    response = client.post(START, {"publication": publication.pk, "url": f"{image_server}/gone.atom"})
    assert response.status_code == 400
    assert "HTTP status 404" in response.content.decode()


def test_another_publications_editor_is_refused(client, publication, people, wxr):
    client.force_login(people["publisher"])
    client.post(START, {"publication": publication.pk, "file": upload(small_export(wxr, 1))})
    job = PostImport.objects.get()

    client.force_login(people["other"])
    response = client.post(START, {"publication": publication.pk, "file": upload(small_export(wxr, 1))})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert client.get(f"{START}{job.pk}/").status_code == 404
    assert client.post(f"{START}{job.pk}/").status_code == 404

    client.force_login(people["stranger"])
    assert client.get(START).status_code == 403
    assert client.post(START, {"publication": publication.pk}).status_code == 403

    # Someone whose permission was taken away after the preview cannot go ahead.
    GroupPagePermission.objects.filter(group__name="publisher group").delete()
    client.force_login(people["publisher"])
    assert client.post(f"{START}{job.pk}/").status_code == 403
    assert not PostPage.objects.exists()
    job.refresh_from_db()
    assert job.status == PostImport.Status.PREVIEWED


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"email,name\npat@example.org,Pat\n", "members.csv", "This is not an XML file"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.svg", "not a WordPress export or an RSS"),
        (b"", "empty.xml", "Choose an export file"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaa"><!ENTITY b "&a;&a;">]><rss>&b;</rss>',
            "bomb.xml",
            "entities",
        ),
    ],
)
def test_a_bad_upload_gets_a_clear_message_and_a_4xx(client, publication, people, data, name, message):
    client.force_login(people["publisher"])
    response = client.post(START, {"publication": publication.pk, "file": upload(data, name)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PostImport.objects.exists()


def test_a_huge_upload_is_refused(client, publication, people, monkeypatch):
    from newsletters import import_admin

    monkeypatch.setattr(import_admin, "MAX_UPLOAD_BYTES", 100)
    client.force_login(people["publisher"])
    response = client.post(
        START, {"publication": publication.pk, "file": upload(b"<rss>" + b" " * 200 + b"</rss>")}
    )
    assert response.status_code == 413
    assert "too big" in response.content.decode()


def test_the_menu_offers_the_import_to_those_who_may(client, people):
    client.force_login(people["publisher"])
    assert reverse("newsletters_import:start") in client.get("/admin/").content.decode()
    client.force_login(people["stranger"])
    assert reverse("newsletters_import:start") not in client.get("/admin/").content.decode()


def test_a_publications_page_offers_its_import(client, publication, people):
    client.force_login(people["publisher"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[publication.pk])).content.decode()
    link = f"{START}?publication={publication.pk}"
    assert link in html
    assert f'<option value="{publication.pk}" selected>' in client.get(link).content.decode()
