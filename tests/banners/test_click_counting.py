"""Counts nobody can inflate: the button's endpoint counts a reader's click once, and only a real one.

Every request is still redirected to the banner's address, counted or not:
a reader must never be stranded because their click was not counted.
"""

import time
import types

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from newsroom.banners import dismissals
from .factories import BannerFactory

pytestmark = pytest.mark.django_db

NAVIGATION = {"HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_FETCH_DEST": "document", "HTTP_SEC_FETCH_USER": "?1"}


def go_url(banner, language="en"):
    with translation.override(language):
        return reverse("banners:go", args=[banner.pk])


def click(client, banner, language="en", **headers):
    response = client.get(go_url(banner, language), **headers)
    # Counted or not, the reader always lands on the support page.
    assert response.status_code == 302
    assert response["Location"].startswith("https://example.org/")
    return response


def clicks(banner):
    banner.refresh_from_db()
    return banner.clicks


@pytest.mark.parametrize(
    "headers",
    [
        {},  # an old browser that says nothing about the request
        NAVIGATION,
        {"HTTP_SEC_FETCH_MODE": "navigate"},
        {"HTTP_SEC_FETCH_DEST": "document"},
    ],
    ids=["old-browser", "navigation", "mode-only", "dest-only"],
)
def test_a_reader_following_the_button_is_counted(client, headers):
    banner = BannerFactory()
    click(client, banner, **headers)
    assert clicks(banner) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_MODE": "no-cors", "HTTP_SEC_FETCH_DEST": "image"},  # <img src=…/go/> on another site
        {"HTTP_SEC_FETCH_MODE": "cors", "HTTP_SEC_FETCH_DEST": "empty"},  # fetch() from a script
        {"HTTP_SEC_FETCH_MODE": "no-cors", "HTTP_SEC_FETCH_DEST": "script"},  # <script src=…>
        {"HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_FETCH_DEST": "iframe"},  # a hidden frame
    ],
    ids=["img", "fetch", "script", "iframe"],
)
def test_requests_no_reader_chose_are_redirected_but_not_counted(client, headers):
    banner = BannerFactory()
    for _attempt in range(5):
        click(client, banner, **headers)
    assert clicks(banner) == 0


def test_one_reader_counts_once_per_window_even_across_editions(client):
    banner = BannerFactory()
    for _attempt in range(3):
        click(client, banner, **NAVIGATION)
    click(client, banner, language="ar", **NAVIGATION)
    assert clicks(banner) == 1


def test_other_readers_each_count(client):
    banner = BannerFactory()
    click(client, banner, HTTP_USER_AGENT="Firefox", REMOTE_ADDR="10.0.0.1")
    click(client, banner, HTTP_USER_AGENT="Chromium", REMOTE_ADDR="10.0.0.1")  # same café, another browser
    click(client, banner, HTTP_USER_AGENT="Firefox", REMOTE_ADDR="10.0.0.2")  # another place
    assert clicks(banner) == 3


def test_behind_a_proxy_readers_are_told_apart_by_the_address_it_passes_on(client, settings):
    settings.NEWSROOM_CLIENT_IP_HEADER = "X-Real-IP"
    banner = BannerFactory()
    proxy = {"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "Firefox"}
    click(client, banner, HTTP_X_REAL_IP="198.51.100.1", **proxy)
    click(client, banner, HTTP_X_REAL_IP="198.51.100.2", **proxy)
    click(client, banner, HTTP_X_REAL_IP="198.51.100.2", **proxy)
    assert clicks(banner) == 2


def test_a_reader_counts_again_once_the_window_has_passed(client, settings, monkeypatch):
    settings.NEWSROOM_BANNER_CLICK_WINDOW_SECONDS = 60
    banner = BannerFactory()
    click(client, banner)
    click(client, banner)
    assert clicks(banner) == 1
    later = types.SimpleNamespace(time=lambda: time.time() + 61)
    monkeypatch.setattr("django.core.cache.backends.locmem.time", later)
    click(client, banner)
    assert clicks(banner) == 2


def test_the_window_can_be_switched_off(client, settings):
    settings.NEWSROOM_BANNER_CLICK_WINDOW_SECONDS = 0
    banner = BannerFactory()
    click(client, banner)
    click(client, banner)
    assert clicks(banner) == 2


def test_no_reader_is_kept_in_the_cache_by_address(client):
    banner = BannerFactory()
    click(client, banner, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox")
    keys = list(cache._cache)  # the local-memory cache's own store
    assert keys and not any("203.0.113.7" in key or "Firefox" in key for key in keys)


def test_a_cache_that_does_not_answer_still_redirects_and_counts(client):
    """With the cache down a click cannot be de-duplicated; it is counted rather than lost, never a 500."""
    banner = BannerFactory()
    redis = "django.core.cache.backends.redis.RedisCache"
    refused = {"default": {"BACKEND": redis, "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=refused):  # nothing listens on port 1: every cache call is refused
        click(client, banner)
    assert clicks(banner) == 1


# --- The close button ------------------------------------------------------------------------


def dismiss(client, banner, **headers):
    with translation.override("en"):
        url = reverse("banners:dismiss", args=[banner.pk])
    return client.post(url, {"next": "/en/"}, **headers)


def test_closing_from_an_opaque_origin_is_refused(client):
    """``Origin: null`` comes from sandboxed frames and data: pages, which another site can make."""
    banner = BannerFactory()
    response = dismiss(client, banner, HTTP_ORIGIN="null")
    assert response.status_code == 403
    assert dismissals.COOKIE_NAME not in response.cookies
    banner.refresh_from_db()
    assert banner.dismissals == 0


def test_closing_from_this_site_or_an_old_browser_still_works(client):
    banner, other = BannerFactory(), BannerFactory()
    assert dismiss(client, banner, HTTP_ORIGIN="http://testserver").status_code == 302
    assert dismiss(client, other).status_code == 302  # no Origin header at all
    banner.refresh_from_db()
    other.refresh_from_db()
    assert (banner.dismissals, other.dismissals) == (1, 1)
