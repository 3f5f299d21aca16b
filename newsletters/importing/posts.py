"""Importing the posts of a WordPress blog or a feed into a publication.

``import_posts`` does the work for the ``import_posts`` command, the admin screen and its task:

- each post keeps its title, date, author (the Author snippet of that name, made if missing, not
  shown publicly until the writer agrees), tags and body (sanitised, then turned into blocks);
- pictures are downloaded into the publication's collection with their alt text;
- links between imported posts point at the new pages, once both exist;
- published posts are published with their old date, scheduled ones scheduled, drafts stay drafts
  (and everything stays a draft for someone who may not publish);
- a post imported before (same GUID or permalink, ``ImportedPost``) is updated, never copied;
- each post is saved in its own transaction: a broken one is skipped and named, never half-made;
- optionally the old addresses redirect to the new pages (Wagtail redirects);
- a dry run reads everything and says what it would do, changing nothing.
"""

import hashlib
import logging
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.contrib.redirects.models import Redirect
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from cms import front_cache

from ..models import Author, ImportedPost, PostPage
from .body import BodyBuilder, rewrite_links
from .images import ImageImporter, publication_collection
from .wxr import DRAFT, SCHEDULED, Source, read_source

logger = logging.getLogger(__name__)

CREATE, UPDATE, SKIP = "create", "update", "skip"
KEY_LENGTH = ImportedPost._meta.get_field("source_key").max_length
URL_LENGTH = ImportedPost._meta.get_field("source_url").max_length
TITLE_LENGTH = 255
AUTHOR_NAME_LENGTH = Author._meta.get_field("name").max_length


@dataclass
class ItemOutcome:
    title: str
    action: str  # CREATE, UPDATE or SKIP
    reason: str = ""  # why it was skipped
    status: str = ""  # "live", "draft" or "scheduled"
    page_id: int | None = None
    warnings: list = field(default_factory=list)


@dataclass
class PostImportReport:
    """What an import did, or (dry run) would do."""

    format: str = ""
    source_title: str = ""
    dry_run: bool = False
    items: list = field(default_factory=list)
    ignored: dict = field(default_factory=dict)
    comments: int = 0
    images: int = 0
    redirects: int = 0
    authors_created: list = field(default_factory=list)
    drafts_only: bool = False  # the importer may not publish: everything became a draft

    def of(self, action):
        return [item for item in self.items if item.action == action]

    @property
    def created(self):
        return self.of(CREATE)

    @property
    def updated(self):
        return self.of(UPDATE)

    @property
    def skipped(self):
        return self.of(SKIP)

    def summary(self):
        counts = {
            "created": len(self.created),
            "updated": len(self.updated),
            "skipped": len(self.skipped),
            "ignored": sum(self.ignored.values()),
            "comments": self.comments,
        }
        if self.dry_run:
            return (
                _(
                    "%(created)d post(s) would be created, %(updated)d updated, %(skipped)d skipped; "
                    "%(ignored)d other item(s) and %(comments)d comment(s) left out"
                )
                % counts
            )
        counts.update(images=self.images, redirects=self.redirects)
        return (
            _(
                "%(created)d post(s) created, %(updated)d updated, %(skipped)d skipped; %(images)d "
                "picture(s) brought over, %(redirects)d redirect(s); %(ignored)d other item(s) and "
                "%(comments)d comment(s) left out"
            )
            % counts
        )

    def as_dict(self):
        data = asdict(self)
        data["summary"] = self.summary()
        return data


def link_key(address):
    """An address as the old site's posts are matched: no scheme, no www., no trailing slash."""
    parts = urlsplit((address or "").strip())
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    query = "&".join(
        sorted(part for part in parts.query.split("&") if part.split("=")[0] in ("p", "page_id"))
    )
    key = f"{host}{path}"
    return f"{key}?{query}" if query else key


class Links:
    """Old addresses of the posts in this import, and the pages they now are."""

    def __init__(self, source, existing):
        self.pages = {}  # link key -> page id
        self.source_keys = set()
        for post in source.posts:
            for address in (post.link, *post.aliases):
                if address:
                    self.source_keys.add(link_key(address))
        for record in existing.values():
            if record.source_url:
                self.pages[link_key(record.source_url)] = record.page_id
            if record.source_key.startswith(("http://", "https://")):
                self.pages.setdefault(link_key(record.source_key), record.page_id)

    def page_for(self, address):
        return self.pages.get(link_key(address))

    def is_source(self, address):
        return link_key(address) in self.source_keys

    def add(self, post, page_id):
        for address in (post.link, *post.aliases):
            if address:
                self.pages[link_key(address)] = page_id


def stored_key(key):
    """The source key as stored: long ones (some feed ids) by their hash, so they still fit."""
    if len(key) <= KEY_LENGTH:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class PostImporter:
    def __init__(self, publication, source, *, dry_run, redirects, user, may_publish, progress):
        self.publication = publication
        self.source = source
        self.dry_run = dry_run
        self.make_redirects = redirects
        self.user = user
        self.may_publish = may_publish
        self.progress = progress
        self.report = PostImportReport(
            format=source.format,
            source_title=source.title,
            dry_run=dry_run,
            ignored=dict(source.ignored),
            comments=source.comments,
            drafts_only=not may_publish,
        )
        self.existing = {
            record.source_key: record
            for record in ImportedPost.objects.filter(publication=publication).only(
                "source_key", "source_url", "page_id"
            )
        }
        self.links = Links(source, self.existing)
        self.images = ImageImporter(None if dry_run else publication_collection(publication), dry_run)
        self.authors = {}  # name (lower case) -> Author, in rows already committed
        self.item_authors = {}  # the same, for the post being saved now
        self.item_redirects = 0
        self.pending = []  # (page id, post) whose links to posts made later are still old addresses
        self.redirect_site = None

    def run(self):
        posts = self.source.posts
        total = len(posts)
        seen = set()
        for number, post in enumerate(posts, start=1):
            outcome = self.import_one(post, seen)
            self.report.items.append(outcome)
            if self.progress:
                self.progress(number, total, outcome)
        if not self.dry_run:
            self.resolve_pending_links()
        self.report.images = self.images.created
        return self.report

    def import_one(self, post, seen):
        if post.error:
            return ItemOutcome(post.title, SKIP, reason=post.error)
        key = stored_key(post.key)
        if key in seen:
            return ItemOutcome(post.title, SKIP, reason=_("it appears twice in the file"))
        seen.add(key)
        record = self.existing.get(key)
        action = UPDATE if record is not None else CREATE
        status = self.status_for(post)
        if self.dry_run:
            return ItemOutcome(post.title, action, status=status, page_id=record.page_id if record else None)
        try:
            with transaction.atomic():
                page, builder = self.save_post(post, key, record, status)
        except Exception as error:  # one bad post must never stop the others
            self.images.roll_back()
            self.item_authors, self.item_redirects = {}, 0
            # The tree's child count in memory may count a page that was rolled back.
            self.publication.refresh_from_db(fields=["numchild"])
            logger.warning("Post import: skipped %r: %s", post.title, error, exc_info=True)
            return ItemOutcome(post.title, SKIP, reason=describe(error))
        self.images.commit()
        for name, author in self.item_authors.items():
            if name not in self.authors and author.created_here:
                self.report.authors_created.append(author.name)
        self.authors.update(self.item_authors)
        self.report.redirects += self.item_redirects
        self.item_authors, self.item_redirects = {}, 0
        self.links.add(post, page.pk)
        if builder.pending_links:
            self.pending.append((page.pk, post.link))
        return ItemOutcome(post.title, action, status=status, page_id=page.pk, warnings=builder.warnings)

    def status_for(self, post):
        if post.status == DRAFT or not self.may_publish:
            return "draft"
        if post.status == SCHEDULED and post.published and post.published > timezone.now():
            return "scheduled"
        return "live"

    def save_post(self, post, key, record, status):
        page = PostPage.objects.get(pk=record.page_id) if record else None
        builder = BodyBuilder(
            base_url=post.link or self.source.link,
            title=post.title,
            image_for=self.images,
            links=self.links,
            own_link=post.link,
        )
        content = post.content if post.full_content else self.summary_with_link(post)
        body = builder.build(content)
        published = post.published or timezone.now()
        local_date = (
            timezone.localtime(published).date() if timezone.is_aware(published) else published.date()
        )
        if page is None:
            slug = slugify(post.slug or post.title)[:200] or "post"
            page = PostPage(
                slug=find_available_slug(self.publication, slug),
                owner=self.user,
                live=False,
                locale_id=self.publication.locale_id,
            )
        page.title = post.title[:TITLE_LENGTH]
        page.date = local_date
        page.body = body
        page.intro = ""
        page.search_description = ""
        page.fill_in_descriptions()
        if post.lead_image:
            self.lead_image(page, post, builder)
        page.tags.set(post.tags[:50])
        page.authors.set([self.author(name) for name in post.authors if name.strip()])
        if status == "scheduled":
            page.go_live_at = published
        if status == "live" and page.first_published_at is None:
            page.first_published_at = published
        created = page.pk is None
        # The page is saved up to three times below; its references are indexed once, after.
        with disable_reference_index_auto_update():
            if created:
                self.publication.add_child(instance=page)
            elif not page.live:
                page.save()
            # A live page's row is what readers see: it changes only by publishing the revision below.
            # The page was just checked (full_clean) by the save above, or will be when it is published.
            checked = created or not page.live or status != "draft"
            revision = page.save_revision(user=self.user, log_action=True, clean=not checked)
            if status in ("live", "scheduled"):
                revision.publish(user=self.user, skip_permission_checks=True)
        update_reference_index_task.enqueue(page._meta.app_label, page._meta.model_name, str(page.pk))
        if status == "live":
            # Readers see the post's own date, not the day it was imported.
            PostPage.objects.filter(pk=page.pk).update(last_published_at=published)
        ImportedPost.objects.update_or_create(
            publication=self.publication,
            source_key=key,
            defaults={"source_url": post.link[:URL_LENGTH], "page": page},
        )
        if self.make_redirects and post.link and status != "draft":
            self.redirect(post.link, page)
        return page, builder

    def lead_image(self, page, post, builder):
        """The featured image becomes the lead picture, if it comes over with its alt text (required)."""
        image_id = self.images(post.lead_image, post.lead_image_alt)
        model = get_image_model()
        alt = (
            model.objects.filter(pk=image_id).values_list("description", flat=True).first()
            if image_id
            else ""
        )
        if (alt or "").strip():
            page.lead_image_id = image_id
        else:
            builder.warnings.append(
                _("The picture %(url)s could not be brought over.") % {"url": post.lead_image}
            )

    def summary_with_link(self, post):
        """A feed that gives only a summary: the summary, then a link to the whole post."""
        from html import escape

        more = ""
        if post.link:
            more = '<p><a href="{}">{}</a></p>'.format(
                escape(post.link), escape(_("Read the whole post on its original site"))
            )
        return (post.summary or "") + more

    def author(self, name):
        name = " ".join(name.split())[:AUTHOR_NAME_LENGTH]
        key = name.lower()
        if key in self.authors or key in self.item_authors:
            return self.authors.get(key) or self.item_authors[key]
        locale_id = self.publication.locale_id
        slug = slugify(name)[:90] or "author"
        # The authors this publication's posts may name (newsletters.authors): its town's (filed on
        # a page above it, or on the publication itself) and the whole network's, the nearest first.
        path = self.publication.path
        above = [path[:end] for end in range(PostPage.steplen, len(path) + 1, PostPage.steplen)]
        here = (
            Author.objects.filter(locale_id=locale_id)
            .filter(Q(town_page__isnull=True) | Q(town_page__path__in=above))
            .order_by(F("town_page__depth").desc(nulls_last=True), "pk")
        )
        author = here.filter(name__iexact=name).first() or here.filter(slug=slug).first()
        if author is None:
            unique, number = slug, 1
            while Author.objects.filter(locale_id=locale_id, slug=unique).exists():
                number += 1
                unique = f"{slug}-{number}"
            # Not shown publicly: the writer has not said yes here yet. Filed under the publication,
            # so its editors can find and edit them.
            author = Author.objects.create(
                name=name, slug=unique, locale_id=locale_id, show_publicly=False, town_page=self.publication
            )
            author.created_here = True
        else:
            author.created_here = False
        self.item_authors[key] = author
        return author

    def redirect(self, old_address, page):
        """The old permalink's path, on any of this install's sites, now leads to the new page."""
        parts = urlsplit(old_address)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        old_path = Redirect.normalise_path(path)
        if old_path in ("", "/"):
            return
        existing = Redirect.objects.filter(old_path=old_path, site=None).first()
        if existing is not None and existing.redirect_page_id not in (None, page.pk):
            other = ImportedPost.objects.filter(page_id=existing.redirect_page_id).exists()
            if not other:
                return  # someone's own redirect: left alone
        Redirect.objects.update_or_create(
            old_path=old_path,
            site=None,
            defaults={"redirect_page": page, "is_permanent": True, "redirect_link": ""},
        )
        self.item_redirects += 1

    def resolve_pending_links(self):
        """Posts that linked to posts made after them: their links now lead to the new pages."""
        for page_id, own_link in self.pending:
            try:
                with transaction.atomic():
                    page = PostPage.objects.select_for_update().get(pk=page_id)
                    blocks, changed = rewrite_links(list(page.body.raw_data), self.links, own_link)
                    if not changed:
                        continue
                    page.body = blocks
                    with disable_reference_index_auto_update():
                        revision = page.save_revision(user=self.user)
                        if page.live:
                            published = page.last_published_at
                            revision.publish(user=self.user, skip_permission_checks=True)
                            PostPage.objects.filter(pk=page.pk).update(last_published_at=published)
                    update_reference_index_task.enqueue(
                        page._meta.app_label, page._meta.model_name, str(page.pk)
                    )
            except Exception:  # the post stays, with its links to the old addresses
                logger.warning("Post import: links of page %s not rewritten", page_id, exc_info=True)


def describe(error):
    messages = getattr(error, "messages", None)
    if messages:
        return "; ".join(str(message) for message in messages)
    return str(error) or error.__class__.__name__


def import_posts(
    publication, data, *, dry_run=False, redirects=False, user=None, may_publish=True, progress=None
):
    """Import the posts of a WXR file or a feed (bytes, text or an already read ``Source``).

    Raises ``wxr.SourceError`` when the file is neither; returns a ``PostImportReport``.
    ``progress(done, total, outcome)`` is called after each post.
    """
    source = data if isinstance(data, Source) else read_source(data)
    importer = PostImporter(
        publication,
        source,
        dry_run=dry_run,
        redirects=redirects,
        user=user,
        may_publish=may_publish,
        progress=progress,
    )
    # One set of purges every few seconds, not one per post (with a front cache or the page cache).
    with front_cache.gathered():
        return importer.run()
