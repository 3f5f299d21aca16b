"""StreamField blocks every app may use. App-specific blocks live in the app's blocks.py."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock as WagtailImageBlock

# A deliberately small rich-text toolbar: enough for a newsletter, too little to break a layout.
SIMPLE_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", SIMPLE_RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"
        template = "blocks/paragraph.html"
        description = "Ordinary text. Use bold sparingly and link words that say where the link goes."
        preview_value = (
            "<p>The next meeting is on <b>Tuesday 4 March</b> at the community centre. "
            "Everyone is welcome.</p>"
        )


class HeadingBlock(blocks.StructBlock):
    """A section heading. The page title is the only h1, so h2 to h4 only."""

    text = blocks.CharBlock(
        max_length=120, help_text="A few words that tell readers what the next section is about."
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", "Main section"), ("h3", "Sub-section"), ("h4", "Small heading")],
        default="h2",
        help_text="Use 'Main section' unless this heading sits inside another section.",
    )

    class Meta:
        icon = "title"
        label = "Heading"
        template = "blocks/heading.html"
        description = "A heading that splits a long page into sections."
        preview_value = {"text": "Dates for your diary", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """An image with required alt text and an optional caption."""

    image = WagtailImageBlock(
        help_text=(
            "Choose or upload a photo. Describe it in 'Alternative text' for people who cannot "
            "see it; tick 'decorative' only if it adds nothing to the words."
        )
    )
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="Optional words shown under the picture."
    )

    class Meta:
        icon = "image"
        label = "Image"
        template = "blocks/image.html"
        description = "A photo or picture, with a caption if you like."


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="What the person said, without quotation marks.")
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text="Who said it, e.g. 'Pat, a resident of Elm Road'."
    )

    class Meta:
        icon = "openquote"
        label = "Quote"
        template = "blocks/quote.html"
        description = "Words someone said, shown as a quotation."
        preview_value = {
            "text": "I never knew so many of my neighbours wanted to help.",
            "attribution": "Pat, Elm Road",
        }


class BaseContentBlock(blocks.StreamBlock):
    """Blocks for plain pages such as About, Privacy and the accessibility statement."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
