"""home 0001 to 0017 in one migration, for a new site: a fresh database migrates in half the time.

A site that has run any of the migrations it replaces goes on with those instead (Django decides).
Steps that only change existing rows are left out: a new database has none.
cms/tests/test_squashed_migrations.py checks both ways end with the same models.
"""

import django.core.validators
import django.db.models.deletion
import home.colours
import modelcluster.fields
import uuid
import wagtail.fields
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('home', '0001_initial'), ('home', '0002_communitycentrepage'), ('home', '0003_centre_details_rooms_hours_enquiries'), ('home', '0004_export_personal_data_permission'), ('home', '0005_facilities_keep_revisions_and_languages'), ('home', '0006_facilities_existing_rows_get_a_language'), ('home', '0007_facility_names_unique_per_language'), ('home', '0008_images_in_cms'), ('home', '0009_one_name_for_lead_text'), ('home', '0010_towns'), ('home', '0011_town_look_and_removal'), ('home', '0012_enquiry_labels_translated'), ('home', '0013_snippet_labels_translated'), ('home', '0014_centre_details_keep_languages'), ('home', '0015_centre_details_existing_rows_get_a_language'), ('home', '0016_centre_details_unique_per_language'), ('home', '0017_page_editor_labels_translated')]

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('cms', '0002_custom_image_and_document'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtail_localize', '0016_rename_page_revision_translationlog_revision'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailcore', '__first__'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.CreateModel(
            name='Facility',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="A short name residents will recognise, e.g. 'Free Wi-Fi'.", max_length=80, verbose_name='name')),
                ('description', models.CharField(blank=True, help_text="Optional. A few words of detail, e.g. 'Ask at reception for the password'.", max_length=200, verbose_name='description')),
                ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
            ],
            options={
                'verbose_name_plural': 'facilities',
                'ordering': ['name'],
                'unique_together': {('name', 'locale'), ('translation_key', 'locale')},
            },
        ),
        migrations.CreateModel(
            name='CommunityCentrePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, help_text='A sentence or two that tells readers what this page is about. It is shown in large print under the title, and with the title wherever the page is listed or shared. Keep it short: the details go further down.', verbose_name='introduction')),
                ('address', models.TextField(help_text="The centre's street address, one line per line of the address.", verbose_name='address')),
                ('postcode', models.CharField(help_text='The full postcode, e.g. B44 0QA.', max_length=10, verbose_name='postcode')),
                ('phone', models.CharField(blank=True, help_text='A phone number people can call.', max_length=30, verbose_name='phone')),
                ('email', models.EmailField(blank=True, help_text='Where room-hire enquiries and questions are sent. Shown on the page.', max_length=254, verbose_name='email')),
                ('image', models.ForeignKey(blank=True, help_text='Optional. A photo of the area shown at the top of the page.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='image')),
                ('social_image', models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='social image')),
                ('accessibility_notes', models.TextField(blank=True, help_text="Optional. Anything else a disabled visitor would want to know, e.g. 'The lift is at the back of the building' or 'Blue Badge bays by the main door'.", verbose_name='accessibility notes')),
                ('accessible_toilet', models.BooleanField(default=False, help_text='Tick if there is a toilet people using a wheelchair can use.', verbose_name='accessible toilet')),
                ('hearing_loop', models.BooleanField(default=False, help_text='Tick if there is a working hearing loop for hearing-aid users.', verbose_name='hearing loop')),
                ('latitude', models.DecimalField(blank=True, decimal_places=6, help_text="Optional. Makes the map link point exactly at the door. On openstreetmap.org, right-click the entrance, choose 'Show address' and copy the first number, e.g. 52.551000.", max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(Decimal('-90')), django.core.validators.MaxValueValidator(Decimal('90'))], verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=6, help_text='Optional. The second number from openstreetmap.org, e.g. -1.886600.', max_digits=9, null=True, validators=[django.core.validators.MinValueValidator(Decimal('-180')), django.core.validators.MaxValueValidator(Decimal('180'))], verbose_name='longitude')),
                ('parking', models.BooleanField(default=False, help_text='Tick if visitors can park at or right next to the centre.', verbose_name='parking')),
                ('quiet_room', models.BooleanField(default=False, help_text='Tick if there is a quiet room people can use to take a break.', verbose_name='quiet room')),
                ('step_free_access', models.BooleanField(default=False, help_text='Tick if a wheelchair user can get in and around without steps.', verbose_name='step-free access')),
                ('facilities', modelcluster.fields.ParentalManyToManyField(blank=True, help_text='Tick everything the centre offers visitors. Ask an administrator to add a new kind.', related_name='centres', to='home.facility', verbose_name='facilities')),
            ],
            options={
                'verbose_name': 'community centre',
            },
            bases=('wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='CentreRoom',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('name', models.CharField(help_text="What the room is called, e.g. 'Main hall'.", max_length=80, verbose_name='name')),
                ('description', models.TextField(blank=True, help_text="Optional. What the room is good for and what is in it, e.g. 'Stage, 20 tables, blackout blinds'.", verbose_name='description')),
                ('capacity', models.PositiveIntegerField(help_text='How many people the room holds, seated or standing.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='capacity')),
                ('size_square_metres', models.PositiveIntegerField(blank=True, help_text='Optional. The floor area in square metres.', null=True, verbose_name='size in square metres')),
                ('rate_resident', models.DecimalField(blank=True, decimal_places=2, help_text='Pounds per hour for a local resident, e.g. 15.00. Leave empty if not offered; 0 means free.', max_digits=7, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='rate for residents')),
                ('rate_community', models.DecimalField(blank=True, decimal_places=2, help_text='Pounds per hour for a charity or community group. Leave empty if not offered; 0 means free.', max_digits=7, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='rate for community groups')),
                ('rate_business', models.DecimalField(blank=True, decimal_places=2, help_text='Pounds per hour for a business. Leave empty if you do not hire to businesses.', max_digits=7, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='rate for businesses')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='rooms', to='home.communitycentrepage')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
            ],
            options={
                'verbose_name': 'room',
                'ordering': ['sort_order'],
                'abstract': False,
                'unique_together': {('translation_key', 'locale')},
            },
        ),
        migrations.CreateModel(
            name='Town',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="The town's name as readers know it, e.g. 'Walsall'.", max_length=120, verbose_name='name')),
                ('slug', models.SlugField(help_text="Lower-case letters, numbers and hyphens, e.g. 'walsall'.", max_length=80, unique=True, verbose_name='short name')),
                ('latitude', models.DecimalField(blank=True, decimal_places=5, help_text="Where the town is, for 'nearest to me', e.g. 52.58611.", max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude')),
                ('longitude', models.DecimalField(blank=True, decimal_places=5, help_text='East (+) or west (-) of Greenwich, e.g. -1.98250.', max_digits=8, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude')),
                ('is_active', models.BooleanField(default=True, help_text='Off when the town has been removed: its pages are unpublished and kept.', verbose_name='active')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('collection', models.OneToOneField(blank=True, help_text="Where the town's pictures and documents are kept.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='town', to='wagtailcore.collection', verbose_name='picture and document collection')),
                ('organisers', models.OneToOneField(blank=True, help_text="Its members may edit the town's pages, pictures and bookings.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='town', to='auth.group', verbose_name="organisers' group")),
                ('root_page', models.OneToOneField(help_text="Its own website's home page, or its place under the network's home.", on_delete=django.db.models.deletion.CASCADE, related_name='town', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='home of the town')),
                ('site', models.OneToOneField(blank=True, help_text="The town's own website; empty for a town inside the network's site.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='town', to='wagtailcore.site', verbose_name='website')),
                ('removed_state', models.JSONField(blank=True, default=dict, editable=False, help_text='What remove_town took away (live pages, address, permissions), for restore_town.')),
            ],
            options={
                'verbose_name': 'town',
                'verbose_name_plural': 'towns',
                'ordering': ['name'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('latitude__isnull', True), ('longitude__isnull', True)), models.Q(('latitude__isnull', False), ('longitude__isnull', False)), _connector='OR'), name='home_town_latitude_and_longitude_together')],
            },
        ),
        migrations.CreateModel(
            name='RoomHireEnquiry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('room_name', models.CharField(help_text="The room's name when the enquiry was sent (kept if the room is removed).", max_length=80, verbose_name='room')),
                ('date', models.DateField(help_text='The day they would like the room.', verbose_name='date wanted')),
                ('starts_at', models.TimeField(help_text='From what time.', verbose_name='from')),
                ('ends_at', models.TimeField(help_text='Until what time.', verbose_name='until')),
                ('hirer_kind', models.CharField(choices=[('resident', 'Local resident'), ('community', 'Charity or community group'), ('business', 'Business')], help_text='Who is hiring: this sets the hourly rate.', max_length=20, verbose_name='who is hiring')),
                ('attendees', models.PositiveIntegerField(blank=True, help_text='How many people they expect, if they said.', null=True, verbose_name='people expected')),
                ('purpose', models.TextField(help_text='What they want the room for, in their words.', verbose_name='what for')),
                ('name', models.CharField(help_text='Who to reply to.', max_length=120, verbose_name='name')),
                ('email', models.EmailField(help_text='Their email address: reply to this.', max_length=254, verbose_name='email')),
                ('phone', models.CharField(blank=True, help_text='Their phone number, if they gave one.', max_length=30, verbose_name='phone')),
                ('status', models.CharField(choices=[('new', 'New'), ('replied', 'Replied'), ('booked', 'Booked'), ('declined', 'Declined')], default='new', help_text='Where you are with this enquiry, so colleagues do not reply twice.', max_length=20, verbose_name='status')),
                ('notes', models.TextField(blank=True, help_text="Notes for the centre's team only, e.g. 'Offered Tuesday instead'.", verbose_name='notes')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='received')),
                ('emailed_at', models.DateTimeField(blank=True, editable=False, help_text='When the enquiry was emailed to the centre.', null=True)),
                ('centre', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='room_hire_enquiries', to='home.communitycentrepage', verbose_name='centre')),
                ('room', models.ForeignKey(blank=True, help_text="The room asked for, if it is still listed on the centre's page.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='enquiries', to='home.centreroom')),
            ],
            options={
                'verbose_name': 'room-hire enquiry',
                'verbose_name_plural': 'room-hire enquiries',
                'ordering': ['-created_at', '-pk'],
                'permissions': [('export_personal_data', 'Can download everything the site holds about an email address')],
            },
        ),
        migrations.CreateModel(
            name='HomePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, help_text='A sentence or two that tells readers what this page is about. It is shown in large print under the title, and with the title wherever the page is listed or shared. Keep it short: the details go further down.', verbose_name='introduction')),
                ('image', models.ForeignKey(blank=True, help_text='Optional. A photo of the area shown at the top of the page.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='image')),
                ('social_image', models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='social image')),
            ],
            options={
                'verbose_name': 'home page',
            },
            bases=('wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='OpeningHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], help_text='The day of the week.', verbose_name='weekday')),
                ('opens', models.TimeField(help_text='When the doors open, e.g. 09:00.', verbose_name='opens')),
                ('closes', models.TimeField(help_text='When the doors close, e.g. 17:00.', verbose_name='closes')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='opening_hours', to='home.communitycentrepage')),
            ],
            options={
                'verbose_name': 'opening time',
                'verbose_name_plural': 'opening hours',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='OpeningHoursException',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('starts_on', models.DateField(help_text='The first (or only) day the usual hours change.', verbose_name='starts on')),
                ('ends_on', models.DateField(blank=True, help_text='Optional. The last day, for a closure of several days. Leave empty for one day.', null=True, verbose_name='ends on')),
                ('reason', models.CharField(help_text="What readers are told, e.g. 'Easter Monday' or 'Closed for repairs'.", max_length=120, verbose_name='reason')),
                ('closed', models.BooleanField(default=True, help_text='Tick if the centre is closed all day. Untick to give special hours instead.', verbose_name='closed')),
                ('opens', models.TimeField(blank=True, help_text='If not closed: when the doors open on these days.', null=True, verbose_name='opens')),
                ('closes', models.TimeField(blank=True, help_text='If not closed: when the doors close on these days.', null=True, verbose_name='closes')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='opening_hours_exceptions', to='home.communitycentrepage')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
            ],
            options={
                'verbose_name': 'change to the usual hours',
                'verbose_name_plural': 'changes to the usual hours',
                'ordering': ['sort_order'],
                'abstract': False,
                'unique_together': {('translation_key', 'locale')},
            },
        ),
        migrations.CreateModel(
            name='PlacePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, help_text='A sentence or two that tells readers what this page is about. It is shown in large print under the title, and with the title wherever the page is listed or shared. Keep it short: the details go further down.', verbose_name='introduction')),
                ('image', models.ForeignKey(blank=True, help_text='Optional. A photo of the area shown at the top of the page.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='image')),
                ('social_image', models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='social image')),
            ],
            options={
                'verbose_name': 'place',
            },
            bases=('wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='RegularActivity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], help_text='The day it happens each week.', verbose_name='weekday')),
                ('starts_at', models.TimeField(help_text='When it starts, e.g. 10:00.', verbose_name='starts at')),
                ('ends_at', models.TimeField(help_text='When it finishes, e.g. 12:00.', verbose_name='ends at')),
                ('name', models.CharField(help_text="What it is, e.g. 'Toddler group' or 'Food pantry'.", max_length=120, verbose_name='name')),
                ('run_by', models.CharField(blank=True, help_text='Optional. The group or person who runs it.', max_length=120, verbose_name='run by')),
                ('contact', models.CharField(blank=True, help_text='Optional. A phone number or email address for questions about it.', max_length=120, verbose_name='contact')),
                ('details', models.CharField(blank=True, help_text="Optional. Anything else people should know, e.g. 'Term time only' or '£2, first session free'.", max_length=250, verbose_name='details')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='home.communitycentrepage')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
            ],
            options={
                'verbose_name': 'regular activity',
                'verbose_name_plural': 'regular activities',
                'ordering': ['sort_order'],
                'abstract': False,
                'unique_together': {('translation_key', 'locale')},
            },
        ),
        migrations.CreateModel(
            name='RoomPhoto',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('image', models.ForeignKey(help_text="A photo of the room. Describe what it shows in the image's alternative text.", on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cms.customimage', verbose_name='image')),
                ('room', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='home.centreroom')),
            ],
            options={
                'verbose_name': 'room photo',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='SiteSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('organisation_name', models.CharField(default='Patchwork', help_text='The name of the group that runs this website, shown at the top of every page.', max_length=120, verbose_name='organisation name')),
                ('contact_email', models.EmailField(blank=True, help_text='Where readers can write to you. Shown at the foot of every page.', max_length=254, verbose_name='contact email')),
                ('social_links', wagtail.fields.StreamField([('link', 2)], blank=True, block_lookup={0: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('facebook', 'Facebook'), ('instagram', 'Instagram'), ('x', 'X (Twitter)'), ('bluesky', 'Bluesky'), ('mastodon', 'Mastodon'), ('youtube', 'YouTube'), ('whatsapp', 'WhatsApp channel'), ('other', 'Our page elsewhere')], 'help_text': 'Which website this link goes to.', 'label': 'Website'}), 1: ('wagtail.blocks.URLBlock', (), {'help_text': 'The full address of your page there, starting https://', 'label': 'Address'}), 2: ('wagtail.blocks.StructBlock', [[('service', 0), ('url', 1)]], {})}, help_text="Your group's pages elsewhere, linked at the foot of every page.", verbose_name='social links')),
                ('helper_label', models.CharField(default='helper', help_text="What you call people who give help at a surgery, e.g. 'helper' or 'volunteer'. Some groups find 'surgeon' and 'patient' unequal.", max_length=40, validators=[django.core.validators.RegexValidator("^[^\\W\\d_][\\w '\\-]*$", "Use a word or two, e.g. 'helper' or 'volunteer'.")], verbose_name='helper label')),
                ('attendee_label', models.CharField(default='attendee', help_text="What you call people who come to a surgery to get help, e.g. 'attendee' or 'guest'.", max_length=40, validators=[django.core.validators.RegexValidator("^[^\\W\\d_][\\w '\\-]*$", "Use a word or two, e.g. 'helper' or 'volunteer'.")], verbose_name='attendee label')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                ('footer_text', models.TextField(blank=True, help_text='Optional. A few words at the foot of every page, e.g. your charity number.', max_length=600, verbose_name='footer text')),
                ('logo', models.ForeignKey(blank=True, help_text="Optional. Your group's logo, shown beside its name at the top of every page.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='logo')),
                ('primary_colour', models.CharField(blank=True, help_text='Optional. The colour of the top of every page, as # and six letters or digits, e.g. #14532d. White text must be easy to read on it, so very light colours are refused.', max_length=7, validators=[home.colours.validate_primary_colour], verbose_name='primary colour')),
                ('sender_email', models.EmailField(blank=True, help_text='Optional. The address emails from this website come from. Leave empty to use the address set up for the whole installation.', max_length=254, verbose_name='sender email')),
            ],
            options={
                'verbose_name': 'site settings',
            },
        ),
        migrations.CreateModel(
            name='StandardPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, help_text='A sentence or two that tells readers what this page is about. It is shown in large print under the title, and with the title wherever the page is listed or shared. Keep it short: the details go further down.', verbose_name='introduction')),
                ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('quote', 9)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'A few words that tell readers what the next section is about.', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Main section'), ('h3', 'Sub-section'), ('h4', 'Small heading')], 'help_text': "Use 'Main section' unless this heading sits inside another section."}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('cms.blocks.ParagraphBlock', (), {}), 4: ('wagtail.images.blocks.ImageBlock', [], {'help_text': "Choose or upload a photo. Describe it in 'Alternative text' for people who cannot see it; tick 'decorative' only if it adds nothing to the words."}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional words shown under the picture.', 'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.TextBlock', (), {'help_text': 'What the person said, without quotation marks.'}), 8: ('wagtail.blocks.CharBlock', (), {'help_text': "Who said it, e.g. 'Pat, a resident of Elm Road'.", 'max_length': 120, 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('text', 7), ('attribution', 8)]], {})}, help_text='The main text. Add headings to break it into short sections.', verbose_name='body')),
                ('social_image', models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='social image')),
            ],
            options={
                'verbose_name': 'standard page',
            },
            bases=('wagtailcore.page', models.Model),
        ),
    ]
