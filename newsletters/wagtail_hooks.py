"""Admin pieces: the authors list under Snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "show_publicly"]
    list_filter = ["show_publicly"]


register_snippet(AuthorViewSet)
