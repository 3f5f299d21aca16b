"""Tokens and app passwords at rest: encrypted with Fernet, never logged, never shown again.

The key is ``settings.CROSSPOSTING_KEY`` when set (any string; keep it secret and stable), otherwise
one derived from ``SECRET_KEY``. Changing the key (or SECRET_KEY without CROSSPOSTING_KEY) makes the
stored secrets unreadable: editors then link their accounts again.
"""

import base64
import hashlib

from django.conf import settings

from cryptography.fernet import Fernet, InvalidToken


def _fernet():
    secret = getattr(settings, "CROSSPOSTING_KEY", "") or settings.SECRET_KEY
    digest = hashlib.sha256(b"patchwork-crossposting:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(plain):
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token):
    """The secret, or "" when it cannot be read (the key changed)."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return ""
