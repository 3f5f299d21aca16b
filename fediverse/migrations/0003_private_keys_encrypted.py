"""Publications' private signing keys are stored encrypted (``fediverse.vault``), no longer as plain PEM.

Keys already made are encrypted in place, so every publication keeps its identity and its followers.
"""

from django.db import migrations

from fediverse import vault


def encrypt_keys(apps, schema_editor):
    Actor = apps.get_model("fediverse", "Actor")
    for actor in Actor.objects.only("pk", "encrypted_private_key").iterator():
        if actor.encrypted_private_key.startswith("-----BEGIN"):
            actor.encrypted_private_key = vault.encrypt(actor.encrypted_private_key)
            actor.save(update_fields=["encrypted_private_key"])


def decrypt_keys(apps, schema_editor):
    Actor = apps.get_model("fediverse", "Actor")
    for actor in Actor.objects.only("pk", "encrypted_private_key").iterator():
        plain = vault.decrypt(actor.encrypted_private_key)
        if plain:
            actor.encrypted_private_key = plain
            actor.save(update_fields=["encrypted_private_key"])


class Migration(migrations.Migration):
    dependencies = [("fediverse", "0002_actor_page")]

    operations = [
        migrations.RenameField(model_name="actor", old_name="private_key_pem", new_name="encrypted_private_key"),
        migrations.RunPython(encrypt_keys, decrypt_keys, elidable=True),
    ]
