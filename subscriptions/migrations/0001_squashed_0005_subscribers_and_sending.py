"""subscriptions 0001 to 0005 in one migration, for a new site: a fresh database migrates in half the time.

A site that has run any of the migrations it replaces goes on with those instead (Django decides).
Steps that only change existing rows are left out: a new database has none.
cms/tests/test_squashed_migrations.py checks both ways end with the same models.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('subscriptions', '0001_initial'), ('subscriptions', '0002_sending_worker_heartbeat'), ('subscriptions', '0003_subscriber_language'), ('subscriptions', '0004_field_labels_translated'), ('subscriptions', '0005_confirmed_subscribers_index')]

    initial = True

    dependencies = [
        ('newsletters', '0001_initial'),
        ('newsletters', '0002_authors_tags_body_contacts'),
        ('newsletters', '0008_one_name_for_lead_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='Subscriber',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(help_text='Where the newsletter is sent.', max_length=254, verbose_name='email')),
                ('name', models.CharField(blank=True, help_text='Optional. How the subscriber likes to be called.', max_length=100, verbose_name='name')),
                ('status', models.CharField(choices=[('pending', 'Waiting for confirmation'), ('confirmed', 'Subscribed'), ('unsubscribed', 'Unsubscribed'), ('bouncing', 'Address not working')], db_index=True, default='pending', max_length=20, verbose_name='status')),
                ('consent_text', models.TextField(help_text='The exact words the person agreed to when signing up.', verbose_name='words they agreed to')),
                ('consented_at', models.DateTimeField(help_text='When they signed up.', verbose_name='signed up')),
                ('source', models.URLField(blank=True, help_text='The page the sign-up form was on.', max_length=500, verbose_name='signed up on')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed')),
                ('unsubscribed_at', models.DateTimeField(blank=True, null=True, verbose_name='unsubscribed')),
                ('bounce_count', models.PositiveIntegerField(default=0, help_text="Issues in a row that the subscriber's mail server refused.", verbose_name='issues refused in a row')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('publication', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_subscribers', to='newsletters.publicationpage', verbose_name='newsletter')),
                ('language', models.CharField(choices=[('en-gb', 'English'), ('ur', 'Urdu'), ('ar', 'Arabic'), ('pl', 'Polish')], default='en-gb', help_text='The language they signed up in: every email they get is written in it.', max_length=10, verbose_name='language')),
            ],
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('queued', 'Waiting to be sent'), ('sending', 'Being sent'), ('sent', 'Sent'), ('failed', 'Could not be delivered'), ('skipped', 'Not sent: unsubscribed meanwhile')], default='queued', max_length=10)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                ('claimed_until', models.DateTimeField(blank=True, null=True)),
                ('claim_token', models.CharField(blank=True, max_length=32)),
                ('sent_at', models.DateTimeField(blank=True, null=True)),
                ('last_error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_deliveries', to='newsletters.postpage')),
                ('subscriber', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='subscriptions.subscriber')),
            ],
            options={
                'verbose_name_plural': 'deliveries',
            },
        ),
        migrations.CreateModel(
            name='SendingWorker',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(help_text='The claim token on its deliveries.', max_length=32, unique=True)),
                ('name', models.CharField(blank=True, help_text='Machine and process id, for logs.', max_length=200)),
                ('started_at', models.DateTimeField(auto_now_add=True)),
                ('heartbeat_at', models.DateTimeField(db_index=True)),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sending_workers', to='newsletters.postpage')),
            ],
        ),
        migrations.AddIndex(
            model_name='subscriber',
            index=models.Index(fields=['status', 'created_at'], name='subscriber_status_created'),
        ),
        migrations.AddConstraint(
            model_name='subscriber',
            constraint=models.UniqueConstraint(fields=('publication', 'email'), name='one_subscription_per_address'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['post', 'status'], name='delivery_post_status'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('post', 'subscriber'), name='one_delivery_per_issue_and_subscriber'),
        ),
        migrations.AddIndex(
            model_name='subscriber',
            index=models.Index(condition=models.Q(('status', 'confirmed')), fields=['publication', 'confirmed_at'], name='subscriber_confirmed_since'),
        ),
    ]
