"""Writes of the articles app: saving and deleting articles, curating and refreshing their related articles.

Every write the admin, a command or an importer makes goes through here:
``save_article`` and ``delete_articles`` (``save_articles_in_bulk`` and
``update_articles_in_bulk`` for bulk writers such as an importer's batch); ``set_related_pins`` (the editor's
ordered list, as the article form edits it), ``pin_related_article`` /
``promote_suggestion``, ``exclude_suggestion`` and ``allow_suggestion``;
``revoke_preview_links`` (the preview share links of ``articles/preview.py``),
``restore_revision`` and ``recover_article``.

Revisions: each of these writes opens a django-reversion block, so a save by
the admin, a command or an importer keeps a revision of the article and its
pins with who (``by``) and when. Blocks nest: the admin's save (the form,
then the pins inline) opens one around both and makes one revision. Work no
person asked for (refreshing suggestions, the nightly catch-up, bulk archive
generation) writes with queryset updates or ``bulk_create`` and keeps none:
a revision there would record nothing an editor wrote. Excluding or allowing
a suggestion keeps none either: exclusions are not part of a revision.

No lost edits: every save of an article or of its pins moves its
``edit_version`` on with a conditional UPDATE. A caller passing
``seen_version`` (the number its form was read at) gets ``EditConflict`` when
someone saved in between, instead of overwriting them; the UPDATE holds the
row's lock until commit, so two concurrent saves from the same number cannot
both pass on PostgreSQL.

Suggestions are precomputed into ``RelatedSuggestion`` so the article page only
reads them. A write that changes them only enqueues a background job
(``articles.tasks``) in its own transaction: the job runs after the commit,
reads the saved tags, never holds the editor's request or transaction, and
can never undo a save by failing (it is retried, and shown in the admin).
``enqueue_go_live_work`` (``manage.py run_scheduled_work``) queues the work of
scheduled stories once they go live; ``manage.py refresh_related_suggestions``
catches up nightly with any list left stale (``--all`` rebuilds everything).

A list is rewritten by deleting and re-inserting its rows, so two refreshes of
one list must not interleave (the second would insert ranks the first just
wrote). Each refresh therefore locks the rows of the articles whose lists it
rewrites, all at once and in pk order, so refreshes of overlapping lists wait
for each other instead of colliding or deadlocking.
"""

import dataclasses
import datetime
import uuid
from contextlib import contextmanager

import reversion
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Count, F, Min, Q, QuerySet, Value, When
from django.db.models.functions import Now
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jobs import queue

from . import bulk, candidates, conf, page_cache, revisions, search, signals, suggestions, tasks, variants
from .models import (
    SEARCH_FIELDS,
    Article,
    Author,
    FrontPage,
    FrontPagePick,
    RelatedArticle,
    RelatedExclusion,
    RelatedSuggestion,
    Tag,
    Visibility,
    visible_as,
)

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


# Computing ---------------------------------------------------------------


#: At most this many stories sharing tags with a story are scored for it (``articles/candidates.py``).
TAG_CANDIDATES = 400
#: At most this many stories of its section are scored for it on the words alone (nearest in time).
SECTION_CANDIDATES = 200


def _story(article):
    tag_ids = frozenset(article.tags.values_list("pk", flat=True))
    return _as_story(article, tag_ids)


def _as_story(article, tag_ids):
    return suggestions.Candidate(
        pk=article.pk,
        section_id=article.section_id,
        published_at=article.published_at,
        words=suggestions.words(f"{article.title}\n{article.summary}"),
        tag_ids=tag_ids,
    )


def _stories(articles):
    """The scoring view of *articles*, their tags read in one query: pk → ``suggestions.Candidate``."""
    tags = {}
    rows = ArticleTag.objects.filter(article_id__in=[article.pk for article in articles])
    for article_id, tag_id in rows.values_list("article_id", "tag_id"):
        tags.setdefault(article_id, set()).add(tag_id)
    return {article.pk: _as_story(article, frozenset(tags.get(article.pk, ()))) for article in articles}


def _candidate_ids(index, story):
    return index.candidate_ids(story, tag_limit=TAG_CANDIDATES, section_limit=SECTION_CANDIDATES)


def _candidates(article, story):
    """The bounded set of stories scored for *article* (``articles/candidates.py``)."""
    index = candidates.CandidateIndex.around(article.language, [story], section_limit=SECTION_CANDIDATES)
    ids = _candidate_ids(index, story)
    return list(candidates.CandidateData().get(ids).values())


def _curated(article_ids):
    """Targets the editors already placed (pinned) or refused (excluded), per article: two queries however many."""
    curated = {}
    for model in (RelatedArticle, RelatedExclusion):
        rows = model.objects.filter(article_id__in=article_ids).order_by().values_list("article_id", "target_id")
        for article_id, target_id in rows:
            curated.setdefault(article_id, set()).add(target_id)
    return curated


def _computed_rows(article, story, found, curated=frozenset()):
    """*article*'s list as unsaved rows: the best candidates that the editor has not placed or refused."""
    allowed = [candidate for candidate in found if candidate.pk not in curated]
    matches = suggestions.best_matches(story, allowed, limit=suggestions_kept())
    return [
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
    ]


def _write_lists(articles, rows):
    """Replace the stored lists of *articles* (rows locked) by *rows*: three statements however many."""
    ids = [article.pk for article in articles]
    RelatedSuggestion.objects.filter(article_id__in=ids).delete()
    RelatedSuggestion.objects.bulk_create(rows, batch_size=1000)
    Article.objects.filter(pk__in=ids).update(suggestions_refreshed_at=Now())
    page_cache.purge(*(page_cache.article_key(pk) for pk in ids))


#: What computing a list reads of the article itself (its body is never needed).
LIST_FIELDS = ("pk", "language", "section_id", "published_at", "status", "title", "summary")


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
    locked = Article.objects.select_for_update(no_key=True).filter(pk__in=article_ids).order_by("pk")
    return list(locked.only(*LIST_FIELDS))


def _rows_for(article):
    story = _story(article)
    return _computed_rows(article, story, _candidates(article, story), _curated([article.pk]).get(article.pk, ()))


def _lists(articles, *, indexes=None, data=None):
    """The computed rows of the lists of *articles*, with batched reads.

    *indexes* (language → ``CandidateIndex``) and *data* (``CandidateData``)
    are kept by a full run across its batches; a refresh of a few lists reads
    just what they need.
    """
    stories = _stories(articles)
    curated = _curated(list(stories))
    data = data or candidates.CandidateData()
    by_language = {}
    for article in articles:
        by_language.setdefault(article.language, []).append(article)
    rows = []
    for language, group in by_language.items():
        index = (indexes or {}).get(language) or candidates.CandidateIndex.around(
            language, [stories[article.pk] for article in group], section_limit=SECTION_CANDIDATES
        )
        wanted = {article.pk: _candidate_ids(index, stories[article.pk]) for article in group}
        found = data.get({pk for ids in wanted.values() for pk in ids})
        for article in group:
            others = [found[pk] for pk in wanted[article.pk] if pk in found]
            rows += _computed_rows(article, stories[article.pk], others, curated.get(article.pk, ()))
    return rows


def _refresh_locked(articles, **reuse):
    """Recompute and store the lists of *articles*, whose rows the caller has locked."""
    rows = _lists(articles, **reuse)
    _write_lists(articles, rows)
    return rows


@transaction.atomic
def refresh_suggestions_for(*, article):
    """Recompute the stored suggestions of *article* alone; return them."""
    return _refresh_locked(_lock_lists([article.pk]))


def _neighbours_to_refresh(article, story, found):
    """Stories whose suggestions may change now that *article* changed.

    Scoring is symmetric, so *article*'s score for each candidate is also its
    score in that candidate's list. A list is recomputed when *article* left
    it (no longer a candidate), its score there changed, or, not being in it,
    it now scores at least as well as the list's last entry (or the list has
    room). Saving a story without changing what matters recomputes nothing else.

    Bounded: only the lists that hold *article* and those of its own bounded
    candidate set are looked at. A list whose story has *article* among its
    candidates but not the other way round (the caps are not symmetric) is
    caught up by the next full run.
    """
    listed = dict(RelatedSuggestion.objects.filter(target=article).values_list("article_id", "score"))
    if article.status != Article.Status.PUBLISHED:
        return set(listed)
    candidate_ids = {candidate.pk for candidate in found}
    affected = {article_id for article_id in listed if article_id not in candidate_ids}
    stats = {
        row["article_id"]: row
        for row in RelatedSuggestion.objects.filter(article__in=candidate_ids)
        .values("article_id")
        .annotate(kept=Count("pk"), lowest=Min("score"))
    }
    for candidate in found:
        new_score = suggestions.score(story, candidate).score
        if candidate.pk in listed:
            moved = new_score != listed[candidate.pk]
        else:
            row = stats.get(candidate.pk)
            moved = row is None or row["kept"] < suggestions_kept() or new_score >= row["lowest"]
        if moved:
            affected.add(candidate.pk)
    return affected


def refresh_related_suggestions(*, article):
    """Recompute *article*'s suggestions and those of the stories it may appear under.

    Call after an article is published, edited (tags included) or unpublished.
    """
    _refresh_changed([article])


@transaction.atomic
def _refresh_changed(articles):
    """Recompute the lists of *articles*, changed, and of the neighbours each may enter or leave.

    Their candidates are read together (one index for their tags, sections
    and windows); the lists are then locked and recomputed from fresh reads.
    """
    stories = _stories(articles)
    data = candidates.CandidateData()
    lists = set(stories)
    by_language = {}
    for article in articles:
        by_language.setdefault(article.language, []).append(article)
    for language, group in by_language.items():
        group_stories = [stories[article.pk] for article in group]
        index = candidates.CandidateIndex.around(language, group_stories, section_limit=SECTION_CANDIDATES)
        for article in group:
            story = stories[article.pk]
            found = data.get(_candidate_ids(index, story)).values()
            lists |= _neighbours_to_refresh(article, story, found)
    # Every list is recomputed under the lock, from rows no other refresh is rewriting.
    _refresh_locked(_lock_lists(lists))


def lists_suggesting(articles):
    """Ids of stories whose suggestions include any of *articles* (call before deleting them)."""
    ids = [article.pk for article in articles]
    return set(RelatedSuggestion.objects.filter(target_id__in=ids).values_list("article_id", flat=True)) - set(ids)


@transaction.atomic
def refresh_after_deletion(*, article_ids):
    """Refill the suggestions of the stories that suggested now-deleted articles."""
    _refresh_locked(_lock_lists(article_ids))


#: Lists rebuilt per transaction by a full run: few enough to keep locks short, enough to batch the writes.
REBUILD_BATCH = 500


def refresh_all_suggestions(*, language=None, part=(0, 1), analyze=True):
    """Recompute every article's own list; return the count.

    Language by language: the eligible stories' tag and section lists are read
    once (``CandidateIndex.of_language``), then the articles are taken in
    batches of ``REBUILD_BATCH`` by primary key (keyset, so memory stays
    bounded), each batch read, computed and written in one transaction with
    a handful of queries. Each list comes out as a refresh of that article
    alone would give it.

    ``part=(i, n)`` does only the *i*-th of *n* contiguous ranges of primary
    keys of each language, so *n* processes can share a full run (``--workers``):
    each list belongs to one range, so they never lock the same rows.
    """
    articles = Article.objects.all()
    if language:
        articles = articles.filter(language=language)
    done = 0
    for edition in sorted(set(articles.values_list("language", flat=True).order_by())):
        in_edition = articles.filter(language=edition).order_by("pk").values_list("pk", flat=True)
        low, high = _pk_range(in_edition, *part)
        if low is None:
            continue
        reuse = {"indexes": {edition: candidates.CandidateIndex.of_language(edition)}, "data": candidates.CandidateData()}
        last = low - 1
        while ids := list(in_edition.filter(pk__gt=last, pk__lte=high)[:REBUILD_BATCH]):
            with transaction.atomic():
                _refresh_locked(_lock_lists(ids), **reuse)
            done, last = done + len(ids), ids[-1]
    if analyze:
        analyze_after_bulk_work(done)
    return done


def _pk_range(pks, index, parts):
    """The first and last primary key of the *index*-th of *parts* equal slices of *pks* (ordered), or Nones."""
    count = pks.count()
    start, stop = count * index // parts, count * (index + 1) // parts
    if stop <= start:
        return None, None
    return pks[start], pks[stop - 1]


def stale_articles():
    """Articles whose suggestions may be out of date: never computed, edited since, or gone live since.

    A story that went live on schedule must now enter its neighbours' lists;
    one edited since its list was computed may have changed its place in them.
    """
    refreshed = F("suggestions_refreshed_at")
    return Article.objects.filter(
        Q(suggestions_refreshed_at__isnull=True)
        | Q(updated_at__gt=refreshed)
        | (visible_as(Visibility.LIVE) & Q(published_at__gt=refreshed))
    )


#: Stale stories brought up to date per transaction by the nightly run (with their neighbours' lists).
STALE_BATCH = 100


def refresh_stale_suggestions():
    """Bring up to date what changed since the last refresh: each stale story and its neighbours; return the count.

    The nightly run: its cost follows what changed, not the archive's size.
    The stale stories are listed first, then taken ``STALE_BATCH`` at a time:
    each batch reads its candidates together and rewrites its lists in one
    go. Listing them first matters: a stale story whose own list an earlier
    batch rewrote (as a neighbour's) no longer looks stale, but the lists it
    should now enter still wait for it.
    """
    stale = list(stale_articles().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(stale), STALE_BATCH):
        batch = list(Article.objects.filter(pk__in=stale[start : start + STALE_BATCH]).only(*LIST_FIELDS))
        if batch:
            _refresh_changed(batch)
    analyze_after_bulk_work(len(stale))
    return len(stale)


#: After rewriting this many lists, the planner's statistics of the suggestion table are refreshed.
ANALYZE_AFTER = 1000


def analyze_after_bulk_work(lists):
    """Refresh PostgreSQL's statistics after bulk rewrites, so its plans follow the new data."""
    if lists >= ANALYZE_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {RelatedSuggestion._meta.db_table}")


# Publishing ------------------------------------------------------------------

#: The right to publish: make an article live or scheduled, move a live one's date, or take one down.
PUBLISH_PERMISSION = "articles.publish_article"


def may_publish(user):
    """Whether *user* may publish; ``None`` is the system itself (demo content, commands, importers)."""
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def stored_row(article):
    """What a save needs of *article*'s row as stored before it (None for a new article), in one query.

    Read once per save, under the row's lock: the publish check, the "Updated"
    stamp and the ``article_saved`` signal all compare with it.
    """
    if article._state.adding:
        return None
    return Article.objects.filter(pk=article.pk).values(*STORED_FIELDS).first()


#: The stored columns a save compares with (``stored_row``).
STORED_FIELDS = ("status", "published_at", "slug", "language", "text_fingerprint")


def was_live(row):
    """Whether readers could see the article whose stored row is *row* (None: no row)."""
    return (
        row is not None
        and row["status"] == Article.Status.PUBLISHED
        and row["published_at"] is not None
        and row["published_at"] <= timezone.now()
    )


def changes_publication(article, stored):
    """Whether saving *article* as it now stands would publish, schedule, re-date or unpublish it.

    Compared with its *stored* row (``stored_row``), so only what this save
    changes counts: a reporter may keep editing a draft, a translator a live version's text.
    """
    published = Article.Status.PUBLISHED
    if stored is None or stored["status"] != published:
        return article.status == published
    # Taking a published story down is as much an editorial decision as putting it up.
    return article.status != published or article.published_at != stored["published_at"]


def check_may_publish(*, article, by, stored=None):
    """Raise ``ValidationError`` (code ``publish_forbidden``) if *by* may not make this save's publication change.

    *stored* is the article's ``stored_row`` when the caller has read it already.
    """
    if may_publish(by):
        return
    if changes_publication(article, stored if stored is not None else stored_row(article)):
        raise ValidationError(
            _(
                "You may not publish, schedule or unpublish articles, nor change when a published one "
                "goes live: save it as a draft and ask an editor to publish it."
            ),
            code="publish_forbidden",
        )


# No lost edits -----------------------------------------------------------


class EditConflict(ValidationError):
    """Someone saved the article after the editor's form was read: their save is refused, not merged.

    ``current`` is the article as the database holds it now (``None`` if it
    was deleted), ``saved_by`` and ``saved_at`` who saved it last and when.
    """

    def __init__(self, current):
        self.current = current
        self.saved_by = current.updated_by if current else None
        self.saved_at = current.updated_at if current else None
        super().__init__(self._message(), code="edit_conflict")

    def _message(self):
        if self.current is None:
            return _("This article was deleted after you opened it. Your changes have not been saved.")
        who = self.saved_by.get_full_name() or self.saved_by.get_username() if self.saved_by else _("Someone")
        when = formats.date_format(timezone.localtime(self.saved_at), "DATETIME_FORMAT")
        return _("%(who)s saved this article at %(when)s, after you opened it. Your changes have not been saved.") % {
            "who": who,
            "when": when,
        }

    @classmethod
    def for_article(cls, pk):
        return cls(Article.objects.select_related("updated_by").filter(pk=pk).first())


def _claim_edit(article, seen_version):
    """Move *article*'s edit version on, if it is still *seen_version* (any, when ``None``); else ``EditConflict``.

    One conditional UPDATE: the database compares and writes in one step and
    keeps the row locked until commit, so of two saves made from the same
    version the second waits, then finds the number moved and is refused.
    """
    rows = Article.objects.filter(pk=article.pk)
    if seen_version is not None:
        rows = rows.filter(edit_version=seen_version)
    if not rows.update(edit_version=F("edit_version") + 1):
        raise EditConflict.for_article(article.pk)
    if seen_version is not None:
        article.edit_version = seen_version + 1
    else:
        article.edit_version = Article.objects.filter(pk=article.pk).values_list("edit_version", flat=True).get()


def _note_revision(article, stored):
    """Stamp ``revised_at`` when a save changed the text of a story readers could already read."""
    if not was_live(stored) or article.text_fingerprint == stored["text_fingerprint"]:
        return
    article.revised_at = timezone.now()
    Article.objects.filter(pk=article.pk).update(revised_at=article.revised_at)


def _check_seen(article, seen_version):
    """Refuse (``EditConflict``) a change made from a page read before the article's last save; move nothing."""
    if seen_version is None:
        return
    current = Article.objects.select_for_update().filter(pk=article.pk).values_list("edit_version", flat=True).first()
    if current != seen_version:
        raise EditConflict.for_article(article.pk)


# Search ----------------------------------------------------------------------

def search_vector():
    """An article's search vector, from its searched columns: title (A) > summary (B) > body (C).

    A database expression of the row itself, in the configuration of its
    language, so one UPDATE can fill any number of rows.
    """
    configs = search.SEARCH_CONFIGS.items()
    config = Case(*(When(language=code, then=Value(name)) for code, name in configs), default=Value(search.DEFAULT_CONFIG))
    return (
        SearchVector("search_title", config=config, weight="A")
        + SearchVector("search_summary", config=config, weight="B")
        + SearchVector("search_body", config=config, weight="C")
    )


def refresh_search_index(queryset=None):
    """Recompute the search vector of *queryset*'s articles (all by default) in one UPDATE; PostgreSQL only.

    ``save_article`` calls it for the article it saved; bulk loads call it once
    after writing their rows (with the searched columns filled, see
    ``fill_search_text``). SQLite searches the columns themselves: nothing to do.
    """
    if connection.vendor != "postgresql":
        return 0
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.order_by().update(search_vector=search_vector())


def searched_columns(*, title, summary, body):
    """The searched columns of an article with this text, for writes that skip the model's ``pre_save`` (COPY)."""
    return {
        "search_title": search.search_text(title),
        "search_summary": search.search_text(summary),
        "search_body": search.search_text(body, markup=True),
    }


def fill_search_text(model=Article, *, batch=2000):
    """Recompute the searched columns of every row, a batch at a time (for data migrations); return the count.

    The normaliser is Python's (the query passes through it too), so the
    text is read and written back; the vector then follows in one UPDATE.
    """
    table, done = connection.ops.quote_name(model._meta.db_table), 0
    names = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in ("search_title", "search_summary", "search_body"))
    rows = model.objects.order_by("pk").values_list("pk", "title", "summary", "body")
    pending = []
    for pk, title, summary, body in rows.iterator(chunk_size=batch):
        pending.append([*searched_columns(title=title, summary=summary, body=body).values(), pk])
        if len(pending) == batch:
            done += _write_search_text(table, names, pending)
            pending = []
    return done + _write_search_text(table, names, pending)


def _write_search_text(table, names, rows):
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {names} WHERE id = %s", rows)
    return len(rows)


# Saving and deleting ------------------------------------------------------


def enqueue_refresh(*, article_ids):
    """Queue a refresh of these stories' suggestions (and their neighbours') with the current write."""
    for article_id in sorted(article_ids):
        queue.enqueue(tasks.refresh_suggestions, article_id=article_id)


def enqueue_stale_refresh():
    """Queue one refresh of every stale story's suggestions (after a bulk write that skipped its own)."""
    queue.enqueue(tasks.refresh_stale_suggestions)


@transaction.atomic
def save_article(*, article, by=None, authors=None, tags=None, seen_version=None, comment=None, refresh_suggestions=True):
    """Save *article*, new or changed, as the staff user *by*; a job refreshes its related suggestions.

    *authors* and *tags*, when given, replace the article's. A caller may also
    set them later in the same transaction (the admin form saves them after
    the article): the job reads them once everything is committed. A save
    that would publish, schedule, re-date or unpublish the article is refused
    unless *by* may publish (``check_may_publish``); ``by=None`` is the system.

    With *seen_version* (the ``edit_version`` the editor's form was read at),
    a save made after someone else's raises ``EditConflict`` and writes
    nothing. A revision is kept, with *comment* when given.

    ``refresh_suggestions=False`` is for bulk writers (an importer saving
    thousands of stories): they queue one ``enqueue_stale_refresh`` at the end
    instead of a job per story; the article stays stale until then.
    """
    with reversion.create_revision():
        if by is not None:
            reversion.set_user(by)
        if comment:
            reversion.set_comment(comment)
        if article._state.adding:
            article.created_by = by
        else:
            _claim_edit(article, seen_version)  # locks the row: what is read next is what this save replaces
        stored = stored_row(article)
        check_may_publish(article=article, by=by, stored=stored)
        article.updated_by = by
        article.save()
        _note_revision(article, stored)
        if authors is not None:
            article.authors.set(authors)
        if tags is not None:
            article.tags.set(tags)
        revisions.record(article)
    refresh_search_index(Article.objects.filter(pk=article.pk))
    page_cache.purge_article(article)
    enqueue_image_variants(article=article)
    if refresh_suggestions:
        enqueue_refresh(article_ids=[article.pk])
    signals.article_saved.send(sender=Article, article=article, by=by, previous=_previous_state(stored))
    return article


def enqueue_image_variants(*, article):
    """Queue the making of *article*'s image copies with the current write, unless it has them already."""
    if article.image and not article.image_variants:
        queue.enqueue(tasks.make_image_variants, name=article.image.name)


def make_image_variants(*, name):
    """Make the resized copies of the stored image *name*, record them on every article using it, purge their pages.

    Raises ``variants.VariantError`` when the image cannot be read: nothing is
    recorded and the pages keep showing the original. When no article uses the
    file any more (an editor replaced it meanwhile), the copies are deleted again.
    """
    if not Article.objects.filter(image=name).exists():  # replaced before the job ran: nothing to make
        return []
    widths = variants.make_variants(name)
    users = list(Article.objects.filter(image=name).only("pk", "language", "translation_key"))
    updated = Article.objects.filter(image=name).update(image_variants=" ".join(map(str, widths)))
    if not updated:
        variants.delete_variants(name, widths)
    for article in users:
        page_cache.purge_article(article)
    return widths


def _previous_state(stored):
    """What the ``article_saved`` signal says the article was before the save (None for a new one)."""
    if stored is None:
        return None
    return signals.StoredState(slug=stored["slug"], language=stored["language"], was_live=was_live(stored))


@transaction.atomic
def save_articles_in_bulk(*, entries, by=None, comment=None):
    """Save many articles at once as *by*, each entry ``(article, authors, tags)``; return the articles.

    The write path of bulk writers (an importer's batch of a few hundred
    posts), with ``save_article``'s rules in a handful of statements: each new
    article is checked against ``check_may_publish`` and then all are inserted
    with one INSERT (the database's constraints hold: a violation raises and
    the caller's savepoint takes back the whole call), their authors and tags
    with one INSERT each; changed articles are written by
    ``update_articles_in_bulk``'s steps, and here any article it would refuse
    (a publication change *by* may not make, an article deleted meanwhile)
    raises its error: this call is all or nothing. The new articles' revision
    is one for the call, with *comment*, holding one version of each, written
    set-wise by ``revisions.record_new_in_bulk``; the changed ones share
    another: every article's history shows the import.

    Suggestions are not refreshed (the caller queues ``enqueue_stale_refresh``
    once at the end); new articles get their search vectors in the INSERT
    (``_inserting_articles``), changed ones in their UPDATE; pages are purged
    once, and ``articles_saved_in_bulk`` tells the apps built on articles
    which stories changed, once for the call.
    """
    new = [entry for entry in entries if entry[0]._state.adding]
    changed = [entry for entry in entries if not entry[0]._state.adding]
    with transaction.atomic():  # all or nothing, as the docstring promises the caller's savepoint
        updated = _update_existing(changed, by=by, comment=comment)
        if updated.refused:
            raise updated.refused[0][1]
        if new:
            _insert_new(new, by, comment)
    new = [entry[0] for entry in new]
    _announce_bulk_save([*new, *updated.saved], by=by, previous=updated.previous)
    return [entry[0] for entry in entries]


@dataclasses.dataclass
class BulkUpdate:
    """What ``update_articles_in_bulk`` did with each article it was given."""

    #: Written, each with a new revision.
    saved: list = dataclasses.field(default_factory=list)
    #: Nothing a revision keeps differed from what is stored: not written at all.
    unchanged: list = dataclasses.field(default_factory=list)
    #: ``(article, ValidationError)``: what ``save_article`` would have raised for it; not written.
    refused: list = dataclasses.field(default_factory=list)
    #: ``{pk: signals.StoredState}`` of each saved article before the save.
    previous: dict = dataclasses.field(default_factory=dict)


@transaction.atomic
def update_articles_in_bulk(*, entries, by=None, comment=None, seen_versions=None):
    """Save many existing articles as *by*, each entry ``(article, authors, tags)``; return a ``BulkUpdate``.

    ``save_article`` for a batch (an importer updating the posts that changed
    since its last run), in a fixed number of statements, article by article
    with the same result:

    * the rows are locked in one statement, in pk order, and read as stored:
      a save an editor is making waits for, or is waited on, as with
      ``save_article``, and every saved article's ``edit_version`` moves on,
      so a form opened before the update is refused (``EditConflict``) rather
      than overwriting it;
    * an article deleted meanwhile (``EditConflict``) or whose publication
      change *by* may not make (``check_may_publish``) is refused, with the
      error ``save_article`` raises, and the others are saved;
    * with *seen_versions* (``{pk: edit_version}``, the numbers the caller
      read the articles at; an article left out is saved whatever its number),
      an article someone saved since is refused with ``EditConflict``, as
      ``save_article(seen_version=...)`` refuses it: compared on the locked
      row, so an edit that lands between the caller's read and this write is
      never overwritten;
    * an article where nothing a revision keeps changed (fields, authors,
      tags) is left as it is: no write, no revision, no purge;
    * the others are written with one UPDATE (each field's ``pre_save``: the
      body's sanitiser, the text fingerprint, the searched columns and, on
      PostgreSQL, the search vector in the same statement), ``revised_at``
      stamped as ``save_article`` stamps it, *authors* and *tags* (when not
      ``None``) replacing the stored ones, and one revision with *comment*
      holding a version of each and of its pins (``revisions.record_in_bulk``);
    * their pages are purged once, image copies queued as ``save_article``
      queues them, and ``signals.articles_saved_in_bulk`` sent once with each
      article's ``previous`` state (the apps built on articles follow:
      translation queue, outdated versions, old addresses).

    Suggestions are not refreshed: as with ``save_article(refresh_suggestions=False)``,
    the caller queues ``enqueue_stale_refresh`` once its bulk work is done
    (the saved articles are stale until then: their ``updated_at`` moved).
    """
    result = _update_existing(entries, by=by, comment=comment, seen_versions=seen_versions)
    _announce_bulk_save(result.saved, by=by, previous=result.previous)
    return result


def _announce_bulk_save(articles, *, by, previous):
    """After a bulk save: purge the pages of *articles*, queue their image copies, tell the apps built on articles."""
    keys = set()
    for article in articles:
        keys |= {page_cache.article_key(article.pk), page_cache.story_key(article.translation_key),
                 page_cache.edition_key(article.language)}
    page_cache.purge(*keys)
    for article in articles:
        enqueue_image_variants(article=article)  # a job only for an article with a new image (rare in bulk)
    signals.articles_saved_in_bulk.send(sender=Article, articles=articles, by=by, previous=previous)


#: Bookkeeping a save moves by itself, and columns derived from the text: a difference there alone is
#: no change to write or to keep a revision of (``update_articles_in_bulk``).
BOOKKEEPING_FIELDS = (
    "id", "created_at", "created_by", "updated_at", "updated_by", "edit_version", "revised_at", "suggestions_refreshed_at",
    "preview_key", "text_fingerprint", *SEARCH_FIELDS,
)


def _tracked_fields():
    return [field for field in Article._meta.concrete_fields if field.name not in BOOKKEEPING_FIELDS]


def _update_existing(entries, *, by, comment, seen_versions=None):
    """The work of ``update_articles_in_bulk`` up to the announcement (which ``save_articles_in_bulk`` makes once)."""
    seen_versions = seen_versions or {}
    result = BulkUpdate()
    entries = list(entries)
    if not entries:
        return result
    tracked = _tracked_fields()
    stored = _lock_stored([article.pk for article, _authors, _tags in entries], tracked)
    links = _stored_links(entries)
    for article, authors, tags in entries:
        row = stored.get(article.pk)
        try:
            if row is None:
                raise EditConflict(None)  # deleted since it was read: what ``_claim_edit`` raises
            if seen_versions.get(article.pk, row["edit_version"]) != row["edit_version"]:
                raise EditConflict.for_article(article.pk)  # saved since the caller read it: ``_claim_edit``'s refusal
            check_may_publish(article=article, by=by, stored=row)
        except ValidationError as error:
            result.refused.append((article, error))
            continue
        wanted = {name: items for name, items in (("authors", authors), ("tags", tags)) if items is not None}
        relinked = {name: items for name, items in wanted.items() if {item.pk for item in items} != links[name].get(article.pk, set())}
        if not _fields_changed(article, row, tracked) and not relinked:
            result.unchanged.append(article)
            continue
        _stamp(article, row, by)
        article._bulk_relinked = relinked
        result.saved.append(article)
        result.previous[article.pk] = _previous_state(row)
    if result.saved:
        _write_updates(result.saved)
        _replace_links(result.saved)
        revisions.record_in_bulk(result.saved, by=by, comment=comment)
    return result


def _lock_stored(ids, tracked):
    """The stored rows of articles *ids*, locked until commit (one statement, pk order): ``{pk: {column: value}}``."""
    names = {"pk", "edit_version", *STORED_FIELDS, *(field.attname for field in tracked)}
    rows = Article.objects.select_for_update().filter(pk__in=ids).order_by("pk").values(*names)
    return {row["pk"]: row for row in rows}


def _stored_links(entries):
    """``{"authors"|"tags": {article pk: {linked pk}}}`` as stored, for the entries that replace them (two queries at most)."""
    links = {"authors": {}, "tags": {}}
    for name, position in (("authors", 1), ("tags", 2)):
        ids = [entry[0].pk for entry in entries if entry[position] is not None]
        if not ids:
            continue
        through = Article._meta.get_field(name).remote_field.through
        column = f"{Article._meta.get_field(name).related_model._meta.model_name}_id"
        for article_id, pk in through.objects.filter(article_id__in=ids).values_list("article_id", column):
            links[name].setdefault(article_id, set()).add(pk)
    return links


def _fields_changed(article, row, tracked):
    """Whether *article* as it would be saved differs from its stored *row* in a field a revision keeps."""
    changed = False
    for field in tracked:  # every one, none skipped: each pre_save leaves the value as it will be written
        value = field.pre_save(article, False)  # the body as it will be stored (sanitised), a file committed
        changed |= field.get_db_prep_save(value, connection) != field.get_db_prep_save(row[field.attname], connection)
    return changed


def _stamp(article, row, by):
    """Set what ``save_article`` sets on a changed article: who, its next edit version, "Updated" when live text changed."""
    article.updated_by = by
    article.edit_version = row["edit_version"] + 1  # the row is locked: what ``_claim_edit``'s UPDATE would make it
    Article._meta.get_field("text_fingerprint").pre_save(article, False)  # the searched columns: when written
    if was_live(row) and article.text_fingerprint != row["text_fingerprint"]:
        article.revised_at = timezone.now()


def _write_updates(articles):
    """Write *articles* over their rows in one UPDATE (PostgreSQL: by COPY, with the search vector); else ``bulk_update``."""
    fields = [field for field in Article._meta.concrete_fields if field.name not in ("id", "search_vector")]
    for article in articles:
        article._prepare_related_fields_for_save(operation_name="save")
    if connection.vendor != "postgresql":
        for article in articles:  # ``bulk_update`` writes the attributes as they are: ``pre_save`` first, as save() does
            for field in fields:
                field.pre_save(article, False)
        Article.objects.bulk_update(articles, [field.name for field in fields])
        return
    rows = [[article.pk, *row] for article, row in zip(articles, bulk.db_rows(articles, fields, add=False), strict=True)]
    query = Article.objects.all().query
    vector = query.get_compiler(connection=connection).compile(search_vector().resolve_expression(query))
    bulk.update_rows(Article, fields, rows, extra=[("search_vector", vector)])


def _replace_links(articles):
    """Make each article's authors and tags those it was saved with (``set()``), for the relations that changed."""
    for name in ("authors", "tags"):
        changed = [article for article in articles if name in article._bulk_relinked]
        if not changed:
            continue
        through = Article._meta.get_field(name).remote_field.through
        column = f"{Article._meta.get_field(name).related_model._meta.model_name}_id"
        through.objects.filter(article_id__in=[article.pk for article in changed]).delete()
        bulk.copy_rows(through, ("article_id", column),
                       ([article.pk, item.pk] for article in changed for item in article._bulk_relinked[name]))
    for article in articles:
        del article._bulk_relinked


def _insert_new(entries, by, comment):
    """Insert new articles, their authors and tags, in three statements, and keep one revision of them all."""
    for article, _authors, _tags in entries:
        check_may_publish(article=article, by=by)
        article.created_by = article.updated_by = by
    articles = [article for article, _authors, _tags in entries]
    for article, authors, tags in entries:
        # A new article has no pins, and its authors and tags are the lists being inserted: given
        # to the serialiser as if prefetched, the revision is written without reading them back.
        article._prefetched_objects_cache = {"authors": _known(Author, authors), "tags": _known(Tag, tags)}
    try:
        with _inserting_articles(articles):
            versions = revisions.serialized_versions(articles)  # while the database computes the search vectors
        # Pairs of ids: no model instance each (an importer's batch links thousands).
        bulk.copy_rows(Article.authors.through, ("article_id", "author_id"),
                       ([article.pk, author.pk] for article, authors, _tags in entries for author in authors))
        bulk.copy_rows(ArticleTag, ("article_id", "tag_id"), ([article.pk, tag.pk] for article, _authors, tags in entries for tag in tags))
        revisions.record_serialized(versions, by=by, comment=comment)
    finally:
        for article in articles:
            del article._prefetched_objects_cache


@contextmanager
def _inserting_articles(articles):
    """Insert new *articles* with their search vectors; on PostgreSQL by COPY and one INSERT … SELECT.

    ``bulk_create`` has psycopg quote every value of a few hundred articles
    into one statement on the client, and the vectors then need an UPDATE
    that writes each row (and its index entries) a second time. Here each
    field's ``pre_save`` and database form are taken as ``bulk_create``
    takes them (the body's sanitiser, the searched columns, files, dates),
    the rows are streamed by COPY into a temporary table, and one INSERT
    moves them into the table computing ``search_vector()`` on the way: the
    table's constraints and indexes see a row once, with its vector.
    Elsewhere (SQLite, which has no vector) it is ``bulk_create``.

    The with block runs once the articles have their primary keys and final
    values. On PostgreSQL it runs while the database still computes the
    vectors (the INSERT is sent in pipeline mode; parsing every body's text
    is most of its cost): the block must not use the database. The block's
    end waits for the INSERT, and raises its error, if any, as Django's.
    """
    if connection.vendor != "postgresql":
        Article.objects.bulk_create(articles)
        yield
        return
    table = Article._meta.db_table
    fields = [field for field in Article._meta.concrete_fields if field.name != "search_vector"]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(articles)])
        ids = [row[0] for row in cursor.fetchall()]
        for article, pk in zip(articles, ids, strict=True):
            article._prepare_related_fields_for_save(operation_name="bulk_create")
            article.pk = pk
        rows = list(bulk.db_rows(articles, fields))
        cursor.execute("DROP TABLE IF EXISTS pg_temp.articles_bulk_insert")
        cursor.execute(f"CREATE TEMPORARY TABLE articles_bulk_insert (LIKE {quote(table)})")
        with cursor.cursor.copy(f"COPY pg_temp.articles_bulk_insert ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        query = Article.objects.all().query
        vector, params = query.get_compiler(connection=connection).compile(search_vector().resolve_expression(query))
        with connection.wrap_database_errors, connection.connection.pipeline():
            # The temporary table is read under the article table's name, so the vector's compiled
            # column references ("articles_article"."search_title", ...) read the rows being inserted.
            cursor.execute(
                f"INSERT INTO {quote(table)} ({columns}, {quote('search_vector')}) "
                f"SELECT {columns}, {vector} FROM pg_temp.articles_bulk_insert AS {quote(table)}",
                params,
            )
            cursor.execute("DROP TABLE pg_temp.articles_bulk_insert")  # both sent: the server works on them from here
            yield
    for article in articles:
        article._state.adding, article._state.db = False, connection.alias


def _known(model, rows):
    """A queryset of *model* already holding *rows*, as ``prefetch_related`` leaves one (it runs no query)."""
    queryset = QuerySet(model=model)  # built bare: filtering it would cost more than the query it saves
    queryset._result_cache, queryset._prefetch_done = list(rows), True
    return queryset


def revoke_preview_links(*, article):
    """Give *article* a new preview key: every share link handed out for it so far stops working.

    Only the key is written: this changes nothing a reader sees, so no page is purged.
    """
    article.preview_key = uuid.uuid4()
    article.save(update_fields=["preview_key"])
    return article


@transaction.atomic
def publish_articles(*, articles, by=None):
    """Publish the drafts among *articles* now, as *by*; return them.

    All or nothing: a user who may not publish is refused (``ValidationError``)
    before any article changes. Articles already published keep their date.
    """
    drafts = [article for article in articles if article.status == Article.Status.DRAFT]
    now = timezone.now()
    for article in drafts:
        article.status, article.published_at = Article.Status.PUBLISHED, now
        save_article(article=article, by=by)
    return drafts


@transaction.atomic
def delete_articles(*, articles, by=None):
    """Delete *articles*; jobs refill the lists of the stories that suggested them.

    A last revision of each is kept first (its story link and pins
    included), so it can be recovered from the admin.
    """
    ids = [article.pk for article in articles]
    affected = lists_suggesting(articles)
    with reversion.create_revision():
        if by is not None:
            reversion.set_user(by)
        reversion.set_comment(revisions.COMMENT_DELETED)
        for article in articles:
            revisions.record(article)
    for article in articles:
        page_cache.purge_article(article)
    stories = {article.translation_key for article in articles}
    signals.articles_deleting.send(sender=Article, articles=list(articles))
    Article.objects.filter(pk__in=ids).delete()
    enqueue_refresh(article_ids=affected)
    signals.articles_deleted.send(sender=Article, stories=stories)


def _validated(article):
    """Raise ``ValidationError`` if *article* would break a rule (a slug another article took since, ...)."""
    # Not the image (a stored file, kept as it is) nor who created it: save_article sets that, and
    # the user a revision names may have left since.
    article.full_clean(exclude=["image", "created_by", "updated_by"], validate_unique=True)
    return article


def _restore_into(article, snap, *, by, seen_version, comment):
    """Save *snap*'s text, filing and pins into *article* through ``save_article``; return the pins not restored."""
    authors = revisions.existing(Author, snap.author_ids)
    tags = revisions.existing(Tag, snap.tag_ids)
    save_article(article=_validated(article), by=by, authors=authors, tags=tags, seen_version=seen_version, comment=comment)
    targets = revisions.existing_pins(article, snap.pin_target_ids)
    set_related_pins(article=article, targets=targets, by=by)
    return len(snap.pin_target_ids) - len(targets)


@transaction.atomic
def restore_revision(*, article, version, by=None, seen_version=None):
    """Make *article* what *version* (one of its revisions) holds, as a new revision; return pins not restored.

    Goes through ``save_article``, so whatever it checks (who may publish,
    edits made meanwhile with *seen_version*) applies to a restore too. Its
    language and story link stay as they are now; tags, authors and pins
    deleted since are left out. Raises ``ValidationError`` when the old text
    no longer fits (a slug another article uses now).
    """
    snap = revisions.snapshot(version)
    old = snap.article
    for name in revisions.RESTORED_FIELDS:
        if name != "section_id" or revisions.section_exists(old.section_id):
            setattr(article, name, getattr(old, name))
    with reversion.create_revision():
        return _restore_into(article, snap, by=by, seen_version=seen_version, comment=revisions.COMMENT_RESTORED)


@transaction.atomic
def recover_article(*, version, by=None):
    """Bring back a deleted article from its last revision, with its id, story link and pins; return it.

    The story link is kept unless another article has taken this language in
    the story since (then it comes back unlinked: ``article.relinked`` is
    False). Pins whose targets were deleted are left out (their count is
    ``article.pins_lost``). Raises ``ValidationError`` if it exists again or
    its slug is taken.
    """
    if Article.objects.filter(pk=version.object_id).exists():
        raise ValidationError(_("This article exists; there is nothing to recover."))
    snap = revisions.snapshot(version)
    article = snap.article
    article.edit_version = 0
    article.relinked = not Article.objects.filter(translation_key=article.translation_key, language=article.language).exists()
    if not article.relinked:
        article.translation_key = uuid.uuid4()
    if not revisions.section_exists(article.section_id):
        raise ValidationError(_("Its section was deleted; recreate a section before recovering it."))
    with reversion.create_revision():
        article.pins_lost = _restore_into(article, snap, by=by, seen_version=None, comment=revisions.COMMENT_RECOVERED)
    return article


@transaction.atomic
def save_vocabulary(*, item):
    """Save a section, tag or author: every page may name it (menus, bylines, lists)."""
    item.save()
    page_cache.purge(page_cache.VOCABULARY)
    return item


@transaction.atomic
def save_vocabulary_in_bulk(*, items):
    """Insert new sections, tags or authors of one kind in one statement (a bulk writer's); pages purged once."""
    if items:
        type(items[0]).objects.bulk_create(items)
        page_cache.purge(page_cache.VOCABULARY)
    return items


@transaction.atomic
def delete_vocabulary(*, items):
    """Delete sections, tags or authors (a section still filing articles is protected by the database)."""
    for item in items:
        item.delete()
    page_cache.purge(page_cache.VOCABULARY)


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


def _curation_changed(article):
    """After any change to pins or exclusions: lifted exclusions of pins, a job refreshes the story's own list.

    Curation only decides what this story's list may hold; its place in other
    stories' lists is unchanged, so their lists are left alone.
    """
    RelatedExclusion.objects.filter(article=article, target__in=RelatedArticle.objects.filter(article=article).values("target")).delete()
    page_cache.purge(page_cache.article_key(article.pk))
    queue.enqueue(tasks.refresh_own_suggestions, article_id=article.pk)


def _pins_changed(article, by):
    """In a revision block: who changed the pins, and the pins as they now are."""
    if by is not None:
        reversion.set_user(by)
    if not reversion.get_comment():
        reversion.set_comment(revisions.COMMENT_PINS)
    revisions.record(article)


@transaction.atomic
def set_related_pins(*, article, targets, by=None, seen_version=None):
    """Make *targets* (articles, in the editor's order) exactly the pins of *article*.

    Pins not listed are removed, new ones added, and all numbered 1..n in this
    order. Raises ``ValidationError`` for the article itself, an article in
    another language, or one listed twice; ``EditConflict`` with a stale
    *seen_version*. Pinning lifts an exclusion of the target: an editor who
    pins a story wants it shown.
    """
    ids = [target.pk for target in targets]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("The same article is listed twice; keep one."))
    for target in targets:
        RelatedArticle(article=article, target=target).clean()
    with reversion.create_revision():
        _claim_edit(article, seen_version)
        RelatedArticle.objects.filter(article=article).exclude(target_id__in=ids).delete()
        existing = {pin.target_id: pin for pin in _ordered_pins(article)}
        pins = [existing.get(target.pk) or RelatedArticle.objects.create(article=article, target=target) for target in targets]
        _save_order(pins)
        _curation_changed(article)
        _pins_changed(article, by)
    return pins


@transaction.atomic
def pin_related_article(*, article, target, position=None, by=None, seen_version=None):
    """Pin *target* under *article* at *position* (1-based; at the end by default).

    Raises ``ValidationError`` for the article itself, an article in another
    language, or one already pinned; ``EditConflict`` with a stale
    *seen_version*. Pinning lifts an exclusion of the target.
    """
    pin = RelatedArticle(article=article, target=target)
    pin.full_clean(exclude=["position"])
    with reversion.create_revision():
        _claim_edit(article, seen_version)
        pins = _ordered_pins(article)
        index = len(pins) if position is None else max(0, min(position - 1, len(pins)))
        pin.position = index + 1
        pin.save()
        pins.insert(index, pin)
        _save_order(pins)
        _curation_changed(article)
        _pins_changed(article, by)
    return pin


@transaction.atomic
def promote_suggestion(*, article, target, by=None, seen_version=None):
    """Turn a suggestion into a pin, placed after the current pins.

    Suggestions already follow the pins on the page, so the reader sees the
    same order; the editor now owns it.
    """
    return pin_related_article(article=article, target=target, by=by, seen_version=seen_version)


@transaction.atomic
def exclude_suggestion(*, article, target, by=None, seen_version=None):
    """Never suggest *target* under *article* again (until allowed again).

    Exclusions are not part of the article's revisions, and do not move its
    edit version (a colleague's exclusion loses nothing of an open form), but
    one made from a page read before the article's last save is refused.
    """
    _check_seen(article, seen_version)
    if RelatedArticle.objects.filter(article=article, target=target).exists():
        raise ValidationError(_("This article is pinned; remove the pin instead of excluding it."))
    exclusion = RelatedExclusion(article=article, target=target, created_by=by)
    exclusion.full_clean()
    exclusion.save()
    _curation_changed(article)
    return exclusion


@transaction.atomic
def allow_suggestion(*, article, target, seen_version=None):
    """Lift an exclusion: *target* may be suggested under *article* again."""
    _check_seen(article, seen_version)
    deleted, _counts = RelatedExclusion.objects.filter(article=article, target=target).delete()
    _curation_changed(article)
    return bool(deleted)


# Going live ---------------------------------------------------------------

GO_LIVE_CHECKPOINT = "articles:go-live"


@transaction.atomic
def enqueue_go_live_work(*, now=None):
    """Queue the work of every scheduled story whose time came since the last call; return their ids.

    A story counts as scheduled when it was last saved before its publication
    time (one published at once had its refresh queued by the save). The first
    call looks back one day.
    """
    now = now or timezone.now()
    since = queue.advance_checkpoint(name=GO_LIVE_CHECKPOINT, now=now, first_since=now - datetime.timedelta(days=1))
    due = list(
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=since, published_at__lte=now)
        .filter(updated_at__lt=F("published_at"))
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)
    )
    for article_id in due:
        queue.enqueue(tasks.story_went_live, article_id=article_id)
    return due


# Front page ------------------------------------------------------------------------


@transaction.atomic
def set_front_page(*, language, articles, by=None):
    """Make *articles*, in this order, the picks of edition *language*'s front page (the first is the lead).

    Raises ``ValidationError`` for an article of another edition or one listed
    twice. A pick that is not live yet (scheduled) is kept: the page shows it
    when it goes live and fills its place with the newest story until then.
    *by* is the editor (kept for symmetry with the other services; the admin logs it).
    """
    ids = [article.pk for article in articles]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("The same article is listed twice; keep one."))
    if any(article.language != language for article in articles):
        raise ValidationError(_("Only stories of this edition can be on its front page."), code="other_edition")
    front_page, _created = FrontPage.objects.get_or_create(language=language)
    front_page.picks.all().delete()
    FrontPagePick.objects.bulk_create(
        FrontPagePick(front_page=front_page, article_id=pk, position=position) for position, pk in enumerate(ids, start=1)
    )
    front_page.save(update_fields=["updated_at"])
    page_cache.purge(page_cache.edition_key(language))
    return front_page
