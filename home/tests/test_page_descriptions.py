"""Someone adding a page chooses its type from a list: each type says in plain words what it is for."""

from wagtail.models import get_page_models

import pytest

OUR_APPS = {"home", "newsletters", "surgeries", "handover", "subscriptions", "search"}


def our_page_types():
    return [
        model for model in get_page_models() if model._meta.app_label in OUR_APPS and not model._meta.abstract
    ]


def test_every_kind_of_page_is_covered():
    names = {model.__name__ for model in our_page_types()}
    assert {"HomePage", "PlacePage", "StandardPage", "CommunityCentrePage"} <= names
    assert {"PublicationPage", "PostPage", "SurgeryPage"} <= names


@pytest.mark.parametrize("model", our_page_types(), ids=lambda model: model.__name__)
def test_each_page_type_describes_itself_to_editors(model):
    description = str(model.get_page_description() or "").strip()
    assert description, f"{model.__name__} has no page_description"
    assert description.endswith("."), "a whole sentence reads better in the page type chooser"
    assert len(description) <= 160, "the page type chooser shows a short line, not an essay"


@pytest.mark.django_db
def test_the_page_type_chooser_shows_the_descriptions(admin_client, home_page):
    from home.models import PlacePage

    response = admin_client.get(f"/admin/pages/{home_page.pk}/add_subpage/")
    assert response.status_code == 200
    assert str(PlacePage.page_description) in response.content.decode()
