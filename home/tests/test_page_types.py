from wagtail.models import Page

import pytest

from home.models import CommunityCentrePage, HomePage, PlacePage, StandardPage
from newsletters.models import PublicationPage
from surgeries.models import SurgeryPage


def allowed_children(page_class):
    return set(page_class.allowed_subpage_models())


def allowed_parents(page_class):
    return set(page_class.allowed_parent_page_models())


def test_home_page_sits_at_the_top_of_the_tree_and_holds_places_and_plain_pages():
    assert allowed_parents(HomePage) == {Page}
    assert allowed_children(HomePage) == {PlacePage, StandardPage, PublicationPage}


def test_places_nest_and_hold_everything_local():
    assert allowed_parents(PlacePage) == {HomePage, PlacePage}
    assert allowed_children(PlacePage) == {PlacePage, CommunityCentrePage, PublicationPage, SurgeryPage}


def test_community_centres_sit_in_places_and_may_have_a_publication():
    assert allowed_parents(CommunityCentrePage) == {PlacePage}
    assert allowed_children(CommunityCentrePage) == {PublicationPage}


def test_plain_pages_live_under_the_home_page_or_each_other():
    assert allowed_parents(StandardPage) == {HomePage, StandardPage}
    assert allowed_children(StandardPage) == {StandardPage}


@pytest.mark.django_db
def test_a_place_cannot_be_created_at_the_root(home_page):
    root = Page.get_first_root_node()
    assert not PlacePage.can_create_at(root)
    assert PlacePage.can_create_at(home_page)
    assert HomePage.can_create_at(root)


def test_every_editor_field_has_help_text():
    """Editors have never used a CMS before: every field they fill in explains itself."""
    skip = {field.name for field in Page._meta.get_fields()}
    for page_class in (HomePage, PlacePage, CommunityCentrePage, StandardPage):
        for field in page_class._meta.get_fields():
            if field.name in skip or not getattr(field, "editable", False) or field.auto_created:
                continue
            if field.name.endswith("_ptr"):
                continue
            assert field.help_text, f"{page_class.__name__}.{field.name} has no help text"
