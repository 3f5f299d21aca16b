"""Slowing down password guessing at the admin sign-in page.

Failed sign-ins are counted per account (the username as typed, ignoring case and
spaces) and per network address (IPv6 callers per /64, since one household or
phone gets a whole /64) over a sliding window. Past the limit, sign-in is refused
even with the right password until enough old failures have left the window, and
the page says when to try again. A successful sign-in clears that account's
count but not the address's, so a guesser cannot reset their allowance with an
account of their own.

Counts live in Django's cache (Redis when ``REDIS_URL`` is set, so every web
process shares them) as one counter per minute, incremented atomically: two
guesses at the same moment are both counted. Callers are told apart as the public
forms' rate limit does (``cms.abuse.client_ip`` and ``rate_limit_key_part``); the
counting differs because only failures count and the page must say when the
lock lifts.
"""

import hashlib
import math
import time
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views.account import LoginView

from cms.abuse import client_ip, rate_limit_key_part
from cms.counters import count_one_more

BUCKET_SECONDS = 60
LOCKED_OUT = "locked_out"


def _window_seconds():
    return max(BUCKET_SECONDS, int(settings.LOGIN_LOCKOUT_MINUTES) * 60)


def account_key(username):
    """How an account is counted: the same person typing 'Admin ' and 'admin' shares one allowance."""
    return "account:" + hashlib.sha256((username or "").strip().casefold().encode()).hexdigest()[:24]


def address_key(request):
    """How a caller's address is counted: IPv4 as is, IPv6 by its /64 network (as the form limits do)."""
    group = rate_limit_key_part(client_ip(request))
    return "address:" + hashlib.sha256(group.encode()).hexdigest()[:24]


def _bucket_keys(key, now):
    """(minute number, cache key) for every minute still inside the window, oldest first."""
    current = int(now // BUCKET_SECONDS)
    count = _window_seconds() // BUCKET_SECONDS
    return [
        (minute, f"patchwork:login-failures:{key}:{minute}")
        for minute in range(current - count + 1, current + 1)
    ]


def record_failure(key, now=None):
    now = time.time() if now is None else now
    _minute, cache_key = _bucket_keys(key, now)[-1]
    count_one_more(cache_key, _window_seconds() + BUCKET_SECONDS)


def clear_failures(key, now=None):
    now = time.time() if now is None else now
    cache.delete_many([cache_key for _minute, cache_key in _bucket_keys(key, now)])


def locked_until(key, limit, now=None):
    """When this account or address may try again (a Unix time), or None if it may try now."""
    now = time.time() if now is None else now
    buckets = _bucket_keys(key, now)
    stored = cache.get_many([cache_key for _minute, cache_key in buckets])
    counts = [(minute, int(stored.get(cache_key) or 0)) for minute, cache_key in buckets]
    remaining = sum(count for _minute, count in counts)
    if remaining < limit:
        return None
    window_minutes = len(buckets)
    for minute, count in counts:
        remaining -= count
        if remaining < limit:
            # This minute's failures leave the window once the window has moved past it.
            return (minute + window_minutes) * BUCKET_SECONDS
    return None  # unreachable: the loop always empties the window


def _limits(username, request):
    limits = [(account_key(username), int(settings.LOGIN_FAILURES_PER_ACCOUNT))]
    if request is not None:
        limits.append((address_key(request), int(settings.LOGIN_FAILURES_PER_ADDRESS)))
    return limits


def retry_time(username, request, now=None):
    """The latest 'try again' time over the account and the address, or None if sign-in may go ahead."""
    times = [locked_until(key, limit, now) for key, limit in _limits(username, request)]
    times = [moment for moment in times if moment is not None]
    return max(times) if times else None


def note_failed_login(sender, credentials, request=None, **kwargs):
    """``user_login_failed`` receiver: count the failure against the account and the address."""
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    for key, _limit in _limits(username, request):
        record_failure(key)


def note_successful_login(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the account starts afresh (the address does not)."""
    clear_failures(account_key(user.get_username()))


def locked_out_message(retry_at, now=None):
    now = time.time() if now is None else now
    minutes = max(1, math.ceil((retry_at - now) / 60))
    local = timezone.localtime(datetime.fromtimestamp(retry_at, tz=UTC))
    return (
        f"Too many failed sign-in attempts. To protect this account, signing in is paused: please try "
        f"again after {local:%H:%M} (in {minutes} minute{'s' if minutes != 1 else ''}). If you have "
        f"forgotten your password, use 'Forgotten password?' below instead of guessing."
    )


class ThrottledLoginForm(LoginForm):
    """Wagtail's sign-in form, refusing to check any password while the account or address is locked out."""

    def clean(self):
        retry_at = retry_time(self.cleaned_data.get("username"), self.request)
        if retry_at is not None:
            self.retry_at = retry_at
            raise ValidationError(locked_out_message(retry_at), code=LOCKED_OUT)
        return super().clean()


class ThrottledLoginView(LoginView):
    """Wagtail's sign-in page, answering 429 Too Many Requests with a Retry-After while locked out."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        retry_at = getattr(form, "retry_at", None)
        if retry_at is not None:
            response.status_code = 429
            response["Retry-After"] = str(max(1, math.ceil(retry_at - time.time())))
        return response
