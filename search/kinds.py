"""What kind of thing each page is, for the search filters, read from the page models themselves.

The search app knows no other app's models. Each page model may say, as class attributes:

- ``search_kind``: "news", "surgeries" or "centres" (anything else is one of the site's "pages");
- ``search_date_field``: the field holding the date readers know it by (a post's date, a
  surgery's start), else the date it was first published is used;
- ``search_is_place``: a town or neighbourhood, offered as a place to search in;
- ``search_is_publication``: a newsletter or blog, offered as a publication to search in.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import get_page_models

KINDS = {
    "news": _("News"),
    "surgeries": _("Surgeries"),
    "centres": _("Community centres"),
    "pages": _("Pages"),
}


def kind_of(model):
    kind = getattr(model, "search_kind", "pages")
    return kind if kind in KINDS else "pages"


@cache
def page_types():
    """(content type id, model) for every concrete page model: content types are read once per process."""
    models_ = [model for model in get_page_models() if not model._meta.abstract]
    types = ContentType.objects.get_for_models(*models_, for_concrete_models=False)
    return tuple((types[model].id, model) for model in models_)


def content_types_of_kind(kind):
    return [type_id for type_id, model in page_types() if kind_of(model) == kind]


def kind_by_content_type():
    return {type_id: kind_of(model) for type_id, model in page_types()}


def place_content_types():
    return [type_id for type_id, model in page_types() if getattr(model, "search_is_place", False)]


def publication_content_types():
    return [type_id for type_id, model in page_types() if getattr(model, "search_is_publication", False)]


def date_field(model):
    """The name of the field holding the date readers know ``model``'s pages by, or None."""
    return getattr(model, "search_date_field", None)


def date_columns(type_ids=None):
    """(table, column, is a date and time) for each page model that names its date field (of
    the content types ``type_ids`` only, if given)."""
    columns = []
    for type_id, model in page_types():
        name = getattr(model, "search_date_field", None)
        if name and (type_ids is None or type_id in type_ids):
            field = model._meta.get_field(name)
            columns.append((model._meta.db_table, field.column, isinstance(field, models.DateTimeField)))
    return columns
