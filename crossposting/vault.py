"""Mastodon access tokens and Bluesky app passwords at rest: encrypted, never logged, never shown again.

The key is ``settings.CROSSPOSTING_KEY`` when set, otherwise one derived from ``SECRET_KEY``.
Changing it (or SECRET_KEY without CROSSPOSTING_KEY) makes the stored secrets unreadable:
editors then link their accounts again.
"""

from cms.vault import Vault

_vault = Vault("crossposting", "CROSSPOSTING_KEY")
encrypt = _vault.encrypt
decrypt = _vault.decrypt
