"""Writes of the banners app: the appeal a page shows (and its count), the counters, switching banners.

``appeal_for_page`` is what reader views call: it chooses the page's one
appeal, places it (after paragraph N, at the end of the story, or above the
footer) and counts the impression, so templates only render what it returns.

Counters change only through ``F()`` updates, so concurrent readers never
overwrite each other's counts, and never through a page view: clicks and
dismissals are counted by their own endpoints, and impressions are added up in
the cache and moved to the database by a background job, queued once per
``NEWSROOM_BANNER_IMPRESSION_BATCH`` views and by ``run_scheduled_work``.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobs import counters, queue
from newsroom.cache import warn_now_and_then

from . import conf, dismissals, selectors, tasks
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


def _impressions_key(banner_id):
    return f"banners:impressions:{banner_id}"


def record_impression(*, banner_id: int) -> None:
    """Count one showing of a banner in the cache; every full batch queues a flush to the database.

    Counted with ``jobs.counters``: the request that sees exactly a full batch
    queues the flush (the counter drops when the flush takes it, so that
    happens once per batch at most). When the cache does not answer the
    showing is dropped and logged: a page view must not wait for, or fail on,
    a counter.
    """
    counters.count_soon(impression_counts(banner_id=banner_id))


def impression_counts(*, banner_id: int):
    """One showing as ``(counter keys, then)`` for ``jobs.counters.count_soon``; no keys when counting is off."""
    batch = conf.impression_batch()
    if batch <= 0:
        return [], None

    def then(seen):
        if seen is None:
            warn_now_and_then(logger, "Banner impressions are being dropped: the cache does not answer (banner %s).", banner_id)
        elif seen == batch:
            queue.enqueue(tasks.flush_impressions, banner_id=banner_id)

    return [_impressions_key(banner_id)], then


def flush_impressions(*, banner_id: int) -> int:
    """Add the impressions counted in the cache for *banner_id* to the database; return how many."""
    key = _impressions_key(banner_id)
    taken = counters.take(key)
    if taken:
        try:
            Banner.objects.filter(pk=banner_id).update(impressions=F("impressions") + taken)
        except Exception:
            counters.give_back(key, taken)  # not written: leave them for the next flush
            raise
    return taken


def enqueue_impression_flushes() -> list[int]:
    """Queue a flush for every banner with impressions waiting in the cache (the ends of batches)."""
    ids = list(Banner.objects.values_list("pk", flat=True))
    waiting = cache.get_many([_impressions_key(pk) for pk in ids])
    due = [pk for pk in ids if (waiting.get(_impressions_key(pk)) or 0) > 0]
    for banner_id in due:
        queue.enqueue(tasks.flush_impressions, banner_id=banner_id)
    return due


@transaction.atomic
def save_banner(*, banner):
    """Save a banner, new or changed (its rules are checked by ``Banner.clean()`` and the database).

    Saving empties the list of live banners kept in the cache and purges the
    pages that may show an appeal (``selectors.connect_cache_invalidation``), as
    any save of a banner does, from here or from the shell.
    """
    banner.save()
    return banner


@transaction.atomic
def delete_banners(*, banners):
    """Delete banners; their counts go with them (the pages that showed them are purged)."""
    for banner in banners:
        banner.delete()


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
