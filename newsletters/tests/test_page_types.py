"""Where publications and posts may go in the page tree, and what an editor must fill in."""

from django.core.exceptions import ValidationError

from wagtail.models import Page

import pytest

from newsletters.models import PostPage, PublicationPage

pytestmark = pytest.mark.django_db


def model_names(models):
    return {f"{model._meta.app_label}.{model.__name__}" for model in models}


def test_publications_go_under_the_home_page_places_and_community_centres():
    assert model_names(PublicationPage.allowed_parent_page_models()) == {
        "home.HomePage",
        "home.PlacePage",
        "home.CommunityCentrePage",
    }
    assert model_names(PublicationPage.allowed_subpage_models()) == {"newsletters.PostPage"}


def test_posts_only_go_under_a_publication_and_have_no_children():
    assert model_names(PostPage.allowed_parent_page_models()) == {"newsletters.PublicationPage"}
    assert PostPage.allowed_subpage_models() == []


def test_a_post_cannot_be_created_under_a_place(place, publication):
    assert not PostPage.can_create_at(place)
    assert PostPage.can_create_at(publication)
    assert PublicationPage.can_create_at(place)
    assert not PublicationPage.can_create_at(Page.get_first_root_node())


def test_a_lead_image_needs_its_alt_text(publication, picture):
    picture.description = " "
    picture.save()
    post = PostPage(title="March", slug="march", date="2026-03-01", lead_image=picture)
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "no description for people who cannot see it" in error.value.message_dict["lead_image"][0]
    picture.description = "Houses on Kings Road."
    picture.save()
    post.full_clean(exclude=["path", "depth"])


def test_every_editor_field_has_help_text():
    for model in (PublicationPage, PostPage):
        own_fields = [
            field
            for field in model._meta.get_fields()
            if getattr(field, "model", None) is model and field.editable and not field.auto_created
        ]
        fields = [f for f in own_fields if f.name not in {"page_ptr", "social_image"}]
        missing = [field.name for field in fields if not field.help_text]
        assert not missing, f"{model.__name__}: no help text on {missing}"
