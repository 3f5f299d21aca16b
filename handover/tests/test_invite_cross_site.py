"""A page on another website cannot post the invitation form, even with a leaked link."""

import pytest

pytestmark = pytest.mark.django_db

GOOD = "kettle orchard lantern"


def test_a_cross_site_password_choice_is_refused_and_the_link_still_works(client, set_up):
    url = set_up.invite.get_absolute_url()
    data = {"new_password1": GOOD, "new_password2": GOOD}
    response = client.post(url, data, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not response.cookies  # nobody was logged in
    set_up.invite.refresh_from_db()
    assert not set_up.invite.is_used
    response = client.post(url, data, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
