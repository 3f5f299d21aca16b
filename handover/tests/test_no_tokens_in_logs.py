"""An invitation link never reaches the log, whatever happens to it."""

import pytest

from cms.tests.logs import site_log

pytestmark = pytest.mark.django_db

GOOD = "kettle orchard lantern"


def test_accepting_an_invitation_logs_no_token(client, set_up):
    path = set_up.invite.get_absolute_url()
    with site_log() as log:
        client.get(path)
        client.post(path, {"new_password1": GOOD, "new_password2": GOOD})
        client.logout()
        used = client.get(path)  # a used invitation is refused (4xx), and Django logs the refusal
    token = path.rstrip("/").split("/")[-1]
    assert used.status_code >= 400
    written = log.getvalue()
    assert "[hidden]" in written
    assert token not in written
