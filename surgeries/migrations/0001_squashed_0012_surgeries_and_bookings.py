"""surgeries 0001 to 0012 in one migration, for a new site: a fresh database migrates in half the time.

A site that has run any of the migrations it replaces goes on with those instead (Django decides).
Steps that only change existing rows are left out; steps that add rows (groups, topics) and
database triggers come last, from ``operations`` where the replaced migrations share them.
cms/tests/test_squashed_migrations.py checks both ways end with the same models.
"""

import django.db.migrations.operations.special
import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
import surgeries.migrations.operations.booking_tally
import surgeries.migrations.operations.topics
import surgeries.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('surgeries', '0001_initial'), ('surgeries', '0002_bookings_calendars'), ('surgeries', '0003_held_seats_until_email_confirmed'), ('surgeries', '0004_surgery_topics_editors_manage'), ('surgeries', '0005_images_in_cms'), ('surgeries', '0006_one_name_for_lead_text'), ('surgeries', '0007_booking_language'), ('surgeries', '0008_networkhelper'), ('surgeries', '0009_field_labels_translated'), ('surgeries', '0010_snippet_labels_translated'), ('surgeries', '0011_page_editor_labels_translated'), ('surgeries', '0012_booking_tally')]

    initial = True

    dependencies = [
        ('auth', '__first__'),
        ('cms', '0002_custom_image_and_document'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('home', '0002_communitycentrepage'),
        ('home', '0017_page_editor_labels_translated'),
        ('wagtail_localize', '0016_rename_page_revision_translationlog_revision'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailcore', '__first__'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.CreateModel(
            name='SurgeryPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('starts_at', models.DateTimeField(help_text='The day and time the surgery starts (UK time).', verbose_name='starts at')),
                ('ends_at', models.DateTimeField(help_text='The day and time the surgery ends (UK time).', verbose_name='ends at')),
                ('venue_address', models.TextField(blank=True, help_text='Where it is held, if not at one of the community centres on this site: the name of the building, the street and the postcode, one per line.', verbose_name='venue address')),
                ('social_image', models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='social image')),
                ('venue', models.ForeignKey(blank=True, help_text='The community centre it is held at. If it is somewhere else, leave this empty.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='surgeries', to='home.communitycentrepage', verbose_name='venue')),
                ('accessibility_notes', models.TextField(blank=True, help_text='Step-free access, hearing loop, toilets, parking, quiet room: anything that helps people decide whether they can come.', verbose_name='accessibility notes')),
                ('attendee_capacity', models.PositiveSmallIntegerField(default=10, help_text='How many people can book to get help. When it is full, people can join a waiting list and are offered a place if someone cancels.', verbose_name='attendee capacity')),
                ('bookings_close_at', models.DateTimeField(blank=True, help_text='Optional. When booking stops. Empty means people can book until the surgery starts.', null=True, verbose_name='bookings close at')),
                ('bookings_open_at', models.DateTimeField(blank=True, help_text='Optional. When people can start booking. Empty means straight away.', null=True, verbose_name='bookings open at')),
                ('calendar_sequence', models.PositiveIntegerField(default=0, editable=False)),
                ('intro', wagtail.fields.RichTextField(blank=True, help_text='A sentence or two that tells readers what this page is about. It is shown in large print under the title, and with the title wherever the page is listed or shared. Keep it short: the details go further down.', verbose_name='introduction')),
                ('helper_capacity', models.PositiveSmallIntegerField(default=5, help_text='How many volunteers can book to give help. Extra volunteers join a waiting list.', verbose_name='helper capacity')),
                ('needs_approval', models.BooleanField(default=False, help_text='Tick this if an organiser checks each booking (for example, that a group is eligible) before it is confirmed. People are told their booking is waiting for a decision.', verbose_name='needs approval')),
                ('organisers', modelcluster.fields.ParentalManyToManyField(blank=True, help_text='The people running this surgery. They get a daily email of new bookings and are the only people (with site administrators) who can see who booked.', related_name='organised_surgeries', to=settings.AUTH_USER_MODEL, verbose_name='organisers')),
                ('published_details', models.JSONField(blank=True, default=dict, editable=False)),
                ('status', models.CharField(choices=[('scheduled', 'Going ahead'), ('cancelled', 'Cancelled'), ('postponed', 'Postponed')], default='scheduled', help_text='Change this if the surgery is cancelled or postponed. When you publish the change, everyone who booked is emailed.', max_length=20, verbose_name='status')),
                ('status_message', models.TextField(blank=True, help_text='Optional. Why it was cancelled or postponed, and what happens next. Shown on the page and in the email to people who booked.', verbose_name='status message')),
                ('what_to_bring', models.TextField(blank=True, help_text="Optional. For example: 'Your phone or laptop, and the passwords for your accounts.'", verbose_name='what to bring')),
            ],
            options={
                'verbose_name': 'surgery',
            },
            bases=('wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='OrganiserDigest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('booking_count', models.PositiveIntegerField(default=0)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('user', 'day'), name='surgeries_one_digest_a_day')],
            },
        ),
        migrations.CreateModel(
            name='ConfirmedBookerAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('address_digest', models.CharField(max_length=64, unique=True)),
                ('confirmed_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.CreateModel(
            name='NetworkHelper',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('email', models.EmailField(max_length=254)),
                ('can_offer', models.TextField(help_text='What they said they can help with.', max_length=1000)),
                ('status', models.CharField(choices=[('pending', 'Waiting for them to confirm their email address'), ('confirmed', 'Confirmed')], default='pending', max_length=20)),
                ('language', models.CharField(choices=[('en-gb', 'English'), ('ur', 'Urdu'), ('ar', 'Arabic'), ('pl', 'Polish')], default='en-gb', help_text='The language they registered in: their emails are written in it.', max_length=10)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('towns', models.ManyToManyField(help_text='The home pages of the towns they will help in.', related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                ('writing_town', models.ForeignKey(help_text='The town whose website emails them: its host in the links, its sender address.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['email', 'status'], name='surgeries_network_helper_email')],
            },
        ),
        migrations.CreateModel(
            name='SurgeryTopic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('name', models.CharField(help_text="What people tick on the booking form, e.g. 'A Facebook page' or 'Staying safe online'.", max_length=100, unique=True, verbose_name='name')),
                ('help_text', models.CharField(blank=True, help_text="Optional. A few words shown after the name to explain it, e.g. 'pages, groups, events'.", max_length=200, verbose_name='explanation')),
                ('offered', models.BooleanField(default=True, help_text='Untick to stop offering this topic on the booking form and the help log, without changing bookings and help already recorded with it.', verbose_name='offer on the forms')),
                ('slug', models.SlugField(editable=False, max_length=100, unique=True)),
            ],
            options={
                'verbose_name': 'surgery topic',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='BookingTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('attend', 'Getting help'), ('help', 'Giving help')], max_length=10)),
                ('status', models.CharField(choices=[('held', 'Held until they confirm their email address'), ('pending', 'Waiting for an organiser to approve'), ('booked', 'Booked'), ('waitlisted', 'On the waiting list'), ('cancelled', 'Cancelled by the booker'), ('declined', 'Declined by an organiser'), ('attended', 'Came'), ('no_show', 'Did not come'), ('released', 'Released: email address not confirmed in time')], max_length=20)),
                ('is_walk_in', models.BooleanField()),
                ('bookings', models.IntegerField(default=0)),
                ('surgery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='surgeries.surgerypage')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('surgery', 'role', 'status', 'is_walk_in'), name='surgeries_one_tally_per_kind')],
            },
        ),
        migrations.CreateModel(
            name='Booking',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('attend', 'Getting help'), ('help', 'Giving help')], max_length=10, verbose_name='role')),
                ('name', models.CharField(blank=True, max_length=100, verbose_name='name')),
                ('email', models.EmailField(blank=True, help_text='Empty for walk-ins who gave none.', max_length=254, verbose_name='email')),
                ('organisation_name', models.CharField(blank=True, max_length=150, verbose_name='group')),
                ('organisation_kind', models.CharField(blank=True, choices=[('charity', 'Charity'), ('community_group', 'Community group'), ('neighbourhood_watch', 'Neighbourhood Watch'), ('tenants', "Tenants' or residents' association"), ('club', 'Club or society'), ('individual', 'Just me')], max_length=30, verbose_name='kind of group')),
                ('topics', models.JSONField(blank=True, default=list)),
                ('other_topic', models.CharField(blank=True, max_length=200, verbose_name='other help wanted')),
                ('can_offer', models.TextField(blank=True, verbose_name='can offer')),
                ('status', models.CharField(choices=[('held', 'Held until they confirm their email address'), ('pending', 'Waiting for an organiser to approve'), ('booked', 'Booked'), ('waitlisted', 'On the waiting list'), ('cancelled', 'Cancelled by the booker'), ('declined', 'Declined by an organiser'), ('attended', 'Came'), ('no_show', 'Did not come'), ('released', 'Released: email address not confirmed in time')], default='booked', max_length=20, verbose_name='status')),
                ('decision_message', models.TextField(blank=True, verbose_name='message about the decision')),
                ('is_walk_in', models.BooleanField(default=False, verbose_name='walked in')),
                ('cancel_token', models.CharField(default=surgeries.models.new_cancel_token, editable=False, max_length=40, unique=True)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='booked')),
                ('status_changed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('notified_sequence', models.PositiveIntegerField(default=0)),
                ('reminder_queued_at', models.DateTimeField(blank=True, null=True)),
                ('reminder_sent_at', models.DateTimeField(blank=True, null=True)),
                ('personal_data_deleted_at', models.DateTimeField(blank=True, null=True)),
                ('surgery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bookings', to='surgeries.surgerypage', verbose_name='surgery')),
                ('email_confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('hold_expires_at', models.DateTimeField(blank=True, null=True)),
                ('language', models.CharField(choices=[('en-gb', 'English'), ('ur', 'Urdu'), ('ar', 'Arabic'), ('pl', 'Polish')], default='en-gb', help_text='The language they booked in: every email they get is written in it.', max_length=10)),
            ],
            options={
                'ordering': ['created_at', 'pk'],
                'indexes': [models.Index(fields=['surgery', 'role', 'status'], name='surgeries_booking_counts')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['held', 'pending', 'booked', 'attended', 'no_show', 'waitlisted']), models.Q(('email', ''), _negated=True)), fields=('surgery', 'role', 'email'), name='surgeries_one_active_booking_per_email')],
            },
        ),
        migrations.RunPython(
            code=surgeries.migrations.operations.topics.add_starting_topics,
            reverse_code=django.db.migrations.operations.special.RunPython.noop,
        ),
        migrations.RunPython(
            code=surgeries.migrations.operations.booking_tally.create_triggers,
            reverse_code=surgeries.migrations.operations.booking_tally.drop_triggers,
        ),
    ]
