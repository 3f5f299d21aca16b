"""Wherever a reader meets a publication (its page, its archive, any post) they can follow it."""

import pytest

from newsletters.models import PublicationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(place):
    page = PublicationPage(title="Garden Blog", slug="garden-blog", kind=PublicationPage.Kind.BLOG)
    place.add_child(instance=page)
    return page


def reader_pages(client, publication, post):
    return {
        "publication": client.get(publication.url).content.decode(),
        "archive": client.get(publication.url + "archive/").content.decode(),
        "post": client.get(post.url).content.decode(),
    }


def visible_feed_links(html, publication):
    rss, atom = publication.feed_links("publication", pk=publication.pk)
    body = html.split("<body", 1)[1]  # not the <link rel="alternate"> in the head
    return f'href="{rss}"' in body and f'href="{atom}"' in body and "Follow in a feed reader" in body


def test_a_newsletter_offers_email_and_a_feed_on_every_page(client, publication, make_posts):
    [post] = make_posts(1)
    for name, html in reader_pages(client, publication, post).items():
        assert visible_feed_links(html, publication), name
    pages = reader_pages(client, publication, post)
    assert "Get Kingstanding Watch by email" in pages["publication"]
    assert "Get Kingstanding Watch by email" in pages["post"]


def test_a_blog_offers_its_feed_on_every_page(client, blog, make_posts):
    [post] = make_posts(1, parent=blog)
    for name, html in reader_pages(client, blog, post).items():
        assert visible_feed_links(html, blog), name
        assert "by email" not in html, name  # blogs are not sent by email
