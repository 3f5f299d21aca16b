from django import forms
from django.test import RequestFactory

from cms.abuse import HoneypotFormMixin, client_ip, rate_limited


class ContactForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField()


def test_honeypot_flags_bots_that_fill_every_field():
    assert ContactForm({"email": "a@example.com", "website": "http://spam.example"}).is_spam()
    assert not ContactForm({"email": "a@example.com", "website": ""}).is_spam()


def test_rate_limit_counts_per_ip_and_scope():
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="203.0.113.5")
    other = factory.post("/", REMOTE_ADDR="203.0.113.6")
    results = [rate_limited(first, "subscribe", limit=3, window_seconds=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert not rate_limited(other, "subscribe", limit=3, window_seconds=60)
    assert not rate_limited(first, "booking", limit=3, window_seconds=60)


def test_forwarded_for_is_only_believed_behind_a_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.1")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.7"
