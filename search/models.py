from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchTerm(models.Model):
    """A word from a page title or a tag, for "did you mean" on a misspelt word (pg_trgm on PostgreSQL)."""

    word = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.word


class UnmatchedSearch(models.Model):
    """A search that found nothing, so editors can see what residents look for and do not find."""

    query_string = models.CharField(_("words searched for"), max_length=200)
    language_code = models.CharField(_("language"), max_length=100)
    hits = models.PositiveIntegerField(_("times searched"), default=1)
    last_searched_at = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        verbose_name = _("search with no results")
        verbose_name_plural = _("searches with no results")
        constraints = [
            models.UniqueConstraint(fields=["query_string", "language_code"], name="unique_unmatched_search")
        ]

    def __str__(self):
        return self.query_string
