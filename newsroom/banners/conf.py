"""The banners app's settings, each read with its default.

Read on every call (so ``override_settings`` works) and never missing: a
project that leaves one out gets the default below. ``newsroom/settings.py``
fills them from the environment with the same defaults.
"""

from django.conf import settings

DEFAULTS = {
    # Days a closed appeal stays hidden.
    "NEWSROOM_BANNER_DISMISS_DAYS": 30,
    # Seconds the list of live banners is cached (0: read on every page, one query).
    "NEWSROOM_BANNER_CACHE_SECONDS": 60,
    # Impressions added up in the cache per database write (0: not counted).
    "NEWSROOM_BANNER_IMPRESSION_BATCH": 20,
    # Seconds in which one reader's clicks on one banner count once (0: every click).
    "NEWSROOM_BANNER_CLICK_WINDOW_SECONDS": 1800,
}


def _get(name):
    return getattr(settings, name, DEFAULTS[name])


def dismiss_days() -> int:
    return _get("NEWSROOM_BANNER_DISMISS_DAYS")


def cache_seconds() -> int:
    return _get("NEWSROOM_BANNER_CACHE_SECONDS")


def impression_batch() -> int:
    return _get("NEWSROOM_BANNER_IMPRESSION_BATCH")


def click_window_seconds() -> int:
    return _get("NEWSROOM_BANNER_CLICK_WINDOW_SECONDS")


def client_ip_header() -> str:
    """The header a reverse proxy puts the client's address in (``DJANGO_CLIENT_IP_HEADER``), or ""."""
    return getattr(settings, "NEWSROOM_CLIENT_IP_HEADER", "")
