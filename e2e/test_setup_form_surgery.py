"""In a real browser, choosing the surgery on the set-up form fills in the place it is held in."""

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from handover.permissions import helpers_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "lantern-orchard-kettle"


def test_choosing_a_surgery_fills_in_its_place(demo_live_server, page):
    from surgeries.models import SurgeryPage

    user = get_user_model().objects.create_user(username="sam", password=PASSWORD)
    user.groups.add(helpers_group())
    surgeries = list(SurgeryPage.objects.order_by("starts_at"))
    assert surgeries, "the demo has surgeries"

    page.goto(f"{demo_live_server.url}/admin/login/?next=/admin/handover/newcomer/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    surgery_select = page.get_by_label("The surgery (optional)")
    place_select = page.get_by_label("The place it belongs to")
    expect(surgery_select).to_be_visible()
    # Plain place names, no page chooser.
    expect(place_select.locator("option", has_text="Root")).to_have_count(0)

    for surgery in (surgeries[0], surgeries[-1]):
        place_select.select_option("")
        surgery_select.select_option(str(surgery.pk))
        expect(place_select).to_have_value(str(surgery.get_parent().pk))
