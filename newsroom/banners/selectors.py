"""Which banner a reader sees: the live candidates, read in one query and cached, and the choice among them.

Every reader page may show a banner, so the candidates are read with a single
query (the sections come along through a join) into small immutable snapshots
that are kept in the cache for ``NEWSROOM_BANNER_CACHE_SECONDS`` (with 0, the
development default, every page reads them: always exactly one query). The
snapshot holds every banner that is switched on and not over yet, scheduled
ones included, and the schedule is checked at render time: a banner starts and
stops on the second, whatever the cache's age. Saving or deleting a banner, or
changing its sections, empties the cache (``connect_cache_invalidation``).
"""

import dataclasses
import datetime
import random

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from articles.editions import LANGUAGE_CODES

from . import conf
from .models import COPY_FIELDS, Banner

CACHE_KEY = "banners:switched-on:v1"
#: The slots each kind of page has: an article page all of them, any other page the site-wide one only.
ARTICLE_PAGE_PLACEMENTS = frozenset(Banner.Placement.values)
OTHER_PAGE_PLACEMENTS = frozenset({Banner.Placement.SITE_FOOTER})
SCHEDULE_FIELDS = ("placement", "paragraph", "priority", "weight", "starts_at", "ends_at", "edition")

# One generator for the whole process; tests pass their own seeded one.
_random = random.Random()


@dataclasses.dataclass(frozen=True)
class Copy:
    """A banner's copy in one language, as readers get it."""

    lines: tuple[str, ...]
    amount_line: str
    cta_label: str
    cta_url: str

    @property
    def headline(self):
        return self.lines[0] if self.lines else ""

    @property
    def body_lines(self):
        return self.lines[1:]


@dataclasses.dataclass(frozen=True, eq=False)
class LiveBanner:
    """What a reader page needs to know of a banner: no model instance, no further query."""

    pk: int
    placement: str
    paragraph: int | None
    priority: int
    weight: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    languages: tuple[str, ...]
    section_ids: frozenset[int]
    copy: dict[str, Copy]

    def is_live(self, now):
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)

    def shows_in(self, *, language, section_id):
        """Whether the banner targets this edition and (if it is limited to sections) this section."""
        return language in self.languages and (not self.section_ids or section_id in self.section_ids)

    def belongs_in(self, slot):
        """Whether the banner goes in *slot* ("end" or "footer") of a page.

        An "after paragraph N" appeal whose article has no Nth paragraph ends
        the article instead.
        """
        Placement = Banner.Placement
        fallback = slot == Placement.END_OF_ARTICLE and self.placement == Placement.AFTER_PARAGRAPH
        return self.placement == slot or fallback


def _copy(row, code):
    return Copy(
        lines=tuple(line.strip() for line in (row[f"lines_{code}"] or "").splitlines() if line.strip()),
        amount_line=(row[f"amount_line_{code}"] or "").strip(),
        cta_label=(row[f"cta_label_{code}"] or "").strip(),
        cta_url=(row[f"cta_url_{code}"] or "").strip(),
    )


def _copy_columns():
    return [f"{field}_{code}" for field in COPY_FIELDS for code in LANGUAGE_CODES]


def _snapshots(rows):
    """Fold the joined rows (one per banner and section) into one snapshot per banner."""
    sections, first_rows = {}, {}
    for row in rows:
        first_rows.setdefault(row["pk"], row)
        sections.setdefault(row["pk"], set())
        if row["sections"] is not None:
            sections[row["pk"]].add(row["sections"])
    return [
        LiveBanner(
            pk=pk,
            placement=row["placement"],
            paragraph=row["paragraph"],
            priority=row["priority"],
            weight=row["weight"],
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            languages=(row["edition"],) if row["edition"] else tuple(LANGUAGE_CODES),
            section_ids=frozenset(sections[pk]),
            copy={code: _copy(row, code) for code in LANGUAGE_CODES},
        )
        for pk, row in first_rows.items()
    ]


def snapshot_of(banner):
    """The snapshot of one saved banner (for the admin preview), whatever its schedule."""
    row = {field: getattr(banner, field) for field in SCHEDULE_FIELDS}
    row.update({column: getattr(banner, column) for column in _copy_columns()})
    section_ids = list(banner.sections.values_list("pk", flat=True)) or [None]
    return _snapshots([{**row, "pk": banner.pk, "sections": section_id} for section_id in section_ids])[0]


def _read_switched_on():
    """One query: the banners that are on and not over, joined with their sections."""
    rows = Banner.objects.switched_on().order_by("pk").values("pk", "sections", *SCHEDULE_FIELDS, *_copy_columns())
    return _snapshots(rows)


def switched_on_banners():
    """Snapshots of every banner that is on and not over: from the cache, or from one query."""
    timeout = conf.cache_seconds()
    if timeout <= 0:
        return _read_switched_on()
    snapshots = cache.get(CACHE_KEY)
    if snapshots is None:
        snapshots = _read_switched_on()
        cache.set(CACHE_KEY, snapshots, timeout)
    return snapshots


def candidates(*, language, placements, section_id=None, dismissed=frozenset(), now=None):
    """Live banners for this edition, these placements and this section that the reader has not dismissed."""
    now = now or timezone.now()
    return [
        banner
        for banner in switched_on_banners()
        if banner.placement in placements
        and banner.pk not in dismissed
        and banner.is_live(now)
        and banner.shows_in(language=language, section_id=section_id)
    ]


def choose_banner(banners, *, rng=None):
    """Pick one banner: the highest priority wins; within it, weights decide how often each is shown."""
    if not banners:
        return None
    top = max(banner.priority for banner in banners)
    tier = [banner for banner in banners if banner.priority == top]
    return (rng or _random).choices(tier, weights=[banner.weight for banner in tier])[0]


def banner_for_page(*, language, article=None, dismissed=frozenset(), now=None, rng=None):
    """The one appeal a page shows (a ``LiveBanner``), or ``None``.

    *article* is the story of an article page (``None`` for any other page):
    a story that opts out shows no appeal at all, and a banner limited to
    sections runs only on stories of those sections. *dismissed* holds the
    ids of the banners this reader has closed.
    """
    if article is not None and article.no_support_appeal:
        return None
    banners = candidates(
        language=language,
        placements=ARTICLE_PAGE_PLACEMENTS if article is not None else OTHER_PAGE_PLACEMENTS,
        section_id=article.section_id if article is not None else None,
        dismissed=dismissed,
        now=now,
    )
    return choose_banner(banners, rng=rng)


def forget_live_banners(**kwargs):
    """Empty the cache now, and again when the transaction commits.

    The second time covers a reader who filled the cache from the database
    between the save and its commit, with what was there before.
    """
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def connect_cache_invalidation():
    """Called from ``BannersConfig.ready()``: any change to a banner empties the reader cache."""
    uid = "banners.forget_live_banners"
    post_save.connect(forget_live_banners, sender=Banner, dispatch_uid=f"{uid}.save")
    post_delete.connect(forget_live_banners, sender=Banner, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(forget_live_banners, sender=Banner.sections.through, dispatch_uid=f"{uid}.sections")
