"""Writes of the banners app: the counters, and switching banners on and off.

Counters change only through ``F()`` updates, so concurrent readers never
overwrite each other's counts, and never through a page view: clicks and
dismissals are counted by their own endpoints, and impressions are added up in
the cache and written once per ``NEWSROOM_BANNER_IMPRESSION_BATCH`` views.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from . import dismissals
from .models import Banner

logger = logging.getLogger(__name__)


def record_click(*, banner_id: int, reader: str | None = None) -> bool:
    """Count a click on a banner, once per *reader* per ``NEWSROOM_BANNER_CLICK_WINDOW_SECONDS``.

    *reader* is an opaque key for one browser (see ``views._reader_key``); a
    reader who clicks again, or in the other edition, within the window is not
    counted again. Returns whether the click was counted.
    """
    if reader is not None and not _first_click_in_window(banner_id, reader):
        return False
    Banner.objects.filter(pk=banner_id).update(clicks=F("clicks") + 1)
    return True


def _first_click_in_window(banner_id, reader):
    """Whether no click of *reader* on this banner is remembered from the last window.

    ``cache.add`` is atomic, so of two simultaneous clicks exactly one counts.
    If the cache cannot answer, the click is taken as a first one: a reader's
    click is worth more than a perfect de-duplication, and a cache outage must
    not turn into a failed redirect.
    """
    window = settings.NEWSROOM_BANNER_CLICK_WINDOW_SECONDS
    if window <= 0:
        return True
    try:
        return cache.add(f"banners:click:{banner_id}:{reader}", 1, timeout=window)
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        logger.warning("Cache unavailable: banner click de-duplication skipped", exc_info=True)
        return True


def dismiss(*, banner: Banner, cookie_value: str | None, now: datetime.datetime) -> str | None:
    """A reader closes *banner*: count it, and return the new value of their dismissal cookie.

    Only a live banner is dismissed: one that is off, scheduled or over is on
    no reader's screen, so closing it counts nothing and changes no cookie
    (``None``). A reader counts once per dismissal period: closing the banner
    again in another tab or in the other edition only renews the cookie.
    """
    if banner.state(now) != Banner.State.LIVE:
        return None
    if banner.pk not in dismissals.dismissed_ids(cookie_value, now=now):
        # live() again in the update: the banner may have been switched off since it was read.
        Banner.objects.live(now).filter(pk=banner.pk).update(dismissals=F("dismissals") + 1)
    return dismissals.with_dismissal(cookie_value, banner_id=banner.pk, now=now)


def record_impression(*, banner_id: int) -> None:
    """Count one showing of a banner, touching the database once per batch only.

    ``cache.incr`` is atomic, so each count is seen by exactly one request and
    exactly one request writes each full batch. Views of an unfinished batch
    are not in the admin yet (and are lost if the cache is emptied), so the
    recorded number is a slight undercount, never an overcount.
    """
    batch = settings.NEWSROOM_BANNER_IMPRESSION_BATCH
    if batch <= 0:
        return
    key = f"banners:impressions:{banner_id}"
    cache.add(key, 0, timeout=None)
    try:
        seen = cache.incr(key)
    except ValueError:  # evicted between add() and incr(): start again
        cache.set(key, 1, timeout=None)
        seen = 1
    if seen % batch == 0:
        Banner.objects.filter(pk=banner_id).update(impressions=F("impressions") + batch)


@transaction.atomic
def switch_banners(*, banners, on: bool) -> tuple[list[Banner], list[Banner]]:
    """Switch each banner on or off; return (switched, refused).

    A banner is switched on only if its copy is complete in every edition it
    targets: the rule ``Banner.clean()`` applies to the editing form.
    """
    switched, refused = [], []
    for banner in banners:
        banner.is_active = on
        if on and banner.missing_copy():
            refused.append(banner)
            continue
        banner.save(update_fields=["is_active", "updated_at"])
        switched.append(banner)
    return switched, refused
