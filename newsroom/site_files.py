"""Files machines ask every site for: ``robots.txt``, each edition's web app manifest, ``/favicon.ico``.

``robots.txt`` names the sitemap index and keeps crawlers out of the admin,
preview share links and each edition's search results (endless, thin pages).
The manifest is per edition: its name, language, direction and start page are
the edition's own, so a reader who installs the Arabic edition gets an Arabic,
right-to-left app.
"""

from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

from articles import editions

from . import conf

#: Seconds browsers and proxies may keep these files.
SITE_FILE_MAX_AGE = 3600


def disallowed_paths():
    """The address prefixes crawlers are kept out of."""
    paths = [reverse("admin:index"), "/preview/"]
    paths += [editions.url_in(code, "articles:home") + "search/" for code in editions.LANGUAGE_CODES]
    return paths


@require_GET
@cache_control(public=True, max_age=SITE_FILE_MAX_AGE)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in disallowed_paths()), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=SITE_FILE_MAX_AGE)
def web_app_manifest(request):
    """The edition's manifest (``/<lang>/manifest.webmanifest``), in its language and direction."""
    language = translation.get_language()
    name = conf.site_name(language)
    home = reverse("articles:home")
    manifest = {
        "name": name,
        "short_name": name,
        "lang": language,
        "dir": editions.direction(language),
        "start_url": home,
        "scope": home,
        "display": "minimal-ui",
        "background_color": "#ffffff",
        "theme_color": "#8a1c1c",
        "icons": [
            {"src": static("newsroom/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("newsroom/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("newsroom/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(
        manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


class FaviconView(RedirectView):
    """Browsers ask for ``/favicon.ico`` whatever the page says: send them to the icon."""

    permanent = True
    http_method_names = ["get", "head"]

    def get_redirect_url(self, *args, **kwargs):
        return static("newsroom/icon-192.png")


def site_file_urlpatterns():
    """Outside the editions: ``robots.txt`` and ``favicon.ico``."""
    return [
        path("robots.txt", robots_txt, name="robots-txt"),
        path("favicon.ico", FaviconView.as_view(), name="favicon"),
    ]


def edition_file_urlpatterns():
    """Inside each edition: its manifest."""
    return [path("manifest.webmanifest", web_app_manifest, name="web-app-manifest")]
