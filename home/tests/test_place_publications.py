"""Residents find their area's newsletters and blogs from its place page; cards say whose post it is."""

import datetime

import pytest

from home.models import PlacePage
from newsletters.models import PostPage, PublicationPage

pytestmark = pytest.mark.django_db


def publication(parent, title, kind="newsletter", live=True):
    page = PublicationPage(title=title, slug=title.lower().replace(" ", "-"), kind=kind, live=live)
    parent.add_child(instance=page)
    return page


def post(parent, title):
    page = PostPage(title=title, slug=title.lower().replace(" ", "-"), date=datetime.date(2026, 3, 4))
    parent.add_child(instance=page)
    return page


def test_a_place_lists_the_newsletters_and_blogs_in_it(client, place, home_page):
    street = place.add_child(instance=PlacePage(title="Kings Road", slug="kings-road"))
    publication(place, "Kingstanding Watch")
    publication(street, "Kings Road Garden Blog", kind="blog")
    publication(place, "Unfinished Bulletin", live=False)
    publication(
        home_page.add_child(instance=PlacePage(title="Handsworth", slug="handsworth")), "Elsewhere News"
    )

    html = client.get(place.url).content.decode()
    assert "Newsletters and blogs in Kingstanding" in html
    assert 'href="/kingstanding/kingstanding-watch/">Kingstanding Watch</a>' in html
    assert 'href="/kingstanding/kings-road/kings-road-garden-blog/">Kings Road Garden Blog</a>' in html
    assert "Unfinished Bulletin" not in html and "Elsewhere News" not in html


def test_a_place_with_no_publications_shows_no_empty_heading(client, place):
    assert "Newsletters and blogs in" not in client.get(place.url).content.decode()


def test_post_cards_in_a_place_and_on_the_home_page_name_their_publication(client, place, home_page):
    watch = publication(place, "Kingstanding Watch")
    blog = publication(place, "Garden Blog", kind="blog")
    post(watch, "Bins move to Tuesday")
    post(blog, "Seed swap")
    for url in (place.url, home_page.url):
        html = client.get(url).content.decode()
        cards = html.split('class="card post-card"')[1:]
        assert len(cards) == 2, url
        named = {
            "Bins move to Tuesday": 'href="/kingstanding/kingstanding-watch/">Kingstanding Watch</a>',
            "Seed swap": 'href="/kingstanding/garden-blog/">Garden Blog</a>',
        }
        for title, link in named.items():
            [card] = [card for card in cards if title in card]
            assert link in card.split("</li>")[0], (url, title)
