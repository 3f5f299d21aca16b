"""Publications' private signing keys at rest: encrypted, so a database dump or a backup cannot be
used to post as the publication on the fediverse.

The key is ``settings.FEDIVERSE_KEY`` when set, otherwise one derived from ``SECRET_KEY``.
Changing it (or SECRET_KEY without FEDIVERSE_KEY) makes the stored keys unreadable: each
publication then gets a new key pair the next time it signs, and other servers read the new
public key from its actor document when a signature no longer matches the one they kept.
"""

from cms.vault import Vault

_vault = Vault("fediverse", "FEDIVERSE_KEY")
encrypt = _vault.encrypt
decrypt = _vault.decrypt
