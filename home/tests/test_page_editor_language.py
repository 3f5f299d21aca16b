"""The page editor and the site settings speak the editor's admin language: an editor whose
Wagtail "Preferred language" is Polish or Urdu reads our fields' labels, help and panel headings
in it, for every page type."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site
from wagtail.users.models import UserProfile

import pytest

from home.models import StandardPage
from newsletters.models import PostPage, PublicationPage
from surgeries.models import SurgeryPage

pytestmark = pytest.mark.django_db


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save(update_fields=["preferred_language"])
    return user


@pytest.fixture
def pages(home_page, place, centre):
    """One live page of every type, as the page tree holds them."""
    standard = home_page.add_child(instance=StandardPage(title="About", slug="about"))
    publication = place.add_child(
        instance=PublicationPage(
            title="Kingstanding Watch", slug="watch", kind=PublicationPage.Kind.NEWSLETTER
        )
    )
    post = publication.add_child(
        instance=PostPage(title="March issue", slug="march", date=datetime.date(2030, 3, 1))
    )
    start = timezone.now() + datetime.timedelta(days=7)
    surgery = place.add_child(
        instance=SurgeryPage(
            title="Social media surgery", starts_at=start, ends_at=start + datetime.timedelta(hours=2)
        )
    )
    return {
        "home page": home_page,
        "place": place,
        "standard page": standard,
        "community centre": centre,
        "publication": publication,
        "post": post,
        "surgery": surgery,
    }


# For each page type: (Polish that must be shown, the English it translates).
POLISH = {
    "home page": [
        ("Wstęp", "Introduction"),
        ("Opcjonalnie. Zdjęcie okolicy pokazywane u góry strony.", "Optional. A photo of the area"),
        ("Obraz do udostępniania", "Social image"),
    ],
    "place": [
        ("Wstęp", "Introduction"),
        ("Opcjonalnie. Zdjęcie okolicy pokazywane u góry strony.", "Optional. A photo of the area"),
    ],
    "standard page": [
        ("Treść główna", ">Body<"),
        ("Główny tekst. Dodaj nagłówki, aby podzielić go na krótkie części.", "The main text. Add headings"),
    ],
    "community centre": [
        ("Jak znaleźć ośrodek i się z nim skontaktować", "Finding and contacting the centre"),
        ("Kod pocztowy", ">Postcode<"),
        ("Plan zajęć i sale", "Timetable and rooms"),
        ("Stałe zajęcia", "Regular activity"),
        ("Dostęp bez schodów", "Step-free access"),
        ("Stawka dla mieszkańców", "Rate for residents"),
        ("Poniedziałek", ">Monday<"),
    ],
    "publication": [
        ("Jak czytelnicy mogą się z wami skontaktować", "How readers can contact you"),
        ("Rodzaj", ">Kind<"),
    ],
    "post": [
        ("Data tego numeru lub wpisu, widoczna dla czytelników.", "The date of this issue or post"),
        ("Główne zdjęcie", "Lead image"),
    ],
    "surgery": [
        ("O tym dyżurze", "About this surgery"),
        ("Co zabrać ze sobą", "What to bring"),
        ("Liczba miejsc dla pomocników", "Helper capacity"),
    ],
}


@pytest.mark.parametrize("page_type", POLISH)
def test_a_polish_editor_reads_each_page_editor_in_polish(client, admin_user, pages, page_type):
    client.force_login(speaks(admin_user, "pl"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[pages[page_type].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="pl"' in html
    for polish, english in POLISH[page_type]:
        assert polish in html, (page_type, polish)
        assert english not in html, (page_type, english)


def test_an_english_editor_still_reads_the_page_editor_in_english(client, admin_user, pages):
    client.force_login(admin_user)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[pages["community centre"].pk])
    ).content.decode()
    assert "Finding and contacting the centre" in html and "Step-free access" in html
    assert "Jak znaleźć ośrodek" not in html


@pytest.mark.parametrize("page_type", ["publication", "community centre"])
def test_tab_links_are_the_same_whichever_language_opened_the_editor_first(
    client, admin_user, django_user_model, pages, page_type
):
    edit_url = reverse("wagtailadmin_pages:edit", args=[pages[page_type].pk])
    client.force_login(speaks(admin_user, "pl"))
    polish = client.get(edit_url).content.decode()
    english_editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(english_editor)
    english = client.get(edit_url).content.decode()
    assert 'href="#tab-promote"' in polish and 'href="#tab-promote"' in english
    assert "Promocja" in polish and "Promote" in english


def test_a_polish_editor_reads_the_site_settings_in_polish(client, admin_user, home_page):
    client.force_login(speaks(admin_user, "pl"))
    site = Site.objects.get(is_default_site=True)
    response = client.get(reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for polish, english in [
        ("Wasza organizacja", "Your organisation"),
        ("Nazwa organizacji", "Organisation name"),
        ("Role na dyżurach", "Surgery roles"),
        ("Nazwa grupy, która prowadzi tę stronę, widoczna u góry każdej strony.", "The name of the group"),
    ]:
        assert polish in html, polish
        assert english not in html, english


def test_an_urdu_editor_reads_the_centre_editor_in_urdu_right_to_left(client, admin_user, pages):
    client.force_login(speaks(admin_user, "ur"))
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[pages["community centre"].pk])
    ).content.decode()
    assert 'lang="ur"' in html and 'dir="rtl"' in html
    assert "سینٹر تک پہنچنا اور رابطہ" in html  # "Finding and contacting the centre"
    assert "پوسٹ کوڈ" in html  # "Postcode"
    assert "Finding and contacting the centre" not in html


def test_a_polish_network_admin_adds_a_town_with_the_form_in_polish(client, admin_user, home_page):
    client.force_login(speaks(admin_user, "pl"))
    html = client.get(reverse("home_towns:add")).content.decode()
    for polish, english in [
        ("Gdzie działa miasto", "Where the town lives"),
        ("Własna witryna pod własnym adresem", "Its own website, at its own address"),
        ("Krótka nazwa", "Slug"),
        ("Nazwa hosta", "Host name"),
    ]:
        assert polish in html, polish
        assert english not in html, english

    refused = client.post(reverse("home_towns:add"), {"name": "Walsall", "slug": "walsall", "kind": "site"})
    assert refused.status_code == 400
    assert "Miasto z własną witryną potrzebuje nazwy hosta" in refused.content.decode()
