"""Fixtures for the hand-over: people in each role, a surgery, and a newcomer already set up."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from handover.permissions import HELPERS_GROUP, helpers_group
from handover.setup import Newcomer, set_up_newcomer

PASSWORD = "correct-horse-battery-staple"


def make_user(username, groups=(), **extra):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=username.title(),
        **extra,
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def make_helper():
    helpers_group()  # made by a migration, but emptied by any earlier transactional test
    return make_user("sam", groups=[HELPERS_GROUP], last_name="Helper")


def make_editor():
    """Someone in Wagtail's own "Editors" group (made by Wagtail's migrations)."""
    return make_user("edie", groups=["Editors"])


def make_admin():
    return make_user("ada", is_superuser=True, is_staff=True)


def make_surgery(place):
    from surgeries.models import SurgeryPage

    starts = timezone.make_aware(datetime.datetime(2026, 3, 4, 10, 0))
    page = SurgeryPage(
        title="Social media surgery, 4 March 2026",
        slug="surgery-march-2026",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
    )
    place.add_child(instance=page)
    return page


@pytest.fixture
def helper(db):
    return make_helper()


@pytest.fixture
def editor(db):
    return make_editor()


@pytest.fixture
def admin_user(db):
    return make_admin()


@pytest.fixture
def surgery(place):
    return make_surgery(place)


def newcomer_details(place, **overrides):
    details = {
        "name": "Maureen Lewis",
        "email": "maureen@example.org",
        "group_name": "Kingstanding Neighbourhood Watch",
        "kind": "newsletter",
        "place": place,
        "topics": ("newsletter", "safety"),
    }
    details.update(overrides)
    return Newcomer(**details)


def set_up_maureen(place, surgery, helper):
    """Maureen, set up at the March surgery by Sam, publishing without review."""
    return set_up_newcomer(newcomer_details(place, surgery=surgery), helper)


@pytest.fixture
def set_up(place, surgery, helper):
    return set_up_maureen(place, surgery, helper)


@pytest.fixture
def reviewed(place, surgery, helper):
    """Another group whose first posts Sam reviews."""
    return set_up_newcomer(
        newcomer_details(
            place,
            name="Pat Jones",
            email="",
            group_name="Elm Road Residents",
            kind="blog",
            review_first_posts=True,
        ),
        helper,
    )


def with_password(user):
    """The newcomer, able to log in with PASSWORD."""
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def newcomer(set_up):
    return with_password(set_up.newcomer)
