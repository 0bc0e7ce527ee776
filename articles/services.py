"""Writes of the articles app: curating and refreshing the related articles of a story.

Editors pin related articles (in order), exclude suggestions they do not want,
promote a suggestion to a pin, and copy the pins of the story's version in
another language. Suggestions are precomputed into ``RelatedSuggestion`` so
the article page only reads them; ``refresh_related_suggestions`` must run
whenever an article is published, edited or unpublished (the article admin
does it after saving tags), and ``refresh_after_deletion`` after articles are
deleted. ``manage.py refresh_related_suggestions`` rebuilds everything, e.g.
nightly, which also brings in scheduled stories that have since gone live.

A list is rewritten by deleting and re-inserting its rows, so two refreshes of
one list must not interleave (the second would insert ranks the first just
wrote). Each refresh therefore locks the rows of the articles whose lists it
rewrites, all at once and in pk order, so refreshes of overlapping lists wait
for each other instead of colliding or deadlocking.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import conf, suggestions
from .models import Article, RelatedArticle, RelatedExclusion, RelatedSuggestion

ArticleTag = Article.tags.through


def related_count():
    """How many related articles a story shows (``NEWSROOM_RELATED_COUNT``)."""
    return conf.related_count()


def suggestions_kept():
    """How many suggestions are stored per story.

    Twice what is shown, so a suggestion that goes out of print between two
    refreshes is replaced on the page without waiting for the next one.
    """
    return max(related_count(), 1) * 2


def _window(article):
    """Publication dates a suggestion for *article* may have (days either side)."""
    reference = article.published_at or timezone.now()
    days = datetime.timedelta(days=conf.related_max_age_days())
    return reference - days, reference + days


# Computing ---------------------------------------------------------------


def _candidate_queryset(article, tag_ids):
    """Articles that may be suggested for *article*: same language, published, in the window,
    sharing its section or a tag (the cheap filter that keeps a refresh fast)."""
    shares = Q(section_id=article.section_id)
    if tag_ids:
        shares |= Q(pk__in=ArticleTag.objects.filter(tag_id__in=tag_ids).values("article_id"))
    # Scheduled stories are kept: the reader selector hides them until they go live.
    return (
        Article.objects.filter(shares, language=article.language, status=Article.Status.PUBLISHED)
        .filter(published_at__range=_window(article))
        .exclude(pk=article.pk)
    )


def _story(article):
    tag_ids = frozenset(article.tags.values_list("pk", flat=True))
    return suggestions.Candidate(
        pk=article.pk,
        section_id=article.section_id,
        published_at=article.published_at,
        words=suggestions.words(f"{article.title}\n{article.summary}"),
        tag_ids=tag_ids,
    )


def _candidates(article, story):
    queryset = _candidate_queryset(article, story.tag_ids)
    shared = {}
    if story.tag_ids:
        rows = ArticleTag.objects.filter(article__in=queryset.values("pk"), tag_id__in=story.tag_ids)
        for article_id, tag_id in rows.values_list("article_id", "tag_id"):
            shared.setdefault(article_id, set()).add(tag_id)
    return [
        suggestions.Candidate(
            pk=row["pk"],
            section_id=row["section_id"],
            published_at=row["published_at"],
            words=suggestions.words(f"{row['title']}\n{row['summary']}"),
            tag_ids=frozenset(shared.get(row["pk"], ())),
        )
        for row in queryset.values("pk", "section_id", "published_at", "title", "summary")
    ]


def _curated_ids(article):
    """Targets the editor already placed (pinned) or refused (excluded)."""
    pinned = RelatedArticle.objects.filter(article=article).order_by().values_list("target_id", flat=True)
    excluded = RelatedExclusion.objects.filter(article=article).order_by().values_list("target_id", flat=True)
    return set(pinned.union(excluded))


def _store(article, story, candidates):
    curated = _curated_ids(article)
    allowed = [candidate for candidate in candidates if candidate.pk not in curated]
    matches = suggestions.best_matches(story, allowed, limit=suggestions_kept())
    RelatedSuggestion.objects.filter(article=article).delete()
    RelatedSuggestion.objects.bulk_create(
        RelatedSuggestion(
            article=article,
            target_id=match.target_pk,
            rank=rank,
            score=match.score,
            shared_tags=list(match.shared_tags),
            same_section=match.same_section,
            text_similarity=match.text_similarity,
            similar_words=list(match.similar_words),
        )
        for rank, match in enumerate(matches, start=1)
    )
    return matches


def _lock_lists(article_ids):
    """Lock the rows of the articles whose lists are about to be rewritten; return them, fresh.

    Call inside a transaction, once per refresh, before any list is read for
    rewriting: the locks are held until commit, so a second refresh of any of
    these lists waits and then recomputes from what the first one committed.
    Locking every row in one statement, in pk order, keeps two refreshes from
    deadlocking. ``no_key`` (FOR NO KEY UPDATE) still lets other transactions
    insert rows that point at these articles (suggestions, pins). Articles
    deleted meanwhile are simply missing. SQLite ignores the lock (it has one writer).
    """
    return list(Article.objects.select_for_update(no_key=True).filter(pk__in=article_ids).order_by("pk"))


def _refresh_locked(article):
    story = _story(article)
    return _store(article, story, _candidates(article, story))


@transaction.atomic
def refresh_suggestions_for(*, article):
    """Recompute the stored suggestions of *article* alone; return the matches."""
    locked = _lock_lists([article.pk])
    return _refresh_locked(locked[0]) if locked else []


def _neighbours_to_refresh(article, story, candidates):
    """Stories whose suggestions may change now that *article* changed.

    Scoring is symmetric, so *article*'s score for each candidate is also its
    score in that candidate's list. A list is recomputed when *article* left
    it (no longer a candidate), its score there changed, or, not being in it,
    it now scores at least as well as the list's last entry (or the list has
    room). Saving a story without changing what matters recomputes nothing else.
    """
    listed = dict(RelatedSuggestion.objects.filter(target=article).values_list("article_id", "score"))
    if article.status != Article.Status.PUBLISHED:
        return set(listed)
    candidate_ids = {candidate.pk for candidate in candidates}
    affected = {article_id for article_id in listed if article_id not in candidate_ids}
    stats = {
        row["article_id"]: row
        for row in RelatedSuggestion.objects.filter(article__in=_candidate_queryset(article, story.tag_ids).values("pk"))
        .values("article_id")
        .annotate(kept=Count("pk"), lowest=Min("score"))
    }
    for candidate in candidates:
        new_score = suggestions.score(story, candidate).score
        if candidate.pk in listed:
            moved = new_score != listed[candidate.pk]
        else:
            row = stats.get(candidate.pk)
            moved = row is None or row["kept"] < suggestions_kept() or new_score >= row["lowest"]
        if moved:
            affected.add(candidate.pk)
    return affected


@transaction.atomic
def refresh_related_suggestions(*, article):
    """Recompute *article*'s suggestions and those of the stories it may appear under.

    Call after an article is published, edited (tags included) or unpublished.
    """
    story = _story(article)
    candidates = _candidates(article, story)
    neighbours = _neighbours_to_refresh(article, story, candidates) - {article.pk}
    # Every list is recomputed under the lock, from rows no other refresh is rewriting.
    for locked in _lock_lists({article.pk, *neighbours}):
        _refresh_locked(locked)


def lists_suggesting(articles):
    """Ids of stories whose suggestions include any of *articles* (call before deleting them)."""
    ids = [article.pk for article in articles]
    return set(RelatedSuggestion.objects.filter(target_id__in=ids).values_list("article_id", flat=True)) - set(ids)


@transaction.atomic
def refresh_after_deletion(*, article_ids):
    """Refill the suggestions of the stories that suggested now-deleted articles."""
    for article in _lock_lists(article_ids):
        _refresh_locked(article)


def refresh_all_suggestions(*, language=None):
    """Recompute every article's suggestions (one transaction per article); return the count."""
    queryset = Article.objects.order_by("pk")
    if language:
        queryset = queryset.filter(language=language)
    done = 0
    for article in queryset.iterator(chunk_size=500):
        refresh_suggestions_for(article=article)
        done += 1
    return done


# Curating ----------------------------------------------------------------


def _ordered_pins(article):
    return list(RelatedArticle.objects.filter(article=article).order_by("position", "pk"))


def _save_order(pins):
    """Number *pins* 1..n in the given order, writing only those that moved."""
    moved = []
    for position, pin in enumerate(pins, start=1):
        if pin.position != position:
            pin.position = position
            moved.append(pin)
    RelatedArticle.objects.bulk_update(moved, ["position"])


@transaction.atomic
def renumber_pins(*, article):
    """Close the gaps in the positions of *article*'s pins, keeping their order."""
    _save_order(_ordered_pins(article))


@transaction.atomic
def pin_related_article(*, article, target, position=None):
    """Pin *target* under *article* at *position* (1-based; at the end by default).

    Raises ``ValidationError`` for the article itself, an article in another
    language, or one already pinned. Pinning lifts an exclusion of the target.
    """
    pin = RelatedArticle(article=article, target=target)
    pin.full_clean(exclude=["position"])
    pins = _ordered_pins(article)
    index = len(pins) if position is None else max(0, min(position - 1, len(pins)))
    pin.position = index + 1
    pin.save()
    pins.insert(index, pin)
    _save_order(pins)
    RelatedExclusion.objects.filter(article=article, target=target).delete()
    refresh_suggestions_for(article=article)
    return pin


@transaction.atomic
def unpin_related_article(*, article, target):
    """Remove *target* from *article*'s pins; return whether it was pinned."""
    deleted, _counts = RelatedArticle.objects.filter(article=article, target=target).delete()
    renumber_pins(article=article)
    refresh_suggestions_for(article=article)
    return bool(deleted)


@transaction.atomic
def reorder_related_articles(*, article, target_ids):
    """Put *article*'s pins in the order of *target_ids* (every pinned target, once)."""
    pins = {pin.target_id: pin for pin in _ordered_pins(article)}
    if sorted(pins) != sorted(target_ids) or len(set(target_ids)) != len(target_ids):
        raise ValidationError(_("The new order must list every pinned related article once."))
    _save_order([pins[target_id] for target_id in target_ids])


@transaction.atomic
def promote_suggestion(*, article, target):
    """Turn a suggestion into a pin, placed after the current pins.

    Suggestions already follow the pins on the page, so the reader sees the
    same order; the editor now owns it.
    """
    return pin_related_article(article=article, target=target)


@transaction.atomic
def exclude_suggestion(*, article, target, by=None):
    """Never suggest *target* under *article* again (until allowed again)."""
    if RelatedArticle.objects.filter(article=article, target=target).exists():
        raise ValidationError(_("This article is pinned; remove the pin instead of excluding it."))
    exclusion = RelatedExclusion(article=article, target=target, created_by=by)
    exclusion.full_clean()
    exclusion.save()
    refresh_suggestions_for(article=article)
    return exclusion


@transaction.atomic
def allow_suggestion(*, article, target):
    """Lift an exclusion: *target* may be suggested under *article* again."""
    deleted, _counts = RelatedExclusion.objects.filter(article=article, target=target).delete()
    refresh_suggestions_for(article=article)
    return bool(deleted)


@dataclass
class CopyReport:
    """What ``copy_related_from_version`` did, for the editor's message."""

    source: Article
    pinned: list = field(default_factory=list)
    already_pinned: list = field(default_factory=list)
    #: The source's related articles that have no version in this article's language.
    skipped: list = field(default_factory=list)


@transaction.atomic
def copy_related_from_version(*, article, source):
    """Pin under *article*, in order, the versions in its language of *source*'s pins.

    *source* must be another language version of the same story. Targets
    without a version in this language are reported as skipped; those
    already pinned are left where they are. New pins go after existing ones.
    """
    if source.pk == article.pk or source.translation_key != article.translation_key:
        raise ValidationError(_("Related articles can only be copied from another version of the same story."))
    report = CopyReport(source=source)
    source_pins = list(source.related_pins.select_related("target").order_by("position", "pk"))
    keys = {pin.target.translation_key for pin in source_pins}
    versions = {
        version.translation_key: version
        for version in Article.objects.filter(translation_key__in=keys, language=article.language)
    }
    pinned_ids = set(RelatedArticle.objects.filter(article=article).values_list("target_id", flat=True))
    position = (RelatedArticle.objects.filter(article=article).aggregate(last=Max("position"))["last"] or 0) + 1
    for pin in source_pins:
        version = versions.get(pin.target.translation_key)
        if version is None:
            report.skipped.append(pin.target)
        elif version.pk in pinned_ids or version.pk == article.pk:
            report.already_pinned.append(version)
        else:
            RelatedArticle.objects.create(article=article, target=version, position=position)
            pinned_ids.add(version.pk)
            report.pinned.append(version)
            position += 1
    RelatedExclusion.objects.filter(article=article, target__in=report.pinned).delete()
    renumber_pins(article=article)
    refresh_suggestions_for(article=article)
    return report
