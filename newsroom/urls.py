"""Top-level URLs: the admin, the language switch, and one edition per language.

Reader pages live under a language prefix (``/en/``, ``/ar/``); ``/`` is sent
by LocaleMiddleware to the edition the browser prefers.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    # The banner's click-through and close endpoints carry the edition prefix:
    # /ar/banners/3/go/ leads to the Arabic support page.
    path("", include("newsroom.banners.urls")),
    path("", include("articles.urls")),
    # Where the language switch lands when a story is not translated yet.
    path("", include("translations.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
