"""Drop-down lists written out in Python, for lists long enough that Django's templates are slow.

Django renders each ``<option>`` through its own template: about a quarter of a millisecond
each, so the impact report's list of 2,000 surgeries took longer than all its figures, and a
template loop over the search page's 250 places and publications took ~8 ms a search.
``option_tags`` writes the same HTML (the chosen values ``selected``) in one pass; ``LongSelect``
is a form widget drawing its whole ``<select>`` with it. Plain choices only: no option groups,
no per-option attributes.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


def option_tags(choices, chosen=()):
    """``<option>`` tags for ``(value, label)`` pairs, each escaped; values in ``chosen`` selected."""
    chosen = {str(value) for value in chosen}
    options = (
        (escape(value), " selected" if str(value) in chosen else "", escape(label))
        for value, label in choices
    )
    return mark_safe(  # noqa: S308 - every value and label escaped
        "".join(f'<option value="{value}"{selected}>{label}</option>' for value, selected, label in options)
    )


class LongSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        options = option_tags(self.choices, self.format_value(value))
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{options}</select>')  # noqa: S308 - every part escaped
