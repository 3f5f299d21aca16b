"""newsletters 0001 to 0015 in one migration, for a new site: a fresh database migrates in half the time.

A site that has run any of the migrations it replaces goes on with those instead (Django decides).
Steps that only change existing rows are left out: a new database has none.
cms/tests/test_squashed_migrations.py checks both ways end with the same models.
"""

import datetime
import django.db.models.deletion
import django.utils.timezone
import modelcluster.contrib.taggit
import modelcluster.fields
import uuid
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('newsletters', '0001_initial'), ('newsletters', '0002_authors_tags_body_contacts'), ('newsletters', '0003_publication_email_sender'), ('newsletters', '0004_authors_keep_revisions_and_languages'), ('newsletters', '0005_authors_existing_rows_get_a_language'), ('newsletters', '0006_author_addresses_unique_per_language'), ('newsletters', '0007_images_in_cms_alt_text_on_the_image'), ('newsletters', '0008_one_name_for_lead_text'), ('newsletters', '0009_snippet_labels_translated'), ('newsletters', '0010_imported_posts_and_imports'), ('newsletters', '0011_place_digests'), ('newsletters', '0012_authors_belong_to_a_town'), ('newsletters', '0013_page_editor_labels_translated'), ('newsletters', '0014_live_coverage'), ('newsletters', '0015_digest_issue_warnings_missed')]

    initial = True

    dependencies = [
        ('auth', '__first__'),
        ('cms', '0002_custom_image_and_document'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtail_localize', '0016_rename_page_revision_translationlog_revision'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailcore', '__first__'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.CreateModel(
            name='Author',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="The writer's name as readers would know it.", max_length=100, verbose_name='name')),
                ('slug', models.SlugField(help_text="A short web-address-friendly version of the name, e.g. 'maureen-lewis'.", max_length=100, verbose_name='short name for the web address')),
                ('show_publicly', models.BooleanField(default=False, help_text='Tick only if this person has said yes to having their name shown on the website and in feeds. If not ticked, their posts appear without a name.', verbose_name='show my name publicly')),
                ('bio', models.TextField(blank=True, help_text='Optional. A sentence or two about them, shown on their page if their name is public.', max_length=400, verbose_name='about them')),
                ('latest_revision', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('town_page', models.ForeignKey(blank=True, help_text='The town (or part of the website) whose organisers look after this author. Leave it empty for an author of the whole network, whom only network administrators can change.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='town')),
            ],
            options={
                'ordering': ['name'],
                'unique_together': {('slug', 'locale'), ('translation_key', 'locale')},
            },
        ),
        migrations.CreateModel(
            name='PostPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('date', models.DateField(help_text='The date of this issue or post, shown to readers.', verbose_name='date')),
                ('intro', wagtail.fields.RichTextField(blank=True, help_text='A sentence or two that tells readers what this page is about. It is shown in large print under the title, and with the title wherever the page is listed or shared. Keep it short: the details go further down.', verbose_name='introduction')),
                ('social_image', models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='social image')),
                ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('news_item', 10), ('safety_alert', 15), ('event', 22), ('contact', 28), ('useful_numbers', 35), ('quote', 38), ('button', 42), ('video', 46), ('digest_item', 54)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'A few words that tell readers what the next section is about.', 'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Main section'), ('h3', 'Sub-section'), ('h4', 'Small heading')], 'help_text': "Use 'Main section' unless this heading sits inside another section."}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1)]], {}), 3: ('cms.blocks.ParagraphBlock', (), {}), 4: ('wagtail.images.blocks.ImageBlock', [], {'help_text': "Choose or upload a photo. Describe it in 'Alternative text' for people who cannot see it; tick 'decorative' only if it adds nothing to the words."}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional words shown under the picture.', 'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.CharBlock', (), {'help_text': "A few words that say what happened, e.g. 'New bins from April'.", 'max_length': 120}), 8: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'help_text': 'The news itself, in short paragraphs.'}), 9: ('wagtail.blocks.URLBlock', (), {'help_text': 'Optional. A web address where readers can find out more, starting https://', 'required': False}), 10: ('wagtail.blocks.StructBlock', [[('headline', 7), ('text', 8), ('link', 9)]], {}), 11: ('wagtail.blocks.CharBlock', (), {'help_text': "What to look out for, e.g. 'Fake council callers on Kings Road'.", 'max_length': 120}), 12: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul'], 'help_text': 'What has happened and how people can keep themselves safe. Keep it calm and factual.'}), 13: ('wagtail.blocks.TextBlock', (), {'default': 'Call 999 if a crime is happening now. Otherwise call 101, or report a scam to Action Fraud on 0300 123 2040.', 'help_text': 'Who to tell and how. The usual numbers are filled in: change them if needed.'}), 14: ('wagtail.blocks.URLBlock', (), {'help_text': 'Optional. A web page where people can report it, e.g. https://www.actionfraud.police.uk/', 'required': False}), 15: ('wagtail.blocks.StructBlock', [[('title', 11), ('details', 12), ('how_to_report', 13), ('report_link', 14)]], {}), 16: ('wagtail.blocks.CharBlock', (), {'help_text': "What it is, e.g. 'Neighbourhood Watch meeting'.", 'max_length': 120}), 17: ('wagtail.blocks.DateBlock', (), {'help_text': 'The day it happens.'}), 18: ('wagtail.blocks.TimeBlock', (), {'help_text': 'Optional. When it starts.', 'required': False}), 19: ('wagtail.blocks.TimeBlock', (), {'help_text': 'Optional. When it finishes.', 'required': False}), 20: ('wagtail.blocks.CharBlock', (), {'help_text': "Where it happens, e.g. 'Kingstanding Community Centre, Kings Road'.", 'max_length': 200}), 21: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional. What it is about and who is welcome, in a sentence or two.', 'required': False}), 22: ('wagtail.blocks.StructBlock', [[('title', 16), ('date', 17), ('start_time', 18), ('end_time', 19), ('place', 20), ('about', 21)]], {}), 23: ('wagtail.blocks.CharBlock', (), {'help_text': "A person's name or a group, e.g. 'Maureen Lewis'.", 'max_length': 100}), 24: ('wagtail.blocks.CharBlock', (), {'help_text': "Optional. What they do, e.g. 'Watch coordinator'.", 'max_length': 100, 'required': False}), 25: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. A phone number. It will be shown publicly.', 'max_length': 30, 'required': False}), 26: ('wagtail.blocks.EmailBlock', (), {'help_text': 'Optional. An email address. It will be shown publicly.', 'required': False}), 27: ('wagtail.blocks.CharBlock', (), {'help_text': "Optional. When to call, e.g. 'Weekday evenings only'.", 'max_length': 200, 'required': False}), 28: ('wagtail.blocks.StructBlock', [[('name', 23), ('role', 24), ('phone', 25), ('email', 26), ('note', 27)]], {}), 29: ('wagtail.blocks.CharBlock', (), {'default': 'Useful numbers', 'help_text': "The table's title, e.g. 'Useful numbers'.", 'max_length': 80}), 30: ('wagtail.blocks.CharBlock', (), {'help_text': "Who or what, e.g. 'Police (not an emergency)'.", 'max_length': 100}), 31: ('wagtail.blocks.CharBlock', (), {'help_text': "The phone number, e.g. '101'.", 'max_length': 30}), 32: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Opening hours or a tip.', 'max_length': 150, 'required': False}), 33: ('wagtail.blocks.StructBlock', [[('label', 30), ('number', 31), ('note', 32)]], {}), 34: ('wagtail.blocks.ListBlock', (33,), {'help_text': 'One row per number. Drag to change the order.'}), 35: ('wagtail.blocks.StructBlock', [[('title', 29), ('numbers', 34)]], {}), 36: ('wagtail.blocks.TextBlock', (), {'help_text': 'What the person said, without quotation marks.'}), 37: ('wagtail.blocks.CharBlock', (), {'help_text': "Who said it, e.g. 'Pat, a resident of Elm Road'.", 'max_length': 120, 'required': False}), 38: ('wagtail.blocks.StructBlock', [[('text', 36), ('attribution', 37)]], {}), 39: ('wagtail.blocks.CharBlock', (), {'help_text': "What happens when people press it, e.g. 'Join the Watch'. Not 'Click here'.", 'max_length': 60}), 40: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page on this website the button goes to…', 'required': False}), 41: ('wagtail.blocks.URLBlock', (), {'help_text': '…or the full address of a page elsewhere, starting https://', 'required': False}), 42: ('wagtail.blocks.StructBlock', [[('text', 39), ('page', 40), ('url', 41)]], {}), 43: ('wagtail.blocks.URLBlock', (), {'help_text': "The address of a YouTube or Vimeo video, copied from the browser's address bar."}), 44: ('wagtail.blocks.CharBlock', (), {'help_text': "The video's title, so readers know what it is before they load it.", 'max_length': 150}), 45: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Words shown under the video.', 'max_length': 250, 'required': False}), 46: ('wagtail.blocks.StructBlock', [[('url', 43), ('title', 44), ('caption', 45)]], {}), 47: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('post', 'News'), ('surgery', 'Surgery'), ('centre', 'At a community centre'), ('elsewhere', 'From elsewhere')], 'help_text': 'What it is: readers see it above the title.'}), 48: ('wagtail.blocks.CharBlock', (), {'help_text': 'The title readers see, linked to the page.', 'max_length': 255}), 49: ('wagtail.blocks.DateBlock', (), {'help_text': 'Optional. When it was posted or when it happens.', 'required': False}), 50: ('wagtail.blocks.TimeBlock', (), {'help_text': 'Optional. The time it starts, for events.', 'required': False}), 51: ('wagtail.blocks.CharBlock', (), {'help_text': "Optional. Where it comes from, e.g. the newsletter, blog or centre's name.", 'max_length': 255, 'required': False}), 52: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional. A sentence or two about it. Keep it short: readers click through.', 'required': False}), 53: ('wagtail.blocks.URLBlock', (), {'help_text': 'The full address of the page, starting https://', 'required': False}), 54: ('wagtail.blocks.StructBlock', [[('kind', 47), ('title', 48), ('date', 49), ('time', 50), ('source', 51), ('excerpt', 52), ('link', 53)]], {})}, help_text='The issue or post itself. Use headings to break it into sections.', verbose_name='body')),
                ('lead_image', models.ForeignKey(blank=True, help_text="Optional. A picture shown at the top of the post, in lists and when it is shared. It needs its 'Alternative text' (a sentence describing it, kept with the image): add it when you upload the picture, or later under Images.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='lead image')),
                ('authors', modelcluster.fields.ParentalManyToManyField(blank=True, help_text='Optional. Who wrote this. Names are shown only for people who agreed.', related_name='posts', to='newsletters.author', verbose_name='authors')),
                ('coverage', models.CharField(blank=True, choices=[('', 'No: an ordinary post'), ('live', 'Live now: readers see updates as you add them'), ('ended', 'Ended: the summary on top, the updates below')], default='', help_text="For a meeting you report as it happens (a council meeting, a police panel, an AGM). Choose 'Live now' and publish, then use 'Add a live update' from your phone.", max_length=10, verbose_name='live coverage')),
                ('coverage_summary', models.TextField(blank=True, help_text='Shown above the updates once the coverage has ended.', verbose_name='summary of the meeting')),
                ('hashtag', models.CharField(blank=True, help_text="Optional. Added to share links, e.g. #Kingstanding. Leave it empty to use the place's name.", max_length=60, verbose_name='hashtag')),
            ],
            options={
                'verbose_name': 'post or issue',
            },
            bases=('wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='PostPageTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_items', to='newsletters.postpage')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='PublicationPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('kind', models.CharField(choices=[('newsletter', 'Newsletter'), ('blog', 'Blog'), ('digest', 'Place digest')], default='newsletter', help_text='A newsletter comes out in numbered issues people can get by email; a blog has posts. A place digest is drafted for you from what is new in its place (see the Sending tab).', max_length=20, verbose_name='kind')),
                ('intro', wagtail.fields.RichTextField(blank=True, help_text='A sentence or two that tells readers what this page is about. It is shown in large print under the title, and with the title wherever the page is listed or shared. Keep it short: the details go further down.', verbose_name='introduction')),
                ('social_image', models.ForeignKey(blank=True, help_text="Optional. The picture shown when someone shares this page on Facebook, WhatsApp and similar. If empty, the page's main picture is used.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='social image')),
                ('contact_email', models.EmailField(blank=True, help_text='Optional. An email address for readers. Shown publicly and on printed issues.', max_length=254, verbose_name='contact email')),
                ('contact_name', models.CharField(blank=True, help_text="Optional. Who readers can contact, e.g. 'Maureen Lewis, coordinator'. Shown publicly.", max_length=100, verbose_name='contact name')),
                ('contact_phone', models.CharField(blank=True, help_text='Optional. A phone number for readers. Shown publicly and on printed issues.', max_length=30, verbose_name='contact phone')),
                ('frequency', models.CharField(blank=True, help_text="Optional. How often it comes out, e.g. 'Monthly' or 'When there is news'.", max_length=80, verbose_name='frequency')),
                ('logo', models.ForeignKey(blank=True, help_text="Optional. Your group's logo, shown at the top of the publication and on printed issues.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='logo')),
                ('email_reply_to', models.EmailField(blank=True, help_text="Optional. Where replies to an emailed issue arrive, e.g. your group's inbox. Subscribers see this address. Leave it empty and the issue does not invite replies.", max_length=254, verbose_name='reply-to address')),
                ('email_sender_name', models.CharField(blank=True, help_text="Optional. The name subscribers see as the sender of each emailed issue, e.g. 'Kingstanding Watch'. Leave it empty to use the publication's title. The sending address itself stays this website's own, so mail providers do not take your issues for forgeries.", max_length=80, verbose_name='sender name')),
                ('digest_frequency', models.CharField(choices=[('weekly', 'Every week'), ('monthly', 'Every month (on the first of the chosen day)')], default='weekly', help_text='Place digests only. How often the digest goes out.', max_length=10, verbose_name='how often')),
                ('digest_send_time', models.TimeField(default=datetime.time(8, 0), help_text='Place digests only. The time of day it is emailed (UK time), e.g. 08:00.', verbose_name='time it goes out')),
                ('digest_weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], default=4, help_text='Place digests only. The day it is emailed; a monthly digest goes out on the first of these days in the month. It is drafted a day before, so you can check it.', verbose_name='day it goes out')),
            ],
            options={
                'verbose_name': 'publication',
            },
            bases=('wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='PostImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('source_name', models.CharField(max_length=255)),
                ('data', models.BinaryField(blank=True, default=b'')),
                ('redirects', models.BooleanField(default=False)),
                ('status', models.CharField(choices=[('previewed', 'Waiting for the go-ahead'), ('queued', 'Waiting to start'), ('running', 'Importing'), ('done', 'Finished'), ('failed', 'Stopped by an error')], default='previewed', max_length=20)),
                ('done', models.PositiveIntegerField(default=0)),
                ('total', models.PositiveIntegerField(default=0)),
                ('report', models.JSONField(blank=True, default=dict)),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='newsletters.publicationpage')),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='ImportedPost',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_key', models.CharField(help_text="The post's GUID in the source, or its permalink.", max_length=500)),
                ('source_url', models.CharField(blank=True, help_text="The post's address on the old site.", max_length=1000)),
                ('imported_at', models.DateTimeField(auto_now=True)),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='newsletters.postpage')),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='newsletters.publicationpage')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('publication', 'source_key'), name='newsletters_imported_post_key_unique')],
            },
        ),
        migrations.CreateModel(
            name='LiveUpdate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                ('text', models.TextField(max_length=1000, verbose_name='update')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cms.customimage', verbose_name='photo')),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='live_updates', to='newsletters.postpage')),
            ],
            options={
                'verbose_name': 'live update',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['post', '-created_at'], name='newsletters_liveupdate_idx')],
            },
        ),
        migrations.CreateModel(
            name='DigestIssue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('drafted', 'Drafted: goes out at the time shown unless held'), ('held', 'Held by an editor: it will not go out'), ('sent', 'Sent'), ('empty', 'Nothing new in the place: nothing was sent'), ('cancelled', 'Not sent: its draft was deleted'), ('missed', 'Not sent: the scheduler was not running at its time and came back too late to send it')], default='drafted', max_length=10)),
                ('news_from', models.DateTimeField(help_text='New posts published from this moment…')),
                ('news_until', models.DateTimeField(help_text='…until this one are in the issue.')),
                ('send_at', models.DateTimeField(help_text='When the issue goes out unless held.')),
                ('coming_until', models.DateTimeField(help_text='Surgeries and events until this moment are in the issue.')),
                ('item_count', models.PositiveIntegerField(default=0)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('post', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='digest_issue', to='newsletters.postpage')),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='digest_issues', to='newsletters.publicationpage')),
                ('released_at', models.DateTimeField(blank=True, help_text='When an editor last let it go.', null=True)),
                ('warnings', models.JSONField(blank=True, default=list, help_text="The email checks' warnings (subscriptions.email_checks): when drafted, then as sent.")),
            ],
            options={
                'ordering': ['-send_at'],
                'indexes': [models.Index(fields=['status', 'send_at'], name='digest_issue_status_send')],
                'constraints': [models.UniqueConstraint(fields=('publication', 'send_at'), name='one_digest_issue_per_send_time')],
            },
        ),
        migrations.AddIndex(
            model_name='postpage',
            index=models.Index(fields=['date', 'page_ptr'], name='newsletters_post_date_idx'),
        ),
        migrations.AddField(
            model_name='postpage',
            name='tags',
            field=modelcluster.contrib.taggit.ClusterTaggableManager(blank=True, help_text="Optional. A few words readers can follow, e.g. 'bins', 'scams', 'meetings'.", through='newsletters.PostPageTag', to='taggit.Tag', verbose_name='Tags'),
        ),
    ]
