"""A hostile page on another website auto-submits our booking form: the browser's post is refused.

The hostile page is served by a second tiny HTTP server on 127.0.0.2, a different
site from the live server's, so Chromium sends ``Origin: http://127.0.0.2:<port>``
and ``Sec-Fetch-Site: cross-site`` with the form, exactly as a real attack would.
"""

import http.server
import re
from html import escape

from django.core import mail

import pytest

from cms.tests import local_servers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hostile_site():
    """serve(html) -> the address of a page on another site that shows ``html``."""
    pages = {}

    class Handler(local_servers.QuietHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    local_servers.start(server)

    def serve(html):
        pages["/prize.html"] = html
        return f"http://127.0.0.2:{server.server_address[1]}/prize.html"

    yield serve
    local_servers.stop(server)


def auto_submitting_form(action, fields):
    inputs = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">' for name, value in fields
    )
    return (
        "<!DOCTYPE html><title>You have won a prize</title>"
        f'<form id="f" method="post" action="{escape(action)}">{inputs}</form>'
        "<script>document.getElementById('f').submit()</script>"
    )


def test_a_hostile_page_cannot_book_a_seat_but_our_own_form_still_can(demo_live_server, page, hostile_site):
    from surgeries.models import Booking, SurgeryPage

    surgery = SurgeryPage.objects.get(title="Tuesday evening surgery, city centre")
    before = Booking.objects.filter(surgery=surgery).count()
    action = f"{demo_live_server.url}/surgeries/{surgery.pk}/book/attend/"
    fields = [
        ("attend-name", "Victim"),
        ("attend-email", "victim@example.com"),
        ("attend-organisation_kind", "individual"),
        ("attend-topics", "facebook"),
        ("attend-website", ""),
    ]
    with page.expect_response(lambda response: response.url == action) as refused:
        page.goto(hostile_site(auto_submitting_form(action, fields)))
    assert refused.value.status == 403
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "This form was sent from another website"
    assert Booking.objects.filter(surgery=surgery).count() == before
    assert not Booking.objects.filter(email="victim@example.com").exists()
    assert mail.outbox == []

    # The same booking sent from our own page goes through (and holds a seat for a first-timer).
    page.goto(demo_live_server.url + surgery.url)
    form = page.locator("#book-attend")
    form.get_by_label("Your name").fill("Victim")
    form.get_by_label("Your email address").fill("victim@example.com")
    form.get_by_label("Just me").check()
    form.get_by_label("A Facebook page").check()
    form.get_by_role("button", name="Book my place").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email to keep your place"
    assert Booking.objects.get(email="victim@example.com").status == "held"
    assert page.context.cookies() == []

    # The link in the email, pressed on our own page, books the seat.
    confirm = re.search(r"(/surgeries/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(demo_live_server.url + confirm)
    page.get_by_role("button", name="Confirm my place").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You are booked"
    assert Booking.objects.get(email="victim@example.com").status == "booked"
