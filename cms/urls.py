from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import views as sitemaps
from wagtail.documents import urls as wagtaildocs_urls

from cms.languages import TranslatedSitemap, sitemap_page
from cms.login_throttle import ThrottledLoginView
from search import views as search_views

SITEMAPS = {"pages": TranslatedSitemap}

urlpatterns = [
    # Wagtail's sign-in page with failed-attempt lockout (answers 429 while locked out).
    path("admin/login/", ThrottledLoginView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # An index of sitemap pages (SITEMAP_URLS_PER_PAGE pages each): /sitemap-pages.xml?p=2 ...
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_page, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    # WebFinger must sit at this exact address, and the ActivityPub addresses are the same in every language.
    path("", include("fediverse.urls")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages in British English have no prefix; translations live under /ur/, /ar/, /pl/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include("home.urls")),
    path("", include("newsletters.urls")),
    path("", include("subscriptions.urls")),
    path("", include("surgeries.urls")),
    path("", include("handover.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
