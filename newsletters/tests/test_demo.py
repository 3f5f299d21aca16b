"""The demo town's newsletter and blog."""

import pytest

from newsletters.models import PostPage, PublicationPage

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_watch_newsletters_and_a_blog(demo_site, client):
    watch = PublicationPage.objects.get(title="Kingstanding Neighbourhood Watch")
    assert watch.get_parent().title == "Kingstanding"
    issues = PostPage.objects.child_of(watch).live()
    assert issues.count() == 12
    assert len({(issue.date.year, issue.date.month) for issue in issues}) == 12
    blog = PublicationPage.objects.get(slug="allotments-blog", locale=demo_site.locale)
    assert blog.kind == PublicationPage.Kind.BLOG
    assert PostPage.objects.child_of(blog).live().count() >= 4
    for page in [watch, blog, *issues, *PostPage.objects.child_of(blog).live()]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert b"Susan Clarke" not in response.content


def test_every_demo_post_has_a_described_picture(demo_site):
    # In English, and the blog's translations (whose pictures are the English ones).
    ours = PublicationPage.objects.filter(slug__in=["neighbourhood-watch", "allotments-blog"])
    assert ours.filter(locale=demo_site.locale).count() == 2
    for publication in ours:
        for post in PostPage.objects.child_of(publication):
            assert post.lead_image and post.lead_image.alt_text, post.title
