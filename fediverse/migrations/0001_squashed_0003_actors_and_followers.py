"""fediverse 0001 to 0003 in one migration, for a new site: a fresh database migrates in half the time.

A site that has run any of the migrations it replaces goes on with those instead (Django decides).
Steps that only change existing rows are left out: a new database has none.
cms/tests/test_squashed_migrations.py checks both ways end with the same models.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('fediverse', '0001_initial'), ('fediverse', '0002_actor_page'), ('fediverse', '0003_private_keys_encrypted')]

    initial = True

    dependencies = [
        ('newsletters', '0014_live_coverage'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='Actor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('encrypted_private_key', models.TextField(editable=False)),
                ('public_key_pem', models.TextField(editable=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='fediverse_actor', to=settings.WAGTAIL_PAGE_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Follower',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('account', models.URLField(max_length=500, verbose_name='account')),
                ('inbox', models.URLField(max_length=500)),
                ('shared_inbox', models.URLField(blank=True, max_length=500)),
                ('failures', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='followers', to='fediverse.actor')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('actor', 'account'), name='fediverse_one_follow')],
            },
        ),
        migrations.CreateModel(
            name='SentPost',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('post_id', models.PositiveBigIntegerField()),
                ('object_id', models.URLField(max_length=500)),
                ('sent_at', models.DateTimeField(auto_now=True)),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sent_posts', to='fediverse.actor')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('actor', 'post_id'), name='fediverse_sent_once')],
            },
        ),
    ]
