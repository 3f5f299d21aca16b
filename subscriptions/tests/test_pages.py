"""Query ceilings for the public subscription pages, and the demo subscribers."""

import io

from django.core.management import call_command
from django.urls import reverse

import pytest

from subscriptions.models import Subscriber
from subscriptions.tokens import confirm_url, unsubscribe_url

from .conftest import make_subscribers

CEILING = 12


@pytest.mark.django_db
@pytest.mark.parametrize("how_many", [3, 300])
def test_public_pages_cost_the_same_with_few_or_many_subscribers(
    client, newsletter, how_many, django_assert_max_num_queries
):
    make_subscribers(newsletter, how_many)
    pending = make_subscribers(newsletter, 1, status=Subscriber.Status.PENDING, prefix="pending")[0]
    subscriber = Subscriber.objects.get(email="reader0@example.org")
    paths = [
        reverse("subscriptions:subscribe", args=[newsletter.pk]),
        reverse("subscriptions:check_inbox", args=[newsletter.pk]),
        confirm_url(pending).removeprefix("http://testserver"),
        unsubscribe_url(subscriber).removeprefix("http://testserver"),
    ]
    for path in paths:
        with django_assert_max_num_queries(CEILING):
            assert client.get(path).status_code == 200
    with django_assert_max_num_queries(CEILING):
        assert client.post(paths[0], {"email": "new@example.org"}).status_code == 302


@pytest.mark.django_db
def test_head_requests_work_on_the_sign_up_page(client, newsletter):
    assert client.head(reverse("subscriptions:subscribe", args=[newsletter.pk])).status_code == 200


@pytest.mark.django_db
def test_demo_has_subscribers_of_every_kind_on_the_watch_newsletter(demo_site):
    statuses = set(Subscriber.objects.values_list("status", flat=True))
    assert {"confirmed", "pending", "unsubscribed"} <= statuses
    assert "Neighbourhood Watch" in Subscriber.objects.first().publication.title
    assert all(Subscriber.objects.values_list("consent_text", flat=True))


@pytest.mark.django_db
def test_demo_step_does_nothing_without_newsletters(home_page):
    from home.demo import DemoTown
    from subscriptions import demo

    out = io.StringIO()
    demo.build(DemoTown(home=home_page), lambda line: out.write(line))
    assert "no subscribers added" in out.getvalue()
    assert not Subscriber.objects.exists()
    call_command("check")
