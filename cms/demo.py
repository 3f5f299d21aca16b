"""Small helpers for building demo content in code: pictures drawn with Pillow,
rich text and StreamField values. Each app's ``demo.py`` uses them."""

import hashlib
import io
import random

from django.core.files.images import ImageFile

from PIL import Image as PillowImage
from PIL import ImageDraw

PALETTES = [
    ("#cfe8f3", "#6aa84f", "#38761d", ["#b45f06", "#a61c00", "#e69138", "#741b47"]),
    ("#fde9c9", "#93c47d", "#274e13", ["#3d85c6", "#990000", "#bf9000", "#134f5c"]),
    ("#d9d2e9", "#b6d7a8", "#6aa84f", ["#cc4125", "#1155cc", "#a64d79", "#45818e"]),
    ("#fce5cd", "#a2c4c9", "#0c343d", ["#e06666", "#f6b26b", "#6fa8dc", "#8e7cc3"]),
]


def draw_street_scene(seed_text, size=(1200, 800)):
    """A simple, deterministic picture of rooftops under a sky; PNG bytes."""
    rng = random.Random(hashlib.sha256(seed_text.encode()).hexdigest())  # noqa: S311 - not security
    sky, grass, hill, houses = rng.choice(PALETTES)
    width, height = size
    picture = PillowImage.new("RGB", size, sky)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((width * 0.75, height * 0.08, width * 0.75 + 120, height * 0.08 + 120), fill="#ffd966")
    draw.ellipse((-width * 0.2, height * 0.55, width * 0.7, height * 1.3), fill=hill)
    draw.ellipse((width * 0.3, height * 0.6, width * 1.3, height * 1.4), fill=grass)
    x = 20
    while x < width - 60:
        house_width = rng.randint(90, 170)
        house_height = rng.randint(120, 260)
        base = height * 0.86
        colour = rng.choice(houses)
        draw.rectangle((x, base - house_height, x + house_width, base), fill=colour)
        draw.polygon(
            [
                (x - 10, base - house_height),
                (x + house_width / 2, base - house_height - 60),
                (x + house_width + 10, base - house_height),
            ],
            fill="#444444",
        )
        for window_x in range(x + 15, x + house_width - 30, 45):
            draw.rectangle(
                (window_x, base - house_height + 25, window_x + 25, base - house_height + 55), fill="#fff2cc"
            )
        draw.rectangle((x + house_width / 2 - 15, base - 60, x + house_width / 2 + 15, base), fill="#20124d")
        x += house_width + rng.randint(10, 40)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def make_image(title, alt_text, collection=None):
    """A Wagtail image drawn locally; the same title always gives the same picture."""
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:60]
    image = image_model(
        title=title,
        description=alt_text,
        collection=collection or Collection.get_first_root_node(),
        file=ImageFile(io.BytesIO(draw_street_scene(title)), name=f"{slug}.png"),
    )
    image.save()
    return image


def paragraphs(*texts):
    """Rich text made of plain paragraphs."""
    from django.utils.html import escape

    return "".join(f"<p>{escape(text)}</p>" for text in texts)
