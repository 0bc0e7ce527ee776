"""Writes of the banners app: the appeal a page shows (and its count), the counters, switching banners.

``appeal_for_page`` is what reader views call: it chooses the page's one
appeal, places it (after paragraph N, at the end of the story, or above the
footer) and counts the impression, so templates only render what it returns.

Counters change only through ``F()`` updates, so concurrent readers never
overwrite each other's counts, and never through a page view: clicks and
dismissals are counted by their own endpoints, and impressions are added up in
the cache and written once per ``NEWSROOM_BANNER_IMPRESSION_BATCH`` views.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsroom.cache import CacheUnavailable, warn_now_and_then

from . import conf, dismissals, selectors
from .models import Banner
from .paragraphs import split_after_paragraph


@dataclass(frozen=True)
class PageAppeal:
    """The appeal one page shows, and where: ``slot`` is "paragraph", "end" or "footer"."""

    banner: selectors.LiveBanner
    slot: str
    #: For "paragraph": the article body before and after the place of the appeal.
    body_parts: tuple[str, str] | None = None


def _place(banner, article):
    """Where *banner* goes on the page of *article*: an "after paragraph N" appeal ends a too-short story."""
    if banner.placement == Banner.Placement.AFTER_PARAGRAPH:
        parts = split_after_paragraph(article.body or "", banner.paragraph)
        if parts is None:
            return PageAppeal(banner, Banner.Placement.END_OF_ARTICLE)
        return PageAppeal(banner, Banner.Placement.AFTER_PARAGRAPH, parts)
    return PageAppeal(banner, banner.placement)


def appeal_for_page(*, language, article=None, dismissal_cookie=None, now=None):
    """The ``PageAppeal`` of one page view (counted as an impression), or ``None``.

    *article* is the story of an article page (``None`` for any other page,
    which can show a site-wide appeal only); *dismissal_cookie* says which
    appeals this reader closed.
    """
    now = now or timezone.now()
    dismissed = dismissals.dismissed_ids(dismissal_cookie, now=now)
    banner = selectors.banner_for_page(language=language, article=article, dismissed=dismissed, now=now)
    if banner is None:
        return None
    record_impression(banner_id=banner.pk)
    return _place(banner, article) if article is not None else PageAppeal(banner, banner.placement)

logger = logging.getLogger(__name__)

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
    window = conf.click_window_seconds()
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
    recorded number is a slight undercount, never an overcount. When the
    cache does not answer the showing is dropped and logged: a page view must
    not wait for, or fail on, a counter.
    """
    batch = conf.impression_batch()
    if batch <= 0:
        return
    key = f"banners:impressions:{banner_id}"
    cache.add(key, 0, timeout=None)
    try:
        seen = cache.incr(key)
    except CacheUnavailable:
        warn_now_and_then(logger, "Banner impressions are being dropped: the cache does not answer (banner %s).", banner_id)
        return
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
