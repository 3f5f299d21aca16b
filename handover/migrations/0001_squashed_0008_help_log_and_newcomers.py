"""handover 0001 to 0008 in one migration, for a new site: a fresh database migrates in half the time.

A site that has run any of the migrations it replaces goes on with those instead (Django decides).
Steps that only change existing rows are left out; steps that add rows (groups, topics) and
database triggers come last, from ``operations`` where the replaced migrations share them.
cms/tests/test_squashed_migrations.py checks both ways end with the same models.
"""

import django.db.models.deletion
import django.utils.timezone
import handover.migrations.operations.helpers_group
import handover.models
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('handover', '0001_help_log'), ('handover', '0002_surgery_helpers_group'), ('handover', '0003_stop_showing_login_emails_as_contacts'), ('handover', '0004_remember_who_set_up_each_newcomer'), ('handover', '0005_impact_report_permission'), ('handover', '0006_follow_up_prompts'), ('handover', '0007_field_labels_translated'), ('handover', '0008_helpers_suggest_feeds_from_elsewhere')]

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('auth', '__first__'),
        ('newsletters', '0001_initial'),
        ('newsletters', '0002_authors_tags_body_contacts'),
        ('newsletters', '0008_one_name_for_lead_text'),
        ('planet', '0001_initial'),
        ('surgeries', '0001_initial'),
        ('surgeries', '0009_field_labels_translated'),
        ('wagtailadmin', '0001_create_admin_access_permissions'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.CreateModel(
            name='HelpRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('helped_name', models.CharField(help_text="The name of the person you helped, e.g. 'Maureen Lewis'.", max_length=150, verbose_name='who was helped')),
                ('group_name', models.CharField(blank=True, help_text="Optional. The group or organisation they were helped for, e.g. 'Elm Road Residents'.", max_length=150, verbose_name='their group')),
                ('topics', handover.models.TopicsField(blank=True, default=list, help_text='Tick everything you helped with.', verbose_name='helped with')),
                ('link', models.URLField(blank=True, help_text='Optional. The address of what was made, e.g. the new Facebook page, starting https://', verbose_name='link')),
                ('notes', models.TextField(blank=True, help_text="Optional. Anything the next helper should know, e.g. 'wants to learn about photos next'.", verbose_name='notes')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, help_text='When the help was given.', verbose_name='date')),
                ('collection', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.collection')),
                ('helper', models.ForeignKey(blank=True, help_text='The volunteer who gave the help.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='help_given', to=settings.AUTH_USER_MODEL, verbose_name='helper')),
                ('newcomer', models.ForeignKey(blank=True, editable=False, help_text='The account made for the person helped, when the hand-over form made one.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='help_received', to=settings.AUTH_USER_MODEL)),
                ('newcomer_group', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='auth.group')),
                ('publication', models.ForeignKey(blank=True, help_text='Optional. The newsletter or blog on this site that was set up.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='newsletters.publicationpage', verbose_name='newsletter or blog')),
                ('surgery', models.ForeignKey(blank=True, help_text='The surgery where the help was given. Leave empty if it was given somewhere else.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='help_records', to='surgeries.surgerypage', verbose_name='surgery')),
                ('set_up_by', models.ForeignKey(blank=True, editable=False, help_text='The helper who set this newcomer up: only they (or a site administrator) may send a fresh invitation.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('follow_up_answered_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('follow_up_asked_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('follow_up_emailed_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('newcomer_may_be_asked', models.BooleanField(default=False, help_text='Tick only if the person you helped said we may email them, a few weeks from now, to ask what they have done since. We use the email address of the account made for them. If not ticked (or they have no account), the email comes to you instead.', verbose_name='they agreed to be asked how it went')),
            ],
            options={
                'verbose_name': 'help log entry',
                'verbose_name_plural': 'help log',
                'ordering': ['-created_at', '-pk'],
                'permissions': [('view_impact', 'Can see the impact report of surgeries, with its downloads')],
            },
        ),
        migrations.CreateModel(
            name='Invite',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('nonce', models.CharField(editable=False, max_length=64)),
                ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('expires_at', models.DateTimeField()),
                ('used_at', models.DateTimeField(blank=True, null=True)),
                ('emailed_at', models.DateTimeField(blank=True, null=True)),
                ('help_record', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invites', to='handover.helprecord')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='FollowUp',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('date', models.DateField(default=django.utils.timezone.localdate, help_text='When you checked in with them.', verbose_name='date')),
                ('what_changed', models.TextField(help_text="What they have done since, in their words if you can, e.g. 'Sent 3 issues to 40 homes'.", verbose_name='what changed')),
                ('consent_to_publish', models.BooleanField(default=False, help_text='Tick only if they said yes to this being shared in our reports and on the website.', verbose_name='they agreed to it being shared')),
                ('help_record', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='follow_ups', to='handover.helprecord')),
                ('answered_by', models.CharField(blank=True, choices=[('', 'typed into the help log'), ('helper', 'the helper, through the emailed link'), ('newcomer', 'the person helped, through the emailed link')], default='', editable=False, max_length=10)),
                ('hide_story', models.BooleanField(default=False, help_text='Tick to keep this off the public What changed page even though they agreed to share it, e.g. because it names someone or says more than they meant to.', verbose_name='hide from the What changed page')),
            ],
            options={
                'verbose_name': 'follow-up',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.RunPython(
            code=handover.migrations.operations.helpers_group.create_group,
            reverse_code=handover.migrations.operations.helpers_group.remove_group,
        ),
        migrations.RunPython(
            code=handover.migrations.operations.helpers_group.grant_feed_suggestions,
            reverse_code=handover.migrations.operations.helpers_group.revoke_feed_suggestions,
        ),
    ]
