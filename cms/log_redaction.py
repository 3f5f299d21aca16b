"""Keep secret links out of the logs.

Confirmation, cancel, withdraw, unsubscribe, invitation, follow-up and password-reset links
carry a token that acts as a password for one booking, subscription or answer.
Django logs the path of every 4xx response ("Not Found: /surgeries/cancel/<token>/")
and runserver logs every request line, so a log reader could cancel someone's
booking. The filter on the console handler (cms/settings/base.py LOGGING)
replaces those tokens with "[hidden]" in every message and traceback.
"""

import logging
import re

HIDDEN = "[hidden]"

# A secret path segment: what follows one of these words in a URL path. Password
# reset links have two (the account and the token), so up to two are hidden.
_SECRET_PATH = re.compile(
    r"(?P<lead>/(?:confirm|unsubscribe|cancel|withdraw|welcome|reset|invite|invitation|follow-up|password_reset/confirm)/)"
    r"(?P<first>[^/\s?#\"'<>]+)(?P<second>/[^/\s?#\"'<>]+)?"
)
# Secrets in a query string (?token=..., &key=...).
_SECRET_QUERY = re.compile(r"(?P<lead>[?&](?:token|key|signature|code)=)[^&\s#\"'<>]+", re.IGNORECASE)


def hide_tokens(text):
    """The text with every secret link token replaced by [hidden]."""

    def path(match):
        second = f"/{HIDDEN}" if match.group("second") else ""
        return f"{match.group('lead')}{HIDDEN}{second}"

    text = _SECRET_PATH.sub(path, text)
    return _SECRET_QUERY.sub(lambda match: match.group("lead") + HIDDEN, text)


class HideTokens(logging.Filter):
    """A logging filter (for handlers) that rewrites records so no token reaches the log."""

    def filter(self, record):
        message = record.getMessage()
        hidden = hide_tokens(message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = hide_tokens(record.exc_text)
        return True
