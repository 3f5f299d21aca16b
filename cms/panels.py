"""Editor panels shared by our page types."""

from django.utils import translation

from wagtail.admin.panels import ObjectList
from wagtail.coreutils import safe_snake_case


class Tab(ObjectList):
    """A page editor tab whose id is the same in every admin language.

    Wagtail names a tab after its heading and keeps the names it made first for the life of the
    process, so with translated headings the first editor to open a page type fixed its tab ids
    (and the ``#tab-…`` links to them) in their own language for everyone else. The id is made from
    the heading as written in the code instead.
    """

    @property
    def clean_name(self):
        with translation.override(None):
            return safe_snake_case(str(self.heading))
