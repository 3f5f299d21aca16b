"""The editing form for posts, with a plain first-issue mode for people new to websites.

Who gets the plain mode is not this app's business: any app may answer the
``newsletters_simple_editor_for`` Wagtail hook (a function taking the user and
returning True), so the hand-over can switch it on for its newcomers without
this app knowing about them.
"""

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import blocks, hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

from cms.blocks import HeadingBlock, ImageBlock, ParagraphBlock
from cms.html import (
    plain_text_as_rich_text,
    rich_text_as_editable_plain_text,
    rich_text_as_plain_text,
)

SIMPLE_EDITOR_HOOK = "newsletters_simple_editor_for"
# Functions taking a post's words (title, introduction and body as one string) and returning a
# reason it must not go live yet, or None. Asked on Publish and on sending for review.
GOING_LIVE_CHECKS_HOOK = "newsletters_check_before_going_live"

# What a first issue needs, and nothing else.
SIMPLE_FIELDS = ("title", "intro", "body", "photo", "photo_description")


def wants_simple_editor(user):
    return user is not None and any(answer(user) for answer in hooks.get_hooks(SIMPLE_EDITOR_HOOK))


class SimpleBodyBlock(blocks.StreamBlock):
    """Text, headings and pictures: the same kinds of block as a full post, fewer choices."""

    paragraph = ParagraphBlock(label=_("Text"))
    heading = HeadingBlock()
    image = ImageBlock(label=_("Picture"))


def simple_body_fits(value):
    """Whether a body holds only blocks the simple editor can show (so nothing is lost)."""
    names = set(SimpleBodyBlock.base_blocks)
    return all(child.block_type in names for child in value or [])


def photo_collection(user):
    """The first collection the user may add pictures to: a newcomer's own folder."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())
    collections = policy.collections_user_has_permission_for(user, "add")
    return collections.order_by("path").first() or Collection.get_first_root_node()


PHOTO_HELP = _(
    "Optional. One photo shown at the top of your post and when people share it. On a phone "
    "this opens the camera. JPEG, PNG or WebP, up to 10 MB."
)


class PostPageForm(WagtailAdminPageForm):
    intro_is_plain = False  # True when newcomers type the introduction in a plain text box
    photo = WagtailImageField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    # Stored on the photo itself (its alternative text), never on the post.
    photo_description = forms.CharField(
        label=_("Describe the photo"),
        max_length=255,
        required=False,
        help_text=_(
            "Needed with a photo: one sentence for people who cannot see it, e.g. 'Neighbours "
            "litter-picking on Elm Road'."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authors" in self.fields and self.for_user is not None:
            self.offer_own_towns_authors()
        self.simple = wants_simple_editor(self.for_user)
        if self.simple:
            self.make_simple()
        else:
            del self.fields["photo"]
            del self.fields["photo_description"]

    def offer_own_towns_authors(self):
        """A town's organisers name their own town's authors (and the network's), not another's."""
        from .authors import authors_for_post

        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        chosen = [getattr(author, "pk", author) for author in self.initial.get("authors") or []]
        field = self.fields["authors"]
        field.queryset = authors_for_post(self.for_user, parent, chosen).order_by("name", "pk")

    def make_simple(self):
        for name in list(self.fields):
            if name not in SIMPLE_FIELDS:
                del self.fields[name]
        if not self.instance.date:
            # The date is hidden: a new post is dated today.
            self.instance.date = timezone.localdate()
        self.fields["title"].help_text = gettext(
            "The headline readers see first, e.g. 'Spring clean on Elm Road'."
        )
        self.make_intro_plain()
        photo = self.instance.lead_image if self.instance.lead_image_id else None
        if photo is not None:
            self.fields["photo_description"].initial = photo.description
            # A photo someone else put in the post is described by whoever may edit it.
            self.fields["photo_description"].disabled = not photo.is_editable_by_user(self.for_user)
        self.fields["photo"].help_text = PHOTO_HELP  # WagtailImageField puts its own help in
        if self.instance.lead_image_id:
            self.fields["photo"].help_text = gettext(
                "Your post has a photo. Choose another one here to replace it, "
                "or leave this empty to keep it."
            )
        if simple_body_fits(self.instance.body):
            block = SimpleBodyBlock()
            block.set_name("body")
            self.fields["body"] = blocks.BlockField(
                block=block,
                required=False,
                label=gettext("Your post"),
                help_text=gettext(
                    "Write your news in short paragraphs. Press + to add a heading for each new subject "
                    "or another picture."
                ),
            )

    def make_intro_plain(self):
        """A plain text box for the introduction, unless it already holds links or lists."""
        text = rich_text_as_editable_plain_text(self.instance.intro)
        if text is None:
            return
        self.fields["intro"] = forms.CharField(
            label=gettext("Introduction"),
            required=False,
            widget=forms.Textarea(
                attrs={
                    "rows": 2,
                    "placeholder": gettext("A sentence or two: who you are and what this is about."),
                }
            ),
            help_text=gettext(
                "Optional. Shown in lists and when your post is shared. Leave it empty and your first "
                "paragraph is used."
            ),
        )
        self.initial["intro"] = text
        self.intro_is_plain = True

    @property
    def show_comments_toggle(self):
        return not getattr(self, "simple", False) and super().show_comments_toggle

    def clean(self):
        cleaned_data = super().clean()
        if self.simple:
            self.check_photo_description(cleaned_data)
        if self.intro_is_plain and "intro" in cleaned_data:
            cleaned_data["intro"] = plain_text_as_rich_text(cleaned_data["intro"])
        body = cleaned_data.get("body")
        if self.is_going_live():
            self.check_before_going_live(cleaned_data)
        if self.simple and "body" in cleaned_data and body is not None:
            # Stored as the post's own kind of body, so every block keeps its full definition.
            full_block = self.instance._meta.get_field("body").stream_block
            children = [(child.block_type, child.value, child.id) for child in body]
            cleaned_data["body"] = StreamValue(full_block, children)
        return cleaned_data

    def check_photo_description(self, cleaned_data):
        """A photo needs a description: a new one gets it when stored, the post's own one now."""
        text = (cleaned_data.get("photo_description") or "").strip()
        current = self.instance.lead_image if self.instance.lead_image_id else None
        if cleaned_data.get("photo"):
            self.instance.lead_image = None  # replaced by the new photo when the post is saved
        elif current is None or self.fields["photo_description"].disabled:
            return
        if not text:
            self.add_error(
                "photo_description", gettext("Describe the photo in a sentence for people who cannot see it.")
            )
        elif current is not None and not cleaned_data.get("photo") and text != current.description:
            current.description = text
            self.describe_current_photo = True

    def add_error(self, field, error):
        # The post's own check of its picture names a field the simple form does not show.
        errors = getattr(error, "error_dict", None)
        if getattr(self, "simple", False) and errors and "lead_image" in errors:
            moved = errors.pop("lead_image")
            if not self.has_error("photo_description"):
                errors.setdefault("photo_description", []).extend(moved)
        super().add_error(field, error)

    def is_going_live(self):
        return bool(self.data.get("action-publish") or self.data.get("action-submit"))

    def check_before_going_live(self, cleaned_data):
        words = [
            cleaned_data.get("title", self.instance.title) or "",
            rich_text_as_plain_text(cleaned_data.get("intro", self.instance.intro)),
        ]
        body = cleaned_data.get("body", self.instance.body)
        for child in body or []:
            words.append(json.dumps(child.block.get_prep_value(child.value), ensure_ascii=False))
        text = "\n".join(words)
        for check in hooks.get_hooks(GOING_LIVE_CHECKS_HOOK):
            reason = check(text)
            if reason:
                self.add_error(None, reason)

    def save(self, commit=True):
        photo = self.cleaned_data.get("photo")
        if photo:
            self.instance.lead_image = self.store_photo(photo)
        elif getattr(self, "describe_current_photo", False):
            self.instance.lead_image.save(update_fields=["description"])
        return super().save(commit=commit)

    def store_photo(self, photo):
        """The photo becomes an image in the writer's own folder, described once."""
        description = self.cleaned_data.get("photo_description", "").strip()
        image = get_image_model()(
            title=(description or self.cleaned_data.get("title") or gettext("Photo"))[:255],
            description=description[:255],
            file=photo,
            collection=photo_collection(self.for_user),
            uploaded_by_user=self.for_user,
        )
        image._set_image_file_metadata()
        image.save()
        return image


class PublicationPageForm(WagtailAdminPageForm):
    """A place digest belongs directly to one place, and a place has at most one.

    Its schedule fields may be left out (a newsletter or blog has no use for them): they keep
    their defaults.
    """

    DIGEST_FIELDS = ("digest_frequency", "digest_weekday", "digest_send_time")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.DIGEST_FIELDS:
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        cleaned_data = super().clean()
        for name in self.DIGEST_FIELDS:
            if name in self.fields and cleaned_data.get(name) in (None, ""):
                cleaned_data[name] = getattr(self.instance, name)  # its default on a new page
        if cleaned_data.get("kind") != "digest":
            return cleaned_data
        parent = self.parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        if parent is None:
            return cleaned_data
        if not getattr(parent.specific_class, "search_is_place", False):
            self.add_error(
                "kind", _("A place digest goes directly under a place: add it to the place it is about.")
            )
            return cleaned_data
        others = type(self.instance).objects.child_of(parent).filter(kind="digest")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "kind",
                _("This place has a digest already: each place has one, which residents subscribe to."),
            )
        return cleaned_data
