"""Top-level URLs: the admin, the language switch, and one edition per language.

Reader pages live under a language prefix (``/en/``, ``/ar/``); ``/`` is sent
by LocaleMiddleware to the edition the browser prefers.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles import urls as articles_urls
from translations import urls as translations_urls
from wordpress import views as wordpress_views

from . import feeds, site_files, sitemaps, theme, views

reader_pages = articles_urls.reader_urlpatterns(
    home=views.EditionHomePage,
    article=views.ArticlePage,
    section=views.SectionPage,
    tag=views.TagPage,
    author=views.AuthorPage,
)
untranslated_page = translations_urls.reader_urlpatterns(untranslated=views.UntranslatedStoryPage)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # robots.txt, favicon.ico, the sitemap index and its sitemaps (reader pages of every edition).
    *site_files.site_file_urlpatterns(),
    *sitemaps.sitemap_urlpatterns(),
    # The colour scheme a reader picks holds in both editions.
    path("theme/", theme.set_theme, name="set-theme"),
    # Preview share links (signed, expiring): outside the editions and the reader namespace,
    # so nothing that lists reader pages (a sitemap, a feed) can pick them up.
    path("", include((articles_urls.preview_urlpatterns(), "preview"))),
    # An old WordPress site's upload address: the featured image an imported post had, where it is stored now.
    path("wp-content/uploads/<path:name>", wordpress_views.old_upload, name="wordpress-old-upload"),
]

urlpatterns += i18n_patterns(
    # The banner's click-through and close endpoints carry the edition prefix:
    # /ar/banners/3/go/ leads to the Arabic support page.
    path("", include("newsroom.banners.urls")),
    # Reader pages, with the reader-support appeal mixed in.
    path("", include((reader_pages, "articles"))),
    # The outlet's own pages: about us, contact, corrections policy (/en/pages/about/).
    path("", include("newsroom.pages.urls")),
    # Where the language switch lands when a story is not translated yet.
    path("", include((untranslated_page, "translations"))),
    # RSS and Atom feeds of the edition, and of each section, tag and author in it.
    path("", include((feeds.feed_urlpatterns(), "feeds"))),
    # The edition's web app manifest (its language, direction and start page).
    *site_files.edition_file_urlpatterns(),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
