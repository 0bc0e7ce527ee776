"""No endpoint that redirects can be made to send a reader or an editor to another site.

Every redirecting endpoint is tried with the usual tricks: scheme-relative
``//host``, backslashes (which browsers read as slashes), percent- and
full-width encodings, whitespace and tabs browsers strip, ``javascript:`` and
``data:`` addresses, credentials and fragments that hide the real host. The
``Location`` of each answer is resolved the way a browser would resolve it,
and must stay on this site (the banner button's own endpoint: on its
configured address, whatever the query says).
"""

import re
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

HOST = "testserver"

ELSEWHERE = [
    "//evil.example",
    "//evil.example/",
    "///evil.example/",
    "////evil.example",
    "https://evil.example",
    "http://evil.example/path",
    "HTTPS://EVIL.EXAMPLE",
    "https:evil.example",
    "https:/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "http:\\\\evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "%5C%5Cevil.example",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "\uff0f\uff0fevil.example",
    "https://testserver@evil.example",
    "https://evil.example#@testserver",
    "https://evil.example\\@testserver",
    "//testserver.evil.example",
    "//evil.example%2F@testserver",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]


def lands_on_site(location):
    """Whether a browser that gets ``Location: location`` stays on this site.

    Browsers drop leading and trailing spaces and controls, remove tabs and
    newlines anywhere, and treat backslashes as slashes; the address is
    resolved against the page that was asked for.
    """
    normalised = re.sub(r"[\t\n\r]", "", location).strip("\x00\x20\x0c\x0b").replace("\\", "/")
    # For http(s), any run of two or more slashes starts a host name ("///evil" is "//evil").
    normalised = re.sub(r"^/{2,}", "//", normalised)
    target = urlsplit(urljoin(f"http://{HOST}/en/some/page/", normalised))
    return target.scheme in {"http", "https"} and target.hostname == HOST


def off_site(response):
    """The off-site ``Location`` of *response*, or ``None`` when it stays here (or does not redirect)."""
    if 300 <= response.status_code < 400 and not lands_on_site(response["Location"]):
        return response["Location"]
    return None


def assert_all_stay(attempt, targets=ELSEWHERE):
    """Run ``attempt(target)`` for each target (one test, many requests) and report every escape at once."""
    escapes = {target: where for target in targets if (where := off_site(attempt(target)))}
    assert escapes == {}


#: Attempts that only work if something decodes them on the way (or that hide this host as a user name).
DISGUISED = {"%2F%2Fevil.example", "/%2F%2Fevil.example", "%5C%5Cevil.example", "/%09/evil.example",
             "\uff0f\uff0fevil.example", "//evil.example%2F@testserver"}


def test_the_check_itself_recognises_each_attempt_as_off_site():
    """The attempts are real: a browser sent to any of them as it is would leave the site (or run script)."""
    assert [target for target in ELSEWHERE if target not in DISGUISED and lands_on_site(target)] == []
    assert all(lands_on_site(path) for path in ("/en/", "http://testserver/ar/", "?page=2", "/ar/tags/x/"))


# --- The banner's two endpoints ------------------------------------------------------------


def test_banner_button_goes_only_to_its_configured_address(client):
    banner = BannerFactory()
    with translation.override("en"):
        url = reverse("banners:go", args=[banner.pk])
    for target in ELSEWHERE:
        value = quote(target, safe="")
        response = client.get(f"{url}?next={value}&url={value}&redirect={value}&to={value}", HTTP_REFERER=target)
        assert response.status_code == 302 and response["Location"] == "https://example.org/support", target


def test_closing_a_banner_returns_only_to_this_site(client):
    banner = BannerFactory()
    with translation.override("ar"):
        url = reverse("banners:dismiss", args=[banner.pk])
    assert_all_stay(lambda target: client.post(url, {"next": target}, HTTP_REFERER=target))


# --- Django's own: the language switch, the admin's login and logout ------------------------


def test_language_switch_returns_only_to_this_site(client):
    url = reverse("set_language")
    assert_all_stay(lambda target: client.post(url, {"language": "ar", "next": target}, HTTP_REFERER=target))
    assert_all_stay(lambda target: client.get(f"{url}?language=ar&next={quote(target, safe='')}"))


@pytest.fixture
def editor(db):
    return EditorFactory(username="redirect-editor", password="a long passphrase 42")


def test_admin_login_goes_only_to_this_site(editor):
    def sign_in(target):
        client = Client()
        login = reverse("admin:login") + f"?next={quote(target, safe='')}"
        assert off_site(client.get(login)) is None
        response = client.post(login, {"username": "redirect-editor", "password": "a long passphrase 42", "next": target})
        assert response.status_code == 302, target  # signed in
        assert off_site(client.get(login)) is None  # already signed in: sent on, still here
        return response

    assert_all_stay(sign_in)


def test_admin_logout_goes_only_to_this_site(editor):
    def sign_out(target):
        client = Client()
        client.force_login(editor)
        return client.post(reverse("admin:logout"), {"next": target})

    assert_all_stay(sign_out)


# --- Addresses the site itself rewrites: the edition prefix, the trailing slash -------------

HOSTILE_PATHS = [
    "//evil.example",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "/\\evil.example/",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    "/%2Fevil.example",
    "/%09/evil.example",
    "/en//evil.example",
    "/en/\\evil.example",
    "/ar//evil.example",
    "/en/articles//evil.example",
    "/admin//evil.example",
    "/i18n//evil.example",
    "/.//evil.example",
]


@pytest.mark.parametrize("headers", [{}, {"HTTP_ACCEPT_LANGUAGE": "ar"}], ids=["default", "arabic-browser"])
def test_edition_and_slash_redirects_stay_on_this_site(client, headers):
    assert_all_stay(lambda path: client.get(path, **headers), HOSTILE_PATHS)


def test_the_front_door_sends_readers_to_an_edition_of_this_site(client):
    attempts = [
        {"HTTP_ACCEPT_LANGUAGE": "//evil.example"},
        {"HTTP_ACCEPT_LANGUAGE": "ar;q=1, https://evil.example"},
        {"HTTP_COOKIE": "newsroom_language=//evil.example"},
        {"HTTP_COOKIE": "newsroom_language=https://evil.example"},
        {"HTTP_X_FORWARDED_HOST": "evil.example"},
    ]
    for headers in attempts:
        response = Client().get("/", **headers)
        assert response.status_code == 302 and off_site(response) is None, headers
        assert urlsplit(response["Location"]).path in {"/en/", "/ar/"}


def test_untranslated_notice_never_redirects(client):
    article = ArticleFactory()
    for target in ELSEWHERE:
        value = quote(target, safe="")
        response = client.get(f"/ar/untranslated/?article={article.pk}&next={value}&url={value}")
        assert response.status_code == 200 and "Location" not in response, target
