"""Colour contrast by the WCAG 2 formula, so a town's own colour keeps its pages readable.

The primary colour is the header's background behind white text and the colour of ticks
and borders on the white page, so it must reach 4.5:1 against white (WCAG AA, normal text).
"""

import re

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5


def relative_luminance(hex_colour):
    """WCAG 2 relative luminance of a ``#rrggbb`` colour, 0 (black) to 1 (white)."""

    def linear(channel):
        value = int(channel, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(hex_colour[index : index + 2]) for index in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """The WCAG contrast ratio of two ``#rrggbb`` colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_primary_colour(value):
    """Refuse anything but ``#rrggbb``, and any colour white text cannot be read on."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            "Enter a colour as # and six letters or digits, e.g. #14532d.", code="invalid_colour"
        )
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            "%(colour)s is too light: white text on it has a contrast ratio of %(ratio)s:1, and readers "
            "need at least 4.5:1 (WCAG AA). Choose a darker colour.",
            code="low_contrast",
            params={"colour": value, "ratio": f"{int(ratio * 100) / 100:.2f}"},
        )
