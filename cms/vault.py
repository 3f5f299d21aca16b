"""Secrets at rest: encrypted with Fernet, so a database dump or a backup does not give them away.

Each kind of secret has its own key: the setting named for it when set (any string; keep it
secret and stable), otherwise one derived from ``SECRET_KEY``. Changing that key makes what was
stored unreadable; each user of a vault says what then happens.
"""

import base64
import hashlib

from django.conf import settings

from cryptography.fernet import Fernet, InvalidToken


class Vault:
    def __init__(self, purpose, key_setting):
        self.purpose = purpose
        self.key_setting = key_setting

    def _fernet(self):
        secret = getattr(settings, self.key_setting) or settings.SECRET_KEY
        digest = hashlib.sha256(f"patchwork-{self.purpose}:".encode() + secret.encode()).digest()
        return Fernet(base64.urlsafe_b64encode(digest))

    def encrypt(self, plain):
        return self._fernet().encrypt(plain.encode()).decode()

    def decrypt(self, token):
        """The secret, or "" when it cannot be read (the key changed)."""
        try:
            return self._fernet().decrypt(token.encode()).decode()
        except (InvalidToken, ValueError):
            return ""
