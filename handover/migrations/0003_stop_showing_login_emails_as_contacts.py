"""Take newcomers' login email addresses off their public pages.

Until this release the hand-over form copied the email a helper typed to send the
invitation into the new publication's public "Email:" contact, so it was shown on
the publication, on every post and on printed issues without anyone choosing that.

What is cleared, and why only that:
- only publications the hand-over made (a help-log entry links the publication and
  the account it created), so a contact someone typed on purpose into a publication
  made by hand is never touched, even when it matches its owner's login email;
- only when the contact email is that account's login email (ignoring case): a
  different address was typed on purpose by the newcomer later;
- in the live page and in every saved revision of it, otherwise the next edit or a
  "revert" would bring the address back from an older revision. The address stays
  on the account, where it belongs.
Saving the page with the pre-filled address is not counted as choosing it: nobody
typed it as a public contact. A newcomer who wants it shown can type it again.

The publication's contact name is left alone: it is the name the newcomer gave as
"how they like to be called", and the pages stay as before apart from the address.

Reversing does nothing: the addresses are not put back on public pages.
"""

from django.db import migrations


def clear_login_emails_shown_as_contacts(apps, schema_editor):
    HelpRecord = apps.get_model("handover", "HelpRecord")
    PublicationPage = apps.get_model("newsletters", "PublicationPage")
    Revision = apps.get_model("wagtailcore", "Revision")

    set_up = HelpRecord.objects.filter(publication__isnull=False, newcomer__isnull=False).values_list(
        "publication_id", "newcomer__email"
    )
    login_emails = {}
    for publication_id, email in set_up:
        if email:
            login_emails.setdefault(publication_id, set()).add(email.strip().lower())

    cleared = 0
    for publication in PublicationPage.objects.filter(pk__in=login_emails):
        private = login_emails[publication.pk]
        revisions = Revision.objects.filter(
            object_id=str(publication.pk),
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
        )
        for revision in revisions:
            shown = str(revision.content.get("contact_email") or "").strip().lower()
            if shown in private:
                revision.content["contact_email"] = ""
                revision.save(update_fields=["content"])
        if publication.contact_email.strip().lower() in private:
            publication.contact_email = ""
            publication.save(update_fields=["contact_email"])
            cleared += 1
    if cleared:
        from cms.site_cache import forget_sites

        forget_sites()  # pages kept in the cache showed the addresses
        print(f"\n  Took {cleared} newcomer login email address(es) off public contact details.")


class Migration(migrations.Migration):
    dependencies = [
        ("handover", "0002_surgery_helpers_group"),
        ("newsletters", "0002_authors_tags_body_contacts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(clear_login_emails_shown_as_contacts, migrations.RunPython.noop, elidable=True),
    ]
