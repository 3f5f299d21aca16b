"""Taking a publication elsewhere: a WordPress export file (WXR) and a zip of static web pages.

A group that leaves must be able to take everything with them. ``write_wxr`` writes the
publication in WordPress's own export format (WXR 1.2), which WordPress's importer and Ghost's
WordPress migrator both read: every post (drafts as drafts), its public author, its tags, its
picture as an attachment, and its body as plain, clean HTML with absolute addresses on the
publication's own Site (each town may have its own host). ``write_html_zip`` writes the live,
public posts as web pages with relative links between them and the pictures beside them, so the
archive opens offline or goes on any static host.

Both write into a file they are given (a temporary file, or the command's output), a post at a
time, and call ``progress(done, total, title)`` as they go.
"""

import datetime
import email.utils
import posixpath
import shutil
import zipfile
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urldefrag, urljoin
from xml.etree import ElementTree as ET

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import slugify

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

import nh3
from bs4 import BeautifulSoup

from cms.html import absolutize_urls
from cms.sites import page_site_url

from .models import PostPage, PublicationPage, public_authors_prefetch, tags_prefetch

# One picture size for both formats: big enough for any theme, far smaller than a phone's photo.
EXPORT_IMAGE_SPEC = "max-1600x1600"
# Posts carry a date, not a time: noon keeps the same day in every time zone a reader may be in.
POST_TIME = datetime.time(12, 0)

WXR_VERSION = "1.2"
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

# What survives into exported HTML: the structure of the text, links and pictures; no classes,
# scripts, styles or data attributes that only make sense with our own stylesheet and JavaScript.
CLEAN_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "dd", "dl", "dt", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img", "li", "ol", "p", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "ul",
}  # fmt: skip
CLEAN_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
    "time": {"datetime"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}


class ExportError(Exception):
    """The publication cannot be exported (said in words for the person who asked)."""


# --- which posts, in which version ------------------------------------------------------


@dataclass
class ExportedPost:
    """One post as it goes out: the version to export, its status and its addresses."""

    page: PostPage
    status: str  # "publish", "draft" or "private" (WordPress's words)
    url: str
    authors: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    @property
    def published_at(self):
        return timezone.make_aware(datetime.datetime.combine(self.page.date, POST_TIME))

    @property
    def modified_at(self):
        return self.page.last_published_at or self.page.latest_revision_created_at or self.published_at


def exported_posts(publication, *, live_only):
    """The publication's posts, oldest first, as they should go out.

    Live pages go out as published (their live version, not a newer unpublished draft); pages never
    published or taken down go out as drafts with their latest draft (``live_only`` leaves them out,
    and leaves out pages behind a password or a log-in too). Only authors who agreed to be named
    travel with a post: the new site would show their name.
    """
    posts = (
        PostPage.objects.child_of(publication)
        .order_by("date", "pk")
        .select_related("lead_image")
        .prefetch_related(tags_prefetch(), public_authors_prefetch())
    )
    public_ids = set(PostPage.objects.child_of(publication).public().values_list("pk", flat=True))
    if live_only:
        posts = posts.live().filter(pk__in=public_ids)
    for post in posts.iterator(chunk_size=100):
        url = post.get_full_url()
        if post.live:
            status = "publish" if post.pk in public_ids else "private"
            yield ExportedPost(post, status, url, post.public_authors, [tagged.tag for tagged in post.tagged])
            continue
        draft = post.get_latest_revision_as_object()
        authors = [author for author in draft.authors.all() if author.show_publicly]
        yield ExportedPost(draft, "draft", url, authors, list(draft.tags.all()))


# --- the body as clean HTML ----------------------------------------------------------------


def image_html(image, src, caption=""):
    """A picture as a plain <figure>: one <img> with its description, and its caption and credit."""
    if getattr(image, "decorative", False):
        alt = ""
    else:
        alt = getattr(image, "contextual_alt_text", None) or image.default_alt_text
    caption = " · ".join(part for part in (caption, getattr(image, "credit", "")) if part)
    if caption:
        return format_html(
            '<figure><img src="{}" alt="{}"><figcaption>{}</figcaption></figure>', src, alt, caption
        )
    return format_html('<figure><img src="{}" alt="{}"></figure>', src, alt)


def video_html(value, *, players):
    """A video as the provider's player in an <iframe> (WordPress and Ghost make it their own video),
    or, with ``players=False``, a link to it (pages read offline load nothing from elsewhere)."""
    if players and value.player_url():
        video = format_html(
            '<iframe src="{}" title="{}" width="560" height="315" allowfullscreen></iframe>',
            value.player_url(),
            value["title"],
        )
    else:
        video = format_html('<a href="{}">{}</a>', value["url"], value["title"])
    if value.get("caption"):
        return format_html("<figure>{}<figcaption>{}</figcaption></figure>", video, value["caption"])
    return format_html("<figure>{}</figure>", video)


def body_html(page, base_url, image_src, *, video_players=False):
    """The post's body as clean HTML with every address absolute against ``base_url``.

    Each block is drawn with its own template, then cleaned down to plain HTML; pictures become one
    ``<img>`` at ``image_src(image)``, and videos their player or a link (``video_html``).
    """
    parts = []
    for block in page.body or []:
        if block.block_type == "image":
            image = block.value["image"]
            parts.append(image_html(image, image_src(image), block.value["caption"]))
        elif block.block_type == "video":
            parts.append(video_html(block.value, players=video_players))
        else:
            parts.append(str(block.render(context={})))
    html = nh3.clean("\n".join(parts), tags=CLEAN_TAGS, attributes=CLEAN_ATTRIBUTES, link_rel=None)
    html = "\n".join(line.strip() for line in html.splitlines() if line.strip())
    return absolutize_urls(html, base_url)


def images_in(page):
    """The pictures of a post: its lead picture first, then those in its body."""
    images = [page.lead_image] if page.lead_image_id and page.lead_image else []
    images += [block.value["image"] for block in page.body or [] if block.block_type == "image"]
    return [image for image in images if image is not None]


class ExportImages:
    """Each picture's one rendition, made once however many posts show it."""

    def __init__(self):
        self.renditions = {}
        self.first_post = {}

    def rendition(self, image, post=None):
        if image.pk not in self.renditions:
            self.renditions[image.pk] = (image, image.get_rendition(EXPORT_IMAGE_SPEC))
            if post is not None:
                self.first_post[image.pk] = post
        return self.renditions[image.pk][1]


# --- WXR -------------------------------------------------------------------------------


def qualified(name):
    prefix, _, local = name.rpartition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}" if prefix else local


def add(parent, name, text=None, **attributes):
    element = ET.SubElement(parent, qualified(name), {key: str(value) for key, value in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def wp_date(moment, *, utc=False):
    moment = timezone.localtime(moment, datetime.UTC if utc else None)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def absolute_image_url(images, page_url, image):
    return urljoin(page_url, images.rendition(image).url)


def rfc822(moment):
    return email.utils.format_datetime(moment.astimezone(datetime.UTC))


def add_wp_dates(item, published, modified):
    add(item, "wp:post_date", wp_date(published))
    add(item, "wp:post_date_gmt", wp_date(published, utc=True))
    add(item, "wp:post_modified", wp_date(modified))
    add(item, "wp:post_modified_gmt", wp_date(modified, utc=True))


def add_meta(item, key, value):
    meta = add(item, "wp:postmeta")
    add(meta, "wp:meta_key", key)
    add(meta, "wp:meta_value", value)


def publication_login(publication, authors):
    """The WordPress user posts with no named author are filed under: the publication itself."""
    taken = {author.slug for author in authors}
    login = publication.slug
    while login in taken:
        login += "-team"
    return login


def write_wxr(publication, output, progress=None):
    """Write ``publication`` as a WordPress export file (WXR 1.2) into the binary file ``output``.

    Returns a summary: {"posts": n, "drafts": n, "attachments": n, "authors": n, "tags": n}.
    """
    site_url = page_site_url(publication)
    publication_url = publication.get_full_url()
    with translation.override(publication.locale.language_code):
        posts = []
        images = ExportImages()
        total = PostPage.objects.child_of(publication).count()
        for number, post in enumerate(exported_posts(publication, live_only=False), start=1):
            for image in images_in(post.page):
                images.rendition(image, post)
            post.content = body_html(
                post.page, post.url, partial(absolute_image_url, images, post.url), video_players=True
            )
            posts.append(post)
            if progress:
                progress(number, total, post.page.title)

    authors = {author.pk: author for post in posts for author in post.authors}
    tags = {tag.pk: tag for post in posts for tag in post.tags}
    house_login = publication_login(publication, authors.values())

    rss = ET.Element("rss", version="2.0")
    channel = add(rss, "channel")
    add(channel, "title", publication.title)
    add(channel, "link", publication_url)
    add(channel, "description", publication.intro_text)
    add(channel, "pubDate", rfc822(timezone.now()))
    add(channel, "language", publication.locale.language_code)
    add(channel, "wp:wxr_version", WXR_VERSION)
    add(channel, "wp:base_site_url", site_url)
    add(channel, "wp:base_blog_url", publication_url)

    logins = {}
    people = [(house_login, publication.title), *((author.slug, author.name) for author in authors.values())]
    for number, (login, name) in enumerate(people, start=1):
        logins[login] = name
        author = add(channel, "wp:author")
        add(author, "wp:author_id", number)
        add(author, "wp:author_login", login)
        add(author, "wp:author_email", "")
        add(author, "wp:author_display_name", name)
        first, _, last = name.partition(" ")
        add(author, "wp:author_first_name", first)
        add(author, "wp:author_last_name", last)

    for tag in sorted(tags.values(), key=lambda tag: tag.slug):
        term = add(channel, "wp:tag")
        add(term, "wp:term_id", tag.pk)
        add(term, "wp:tag_slug", tag.slug)
        add(term, "wp:tag_name", tag.name)
    add(channel, "generator", "Patchwork")

    # Attachments need ids of their own, clear of the posts' page ids.
    attachment_ids = {}
    first_attachment_id = max((post.page.pk for post in posts), default=0) + 1
    for offset, image_pk in enumerate(images.renditions):
        attachment_ids[image_pk] = first_attachment_id + offset

    for post in posts:
        page = post.page
        item = add(channel, "item")
        add(item, "title", page.title)
        add(item, "link", post.url)
        add(item, "pubDate", rfc822(post.published_at))
        add(item, "dc:creator", post.authors[0].slug if post.authors else house_login)
        add(item, "guid", f"{site_url}/?p={page.pk}", isPermaLink="false")
        add(item, "description", "")
        add(item, "content:encoded", post.content)
        add(item, "excerpt:encoded", page.intro_text)
        add(item, "wp:post_id", page.pk)
        add_wp_dates(item, post.published_at, post.modified_at)
        add(item, "wp:comment_status", "closed")
        add(item, "wp:ping_status", "closed")
        add(item, "wp:post_name", page.slug)
        add(item, "wp:status", post.status)
        add(item, "wp:post_parent", 0)
        add(item, "wp:menu_order", 0)
        add(item, "wp:post_type", "post")
        add(item, "wp:post_password", "")
        add(item, "wp:is_sticky", 0)
        for tag in sorted(post.tags, key=lambda tag: tag.slug):
            add(item, "category", tag.name, domain="post_tag", nicename=tag.slug)
        if page.lead_image_id and page.lead_image_id in attachment_ids:
            add_meta(item, "_thumbnail_id", attachment_ids[page.lead_image_id])

    for image_pk, (image, rendition) in images.renditions.items():
        post = images.first_post[image_pk]
        url = urljoin(post.url, rendition.url)
        created = image.created_at or post.published_at
        item = add(channel, "item")
        add(item, "title", image.title)
        add(item, "link", url)
        add(item, "pubDate", rfc822(created))
        add(item, "dc:creator", post.authors[0].slug if post.authors else house_login)
        add(item, "guid", url, isPermaLink="false")
        add(item, "description", "")
        add(item, "content:encoded", "")
        add(item, "excerpt:encoded", getattr(image, "credit", ""))
        add(item, "wp:post_id", attachment_ids[image_pk])
        add_wp_dates(item, created, created)
        add(item, "wp:comment_status", "closed")
        add(item, "wp:ping_status", "closed")
        add(item, "wp:post_name", slugify(image.title) or f"image-{image.pk}")
        add(item, "wp:status", "inherit")
        add(item, "wp:post_parent", post.page.pk)
        add(item, "wp:menu_order", 0)
        add(item, "wp:post_type", "attachment")
        add(item, "wp:post_password", "")
        add(item, "wp:is_sticky", 0)
        add(item, "wp:attachment_url", url)
        add_meta(item, "_wp_attachment_image_alt", image.default_alt_text)

    ET.indent(rss)
    ET.ElementTree(rss).write(output, encoding="UTF-8", xml_declaration=True)
    return {
        "posts": len(posts),
        "drafts": sum(post.status == "draft" for post in posts),
        "attachments": len(images.renditions),
        "authors": len(logins),
        "tags": len(tags),
    }


# --- a zip of web pages -----------------------------------------------------------------


def post_path(page):
    return f"posts/{page.slug}.html"


def image_path(rendition):
    return f"images/{posixpath.basename(rendition.file.name)}"


def neighbour(page):
    """A link from one post's page to another's (both are in posts/)."""
    return {"title": page.title, "href": posixpath.basename(post_path(page))}


def with_variants(url):
    """An address with and without its trailing slash, so a link matches either way."""
    return {url, url.rstrip("/"), url.rstrip("/") + "/"}


def relative_links(html, files, root):
    """Links and pictures in the archive point at their file in it (``root`` leads back to its top).

    ``files`` maps absolute addresses (of the publication, its posts and its pictures) to files.
    """
    soup = BeautifulSoup(html, "html.parser")
    for element, attribute in (("a", "href"), ("img", "src")):
        for tag in soup.find_all(element, attrs={attribute: True}):
            address, fragment = urldefrag(tag[attribute])
            if address in files:
                tag[attribute] = root + files[address] + (f"#{fragment}" if fragment else "")
    return str(soup)


def write_html_zip(publication, output, progress=None):
    """Write the publication's live, public posts as static web pages into the binary file ``output``.

    The zip holds index.html (the publication and its posts, newest first), posts/<slug>.html
    for each post, images/ with the pictures they show and style.css. Returns a summary:
    {"posts": n, "images": n}.
    """
    publication_url = publication.get_full_url()
    images = ExportImages()
    written_images = set()
    with (
        translation.override(publication.locale.language_code),
        zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        posts = list(exported_posts(publication, live_only=True))
        files = {}
        for url in with_variants(publication_url):
            files[url] = "index.html"
        for post in posts:
            for url in with_variants(post.url):
                files[url] = post_path(post.page)

        def copy_image(image):
            rendition = images.rendition(image)
            name = image_path(rendition)
            if name not in written_images:
                with rendition.file.open("rb") as source, archive.open(name, "w") as target:
                    shutil.copyfileobj(source, target)
                written_images.add(name)
            return name

        def image_address(page_url, image):
            """The picture's address as the live site has it; ``relative_links`` points it into images/."""
            name = copy_image(image)
            address = urljoin(page_url, images.rendition(image).url)
            files[address] = name
            return address

        common = {
            "publication": publication,
            "publication_url": publication_url,
            "saved_on": timezone.localdate(),
            "language_code": publication.locale.language_code,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
        }
        newest_first = list(reversed(posts))
        for number, post in enumerate(newest_first):
            page = post.page
            body = body_html(page, post.url, partial(image_address, post.url))
            newer = newest_first[number - 1] if number else None
            older = newest_first[number + 1] if number + 1 < len(newest_first) else None
            html = render_to_string(
                "newsletters/export/post.html",
                {
                    **common,
                    "root": "../",
                    "post": page,
                    "authors": post.authors,
                    "tags": post.tags,
                    "lead_image": page.lead_image and copy_image(page.lead_image),
                    "body": relative_links(body, files, "../"),
                    "newer": newer and neighbour(newer.page),
                    "older": older and neighbour(older.page),
                },
            )
            archive.writestr(post_path(page), html)
            if progress:
                progress(number + 1, len(posts), page.title)

        listing = [
            {
                "title": post.page.title,
                "date": post.page.date,
                "intro": post.page.intro_text,
                "href": post_path(post.page),
                "image": post.page.lead_image and copy_image(post.page.lead_image),
                "alt": post.page.lead_image.default_alt_text if post.page.lead_image else "",
            }
            for post in newest_first
        ]
        intro = absolutize_urls(expand_db_html(publication.intro or ""), publication_url)
        intro = relative_links(intro, files, "")
        archive.writestr(
            "index.html",
            render_to_string(
                "newsletters/export/index.html", {**common, "root": "", "posts": listing, "intro": intro}
            ),
        )
        archive.writestr("style.css", render_to_string("newsletters/export/style.css"))
    return {"posts": len(posts), "images": len(written_images)}


def export_filename(publication, export_format):
    suffix = "wordpress.xml" if export_format == "wxr" else "web-pages.zip"
    return f"{publication.slug}-{suffix}"


EXPORTERS = {"wxr": write_wxr, "html": write_html_zip}


def export_publication(publication, export_format, output, progress=None):
    """Write the publication in ``export_format`` ("wxr" or "html") into ``output``; return the summary."""
    if not isinstance(publication, Page) or publication.specific_class is not PublicationPage:
        raise ExportError("Only a newsletter or blog can be exported.")
    if export_format not in EXPORTERS:
        raise ExportError(f"Unknown format “{export_format}”: choose one of {', '.join(EXPORTERS)}.")
    return EXPORTERS[export_format](publication.specific, output, progress)
