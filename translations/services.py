"""Writes on a story's language versions: link, unlink, create, mark up to date, delete, copy curation.

Every rule about which articles may be versions of one story lives here; the
admin and the demo content call these functions and show their
``ValidationError`` messages as they are. The rules are checked against fresh
rows, locked until commit (in pk order, so two editors never deadlock): a second
editor acting on the same article waits, then checks what the first one wrote
and gets the same clear error as if they had acted a minute apart. The database
constraint ``one_version_per_language_per_story`` is the final guard for what
row locks cannot cover (two new rows in one story).
"""

import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Exists, F, Min, OuterRef, Q, Value, When
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles import bulk, page_cache
from articles import services as article_services
from articles.editions import LANGUAGE_CODES, is_edition, language_name
from articles.models import SEARCH_FIELDS, Article

from .models import (
    QUEUED_STATES,
    TRANSLATOR_MOVES,
    Stage,
    TranslationEvent,
    TranslationQueueEntry,
    TranslationSource,
    TranslationState,
)

#: Who acts: any user model instance; ``None`` means the system (e.g. the demo content).
User = AbstractBaseUser


def _reload(*articles: Article, light: bool = False) -> list[Article]:
    """The articles as the database holds them now, their rows locked until commit.

    Rules must not trust a stale form's copy, nor a row another editor is about
    to change: a concurrent link, unlink or create of the same article waits
    for this transaction and then sees its result. Locking every row in one
    statement, in pk order, keeps two editors from deadlocking; ``no_key``
    (FOR NO KEY UPDATE) still lets others insert rows that point at these
    articles (events, suggestions), so their foreign-key checks never wait on us.
    """
    ids = [article.pk for article in articles]
    rows = Article.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk")
    if light:  # rows only read by the rules and the snapshots, never saved: not their search columns
        rows = rows.defer(*SEARCH_FIELDS)
    fresh = {row.pk: row for row in rows}
    for article in articles:
        if article.pk not in fresh:
            raise ValidationError(
                _("“%(title)s” no longer exists: someone deleted it a moment ago."),
                code="deleted",
                params={"title": article.title},
            )
    return [fresh[article.pk] for article in articles]


def _version_in(story: Article, language: str) -> Article | None:
    return Article.objects.filter(translation_key=story.translation_key, language=language).first()


def _language_taken(story: Article, language: str) -> ValidationError | None:
    existing = _version_in(story, language)
    if existing is None:
        return None
    return _language_taken_by(existing, language)


def _language_taken_by(existing: Article, language: str) -> ValidationError:
    return ValidationError(
        _("This story already has a version in %(language)s: “%(title)s”."),
        code="language_taken",
        params={"language": language_name(language), "title": existing.title},
    )


STORY_CONSTRAINT = "one_version_per_language_per_story"
SLUG_CONSTRAINT = "unique_article_slug_per_language"


def _violates(error: IntegrityError, constraint_name: str) -> bool:
    """Whether *error* is a violation of the ``Article`` constraint *constraint_name*."""
    # PostgreSQL names the constraint; SQLite names the columns ("UNIQUE constraint failed: t.a, t.b").
    diagnostics = getattr(error.__cause__, "diag", None)
    if getattr(diagnostics, "constraint_name", None):
        return diagnostics.constraint_name == constraint_name
    constraint = next(c for c in Article._meta.constraints if c.name == constraint_name)
    table = Article._meta.db_table
    columns = ", ".join(f"{table}.{Article._meta.get_field(name).column}" for name in constraint.fields)
    return constraint_name in str(error) or str(error).endswith(columns)


@contextmanager
def _one_version_per_language(language: str):
    """Run a write in a savepoint; turn a lost race on the story constraint into a clear error.

    Any other integrity error is not about the story and propagates as it is.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if not _violates(error, STORY_CONSTRAINT):
            raise
        raise ValidationError(
            _(
                "This story already has a version in %(language)s: another editor added it a moment ago. "
                "Reload the page to see it."
            ),
            code="language_taken",
            params={"language": language_name(language)},
        ) from error


def _actor_name(by: User | None) -> str:
    if by is None:
        return ""
    return (getattr(by, "get_full_name", lambda: "")() or by.get_username())[:150]


def _record(
    action: str, *, article: Article, counterpart: Article | None = None, by: User | None, detail: str = ""
) -> TranslationEvent:
    return TranslationEvent.objects.create(
        detail=str(detail)[:255],
        action=action,
        article=article,
        article_title=article.title,
        article_language=article.language,
        counterpart=counterpart,
        counterpart_title=counterpart.title if counterpart else "",
        counterpart_language=counterpart.language if counterpart else "",
        actor=by,
        actor_name=_actor_name(by),
    )


def _start_tracking(*, translation: Article, source: Article, by: User | None, stage: str) -> TranslationSource:
    """Record that *translation* follows *source* as it reads now, at *stage*.

    Linking two written articles starts up to date (a person said one
    translates the other); a version created as a copy starts not started.
    """
    now = timezone.now()
    record = TranslationSource(
        translation=translation, source=source, stage=stage, stage_changed_at=now, marked_at=now, marked_by=by
    )
    record.take_snapshot()
    TranslationSource.objects.filter(translation=translation).delete()
    record.save()
    return record


# Linking ------------------------------------------------------------------


def check_link(*, article: Article, counterpart: Article, stories=None) -> None:
    """Raise ``ValidationError`` unless *counterpart* may join *article*'s story.

    *stories* (``{translation_key: {language: article}}``), when given, holds
    the versions of both stories as the caller read and locked them
    (``link_translations``); otherwise the database is asked.
    """
    if article.pk == counterpart.pk:
        raise ValidationError(_("An article cannot be linked to itself."), code="self")
    if article.translation_key == counterpart.translation_key:
        raise ValidationError(
            _("“%(title)s” is already a version of this story."), code="already_linked", params={"title": counterpart.title}
        )
    if article.language == counterpart.language:
        raise ValidationError(
            _("Both articles are in %(language)s. The versions of a story must be in different languages."),
            code="same_language",
            params={"language": language_name(article.language)},
        )
    if stories is None:
        elsewhere = Article.objects.versions_of(counterpart).exists()
    else:
        elsewhere = len(stories.get(counterpart.translation_key, {})) > 1
    if elsewhere:
        raise ValidationError(
            _("“%(title)s” is already linked to another story. Unlink it from that story first."),
            code="other_story",
            params={"title": counterpart.title},
        )
    if stories is None:
        error = _language_taken(article, counterpart.language)
    else:
        existing = stories.get(article.translation_key, {}).get(counterpart.language)
        error = _language_taken_by(existing, counterpart.language) if existing is not None else None
    if error:
        raise error


@transaction.atomic
def link_translation(
    *, article: Article, counterpart: Article, by: User | None, source: Article | None = None
) -> Article:
    """Make *counterpart* a version of *article*'s story and return it.

    *counterpart* takes the story's ``translation_key``, so the link shows from
    both sides at once. *source* says which of the two is the original (the
    other one is its translation, in step as of now); it defaults to *article*.
    """
    given = counterpart
    article, counterpart = _reload(article, counterpart)
    previous_story = counterpart.translation_key
    source = article if source is None or source.pk == article.pk else counterpart
    check_link(article=article, counterpart=counterpart)
    with _one_version_per_language(counterpart.language):
        Article.objects.filter(pk=counterpart.pk).update(translation_key=article.translation_key)
    # The caller's copy joins the story too, so it shows the link without a reload.
    given.translation_key = counterpart.translation_key = article.translation_key
    page_cache.purge_article(article)
    page_cache.purge_article(counterpart, previous_story=previous_story)
    translation = counterpart if source is article else article
    _start_tracking(translation=translation, source=source, by=by, stage=Stage.UP_TO_DATE)
    _record(TranslationEvent.Action.LINKED, article=counterpart, counterpart=article, by=by)
    sync_queue(story=article.translation_key)
    if previous_story != article.translation_key:
        sync_queue(story=previous_story)
    return counterpart


@transaction.atomic
def link_translations(*, pairs, by: User | None) -> list:
    """``link_translation`` for many ``(article, counterpart)`` pairs, in order, in a few statements; return the outcomes.

    For bulk work (an importer pairing an archive). Each pair is checked by
    ``check_link`` against the stories as the pairs before it left them,
    from rows read and locked once; the outcome is ``None`` for a pair
    linked, the ``ValidationError`` for one refused. The accepted pairs are
    then written together: story keys, tracking (the first of each pair is
    the source), the trail, page purges and the queue. If the database's
    constraint still refuses (a version added meanwhile by someone else),
    everything raises ``ValidationError`` and nothing is written.
    """
    fresh = {row.pk: row for row in _reload(*{article for pair in pairs for article in pair}, light=True)}
    stories = {}
    for key, language, pk in Article.objects.filter(translation_key__in={a.translation_key for a in fresh.values()}).values_list(
        "translation_key", "language", "pk"
    ):
        stories.setdefault(key, {})[language] = fresh.get(pk) or Article(pk=pk, language=language, translation_key=key)
    outcomes, linked = [], []
    for given_article, given_counterpart in pairs:
        article, counterpart = fresh[given_article.pk], fresh[given_counterpart.pk]
        try:
            check_link(article=article, counterpart=counterpart, stories=stories)
        except ValidationError as error:
            outcomes.append(error)
            continue
        previous = counterpart.translation_key
        stories[previous].pop(counterpart.language, None)
        counterpart.translation_key = given_counterpart.translation_key = article.translation_key
        stories[article.translation_key][counterpart.language] = counterpart
        linked.append((article, counterpart, previous))
        outcomes.append(None)
    _write_links(linked, by)
    return outcomes


def _move_to_stories(moves):
    """Give each article of *moves* (``{pk: translation key}``) its new story key, in one UPDATE.

    On PostgreSQL the pairs travel as two arrays joined to the table: a
    ``CASE`` with a branch per article (elsewhere) costs more to compile
    and to plan than the write itself once there are hundreds.
    """
    if connection.vendor != "postgresql":
        cases = Case(*(When(pk=pk, then=Value(key)) for pk, key in moves.items()))
        Article.objects.filter(pk__in=list(moves)).update(translation_key=cases)
        return
    quote = connection.ops.quote_name
    table = quote(Article._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET translation_key = moved.key FROM unnest(%s::bigint[], %s::uuid[]) AS moved (id, key) "
            f"WHERE {table}.id = moved.id",
            [list(moves), list(moves.values())],
        )


def _write_links(linked, by):
    """The writes of ``link_translation`` for each accepted ``(article, counterpart, previous story)``, gathered."""
    if not linked:
        return
    with _one_version_per_language(linked[0][1].language):
        _move_to_stories({counterpart.pk: article.translation_key for article, counterpart, _previous in linked})
    keys = set()
    for article, counterpart, previous in linked:
        keys |= {page_cache.article_key(article.pk), page_cache.article_key(counterpart.pk), page_cache.story_key(previous),
                 page_cache.story_key(article.translation_key), page_cache.edition_key(article.language),
                 page_cache.edition_key(counterpart.language)}  # fmt: skip
    page_cache.purge(*keys)
    now = timezone.now()
    records = []
    for article, counterpart, _previous in linked:
        record = TranslationSource(translation=counterpart, source=article, stage=Stage.UP_TO_DATE, stage_changed_at=now,
                                   marked_at=now, marked_by=by)  # fmt: skip
        record.take_snapshot()
        records.append(record)
    TranslationSource.objects.filter(translation__in=[counterpart.pk for _article, counterpart, _previous in linked]).delete()
    bulk.insert(TranslationSource, records)  # by COPY: each record holds a copy of its source's text
    bulk.insert(TranslationEvent, [
        TranslationEvent(detail="", action=TranslationEvent.Action.LINKED, article=counterpart, article_title=counterpart.title,
                         article_language=counterpart.language, counterpart=article, counterpart_title=article.title,
                         counterpart_language=article.language, actor=by, actor_name=_actor_name(by))
        for article, counterpart, _previous in linked
    ])  # fmt: skip
    sync_queues(stories={story for article, _counterpart, previous in linked for story in (article.translation_key, previous)})


@transaction.atomic
def unlink_translation(*, article: Article, by: User | None) -> Article:
    """Take *article* out of its story; it and the other versions are otherwise untouched."""
    given, (article,) = article, _reload(article)
    others = list(Article.objects.versions_of(article))
    if not others:
        raise ValidationError(
            _("“%(title)s” is not linked to any other version."), code="not_linked", params={"title": article.title}
        )
    TranslationSource.objects.filter(Q(translation=article) | Q(source=article)).delete()
    previous_story = article.translation_key
    # A fresh key is a story of its own; nothing else about the article changes.
    given.translation_key = article.translation_key = uuid.uuid4()
    Article.objects.filter(pk=article.pk).update(translation_key=article.translation_key)
    page_cache.purge_article(article, previous_story=previous_story)
    for other in others:
        _record(TranslationEvent.Action.UNLINKED, article=article, counterpart=other, by=by)
    sync_queue(story=previous_story)
    sync_queue(story=article.translation_key)
    return article


# Creating a version -------------------------------------------------------


def _unique_slug(base: str, language: str) -> str:
    """*base*, or *base*-2, -3 ... : the first slug not used in *language* (one query)."""
    base = base[:240]
    taken = set(Article.objects.filter(language=language, slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def check_create(*, source: Article, language: str) -> None:
    """Raise ``ValidationError`` unless *source*'s story may get a new version in *language*."""
    if not is_edition(language):
        raise ValidationError(_("“%(language)s” is not one of the site's editions."), code="bad_language", params={"language": language})
    if language == source.language:
        raise ValidationError(
            _("“%(title)s” is already in %(language)s."),
            code="same_language",
            params={"title": source.title, "language": language_name(language)},
        )
    if error := _language_taken(source, language):
        raise error


#: Article fields a new version does NOT take from its source: who and what it is, not what it says.
#: Every other field (text, section, picture and its caption and credit, appeal opt-out, tags,
#: authors, and any field added later) is copied, so a new field cannot be silently left behind.
NOT_COPIED_TO_A_NEW_VERSION = frozenset(
    {
        "id",
        "language",
        "slug",
        "status",
        "published_at",
        "translation_key",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
        # Derived from the version's own data when it is saved or refreshed.
        "text_fingerprint",
        "suggestions_refreshed_at",
    }
)


def _copied_fields():
    """The source fields a new version copies (concrete and many-to-many), by name."""
    fields = [*Article._meta.concrete_fields, *Article._meta.many_to_many]
    return [model_field for model_field in fields if model_field.name not in NOT_COPIED_TO_A_NEW_VERSION]


def _draft_from(source: Article, language: str, by: User | None) -> Article:
    """An unsaved draft in *language* carrying what the versions share and the source text.

    The image is the same stored file, not a copy: the versions share one picture.
    """
    copied = {}
    for model_field in _copied_fields():
        if not model_field.many_to_many:
            value = getattr(source, model_field.attname)
            # A file is shared by name (assigning the source's FieldFile would re-point it at the draft);
            # given to the constructor with its stored dimensions, it is not opened to measure it again.
            copied[model_field.attname] = value.name if isinstance(value, FieldFile) else value
    return Article(
        **copied,
        language=language,
        translation_key=source.translation_key,
        slug=_unique_slug(source.slug, language),
        status=Article.Status.DRAFT,
        created_by=by,
        updated_by=by,
    )


def _copy_relations(source: Article, translation: Article) -> None:
    """Give the saved *translation* its source's many-to-many values (authors, tags, ...)."""
    for model_field in _copied_fields():
        if model_field.many_to_many:
            getattr(translation, model_field.name).set(getattr(source, model_field.name).all())


#: How often a new version's slug is recomputed when other saves keep taking it first.
SLUG_ATTEMPTS = 5


def _save_new_version(translation: Article) -> None:
    """Insert *translation*; if another save took its slug meanwhile, take the next free one."""
    base = translation.slug
    for _attempt in range(SLUG_ATTEMPTS):
        try:
            with _one_version_per_language(translation.language):
                translation.save(force_insert=True)
            return
        except IntegrityError as error:
            if not _violates(error, SLUG_CONSTRAINT):
                raise
            # The failed insert waited for the other save to commit, so its slug is visible now.
            translation.pk = None
            translation.slug = _unique_slug(base, translation.language)
    raise ValidationError(
        _("Other articles took the web address “%(slug)s” while this version was being created. Please try again."),
        code="slug_taken",
        params={"slug": base},
    )


@transaction.atomic
def create_translation(*, source: Article, language: str, by: User | None) -> Article:
    """Create and return a draft version of *source*'s story in *language*, already linked.

    It starts as a copy of the source (text, section, tags, authors, image,
    caption and credit) for the translator to work over, and is in step with
    the source as of now.
    """
    (source,) = _reload(source)
    check_create(source=source, language=language)
    translation = _draft_from(source, language, by)
    _save_new_version(translation)
    _copy_relations(source, translation)
    _start_tracking(translation=translation, source=source, by=by, stage=Stage.NOT_STARTED)
    _record(TranslationEvent.Action.CREATED, article=translation, counterpart=source, by=by)
    sync_queue(story=translation.translation_key)
    return translation


# Keeping in step ----------------------------------------------------------


@transaction.atomic
def mark_up_to_date(*, translation: Article, by: User | None) -> TranslationSource:
    """Record that *translation* now says what its source says (after a translator's revision)."""
    record = TranslationSource.objects.select_related("source").filter(translation=translation).first()
    if record is None:
        raise ValidationError(
            _("“%(title)s” is not a translation of another version, so there is nothing to bring up to date."),
            code="not_a_translation",
            params={"title": translation.title},
        )
    record.take_snapshot()
    record.stage = Stage.UP_TO_DATE
    record.marked_at = record.stage_changed_at = timezone.now()
    record.marked_by = by
    record.save()
    _record(TranslationEvent.Action.MARKED, article=translation, counterpart=record.source, by=by)
    sync_queue(story=translation.translation_key)
    return record


def _tracking_record(translation: Article) -> TranslationSource:
    """The source record of *translation*, locked until commit, or a clear error if it translates nothing."""
    record = (
        TranslationSource.objects.select_for_update(of=("self",), no_key=True)
        .select_related("source", "translation")
        .filter(translation=translation)
        .first()
    )
    if record is None:
        raise ValidationError(
            _("“%(title)s” is not a translation of another version, so it has no translation stage."),
            code="not_a_translation",
            params={"title": translation.title},
        )
    return record


def _set_stage(record: TranslationSource, stage: str, by: User | None) -> None:
    record.stage = stage
    record.stage_changed_at = timezone.now()
    record.save(update_fields=["stage", "stage_changed_at"])
    _record(
        TranslationEvent.Action.STAGE,
        article=record.translation,
        counterpart=record.source,
        by=by,
        detail=Stage(stage).label,
    )


@transaction.atomic
def move_to_stage(*, translation: Article, stage: str, by: User | None) -> TranslationSource:
    """Move *translation* to the translators' *stage* (in translation, ready for review), as ``TRANSLATOR_MOVES`` allows.

    Marking up to date is not a move: it is a reviewer's ``mark_up_to_date``.
    """
    record = _tracking_record(translation)
    allowed = TRANSLATOR_MOVES.get(record.state, ())
    if stage not in allowed:
        raise ValidationError(
            _("A version that is “%(state)s” cannot be moved to “%(stage)s”."),
            code="bad_move",
            params={"state": TranslationState(record.state).label, "stage": Stage(stage).label if stage in Stage.values else stage},
        )
    _set_stage(record, stage, by)
    sync_queue(story=translation.translation_key)
    return record


@transaction.atomic
def save_translation_work(
    *, translation: Article, title: str, summary: str, body: str, by: User | None,
    seen_version: int | None = None, ready: bool = False, image_alt: str | None = None,
) -> TranslationSource:
    """Save a translator's words through the articles' write path; the version is in translation (or ready for review).

    Saving from the translator's page is translating: a fresh copy, an
    outdated or an up-to-date version moves to in translation, and *ready*
    moves it on to ready for review. *seen_version* (the ``edit_version`` the
    page was read at) refuses to overwrite a save made since, with the articles'
    ``EditConflict``, and writes nothing. *image_alt*, when given, is the
    translated description of the shared picture.
    """
    (fresh,) = _reload(translation)
    record = _tracking_record(fresh)
    fresh.title, fresh.summary, fresh.body = title, summary, body
    if image_alt is not None:
        fresh.image_alt = image_alt
    article_services.save_article(article=fresh, by=by, seen_version=seen_version)
    record.refresh_from_db()
    if record.stage != Stage.IN_TRANSLATION and (ready is False or record.stage != Stage.READY_FOR_REVIEW):
        _set_stage(record, Stage.IN_TRANSLATION, by)
    if ready:
        _set_stage(record, Stage.READY_FOR_REVIEW, by)
    sync_queue(story=fresh.translation_key)
    translation.updated_at, translation.edit_version = fresh.updated_at, fresh.edit_version
    return record


def note_translation_edited(*, translation: Article, by: User | None) -> None:
    """A saved version that was a fresh, untouched copy and now reads differently is in translation."""
    record = TranslationSource.objects.select_related("source", "translation").filter(translation=translation).first()
    if record is not None and record.stage == Stage.NOT_STARTED and not record.is_untouched:
        _set_stage(record, Stage.IN_TRANSLATION, by)


# The queue ------------------------------------------------------------------


def _lock_story(story) -> None:
    """Serialise queue syncs of one story until commit, so two saves never compute it from different views.

    Taken after any article row locks (never before), so it cannot deadlock
    with them. SQLite serialises every write transaction already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"translation-queue:{story}"])


def _missing_source(published: list[Article]) -> Article:
    """Which live version a missing language is translated from: an original, else the first published."""
    originals = [version for version in published if getattr(version, "translation_source", None) is None]
    return (originals or published)[0]


def wanted_queue_entries(versions: list[Article]) -> dict[str, dict]:
    """What the queue should hold for a story whose versions are *versions*: need, source and translation per language.

    The one place that turns translation states into queue work. Each version
    must carry its ``translation_source`` (with its source) when it has one.
    """
    by_language = {version.language: version for version in versions}
    published = sorted(
        (version for version in versions if version.status == Article.Status.PUBLISHED and version.published_at),
        key=lambda version: (version.published_at, version.pk),
    )
    wanted = {}
    for code in LANGUAGE_CODES:
        version = by_language.get(code)
        if version is None:
            if published:
                wanted[code] = {"need": TranslationState.MISSING, "source": _missing_source(published), "translation": None}
            continue
        record = getattr(version, "translation_source", None)
        if record is not None and record.state in QUEUED_STATES:
            wanted[code] = {"need": record.state, "source": record.source, "translation": version}
    return wanted


def _queued_since(need: str, entry: dict, versions: list[Article]):
    """When work of kind *need* began waiting: publication for a missing version, the source's change, the stage's start."""
    if need == TranslationState.MISSING:
        return min(version.published_at for version in versions if version.status == Article.Status.PUBLISHED and version.published_at)
    record = entry["translation"].translation_source
    if need == TranslationState.OUTDATED:
        return record.source.updated_at
    return record.stage_changed_at or record.marked_at


_gathering = threading.local()


@contextmanager
def queue_syncs_gathered():
    """Within it, ``sync_queue`` only notes its story; as it ends, every story noted is synced at once (``sync_queues``).

    For bulk work done through the ordinary services (an importer pairing
    thousands of posts with ``link_translation``): the queue ends as the
    per-call syncs would leave it, in a few statements. Use it inside a
    transaction, so the queue commits with the work.
    """
    outer = getattr(_gathering, "stories", None)
    if outer is not None:  # already gathering: the outermost block syncs
        yield
        return
    _gathering.stories = stories = set()
    try:
        yield
    finally:
        _gathering.stories = None
    sync_queues(stories=stories)


def sync_queue(*, story) -> None:
    """Make the queue entries of *story* say what its versions need now; people's assignments are kept."""
    gathered = getattr(_gathering, "stories", None)
    if gathered is not None:
        gathered.add(story)
        return
    _lock_story(story)
    versions = list(
        Article.objects.filter(translation_key=story).select_related("translation_source__source").defer("body")
    )
    wanted = wanted_queue_entries(versions)
    existing = {entry.language: entry for entry in TranslationQueueEntry.objects.filter(story=story)}
    stale = [entry.pk for language, entry in existing.items() if language not in wanted]
    if stale:
        TranslationQueueEntry.objects.filter(pk__in=stale).delete()
    for language, entry in wanted.items():
        current = existing.get(language)
        if current is not None and current.need == entry["need"] and current.source_id == entry["source"].pk and current.translation_id == (entry["translation"].pk if entry["translation"] else None):
            continue
        queued_at = current.queued_at if current is not None and current.need == entry["need"] else _queued_since(entry["need"], entry, versions)
        TranslationQueueEntry.objects.update_or_create(
            story=story, language=language, defaults={**entry, "queued_at": queued_at}
        )


def _lock_stories(stories) -> None:
    """``_lock_story`` for many stories in one statement, in a fixed order (two bulk syncs never deadlock)."""
    if connection.vendor == "postgresql" and stories:
        keys = sorted(f"translation-queue:{story}" for story in stories)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(%s::text[]) AS k", [keys])


#: What deciding a story's queue reads of its versions (``wanted_queue_entries``, ``_queued_since``): a bulk
#: sync reads thousands of versions, and their texts and search columns would be most of the bytes.
QUEUE_READS = (
    "pk", "language", "status", "published_at", "translation_key",
    "translation_source__id", "translation_source__translation_id", "translation_source__source_id",
    "translation_source__stage", "translation_source__source_fingerprint", "translation_source__stage_changed_at",
    "translation_source__marked_at", "translation_source__source__id", "translation_source__source__text_fingerprint",
    "translation_source__source__updated_at",
)


def sync_queues(*, stories) -> None:
    """``sync_queue`` for many stories at once, in a few statements (after a bulk write); assignments are kept.

    Each story ends with exactly the entries ``sync_queue`` would give it:
    the same ``wanted_queue_entries`` decides, from the versions read in one
    query; only the writes are gathered.
    """
    stories = set(stories)
    if not stories:
        return
    _lock_stories(stories)
    versions = _versions_of(stories)
    existing = {}
    for entry in TranslationQueueEntry.objects.filter(story__in=stories):
        existing.setdefault(entry.story, {})[entry.language] = entry
    stale, created = [], []
    for story in stories:
        wanted = wanted_queue_entries(versions.get(story, []))
        stale += [entry.pk for language, entry in existing.get(story, {}).items() if language not in wanted]
        for language, entry in wanted.items():
            current = existing.get(story, {}).get(language)
            if current is None:
                queued_at = _queued_since(entry["need"], entry, versions[story])
                translation = entry["translation"].pk if entry["translation"] else None
                created.append([story, language, entry["need"], entry["source"].pk, translation, queued_at])
            elif not (current.need == entry["need"] and current.source_id == entry["source"].pk
                      and current.translation_id == (entry["translation"].pk if entry["translation"] else None)):
                sync_queue(story=story)  # rare: an entry that changes kind keeps its assignment, as sync_queue does
    if stale:
        TranslationQueueEntry.objects.filter(pk__in=stale).delete()
    # Rows of ids and values (COPY on PostgreSQL): a bulk import queues a missing version per new story.
    bulk.copy_rows(TranslationQueueEntry, ("story", "language", "need", "source_id", "translation_id", "queued_at"), created)


@dataclass(slots=True)
class _Source:
    """What the queue reads of a tracked version's source."""

    pk: int
    text_fingerprint: str
    updated_at: object


@dataclass(slots=True)
class _Tracking:
    """What the queue reads of a version's ``TranslationSource``, with the model's own ``state``."""

    stage: str
    source_fingerprint: str
    stage_changed_at: object
    marked_at: object
    source: _Source
    is_outdated = TranslationSource.is_outdated
    state = TranslationSource.state


@dataclass(slots=True)
class _Version:
    """What ``wanted_queue_entries`` and ``_queued_since`` read of a version (``QUEUE_READS``), as a plain row."""

    pk: int
    language: str
    status: str
    published_at: object
    translation_key: object
    translation_source: _Tracking | None = None


def _versions_of(stories):
    """``{story: [version]}`` of *stories*, with their translation records, in one query of rows, not model instances.

    A bulk sync reads thousands of versions (an importer's batch): building
    an article and a record for each cost more than deciding their queue.
    """
    versions = {}
    for (pk, language, status, published_at, story, record, _translation, _source, stage, fingerprint, stage_changed_at,
         marked_at, source, source_fingerprint, source_updated_at) in Article.objects.filter(translation_key__in=stories).values_list(*QUEUE_READS):  # fmt: skip
        tracking = None
        if record is not None:
            tracking = _Tracking(stage, fingerprint, stage_changed_at, marked_at, _Source(source, source_fingerprint, source_updated_at))
        versions.setdefault(story, []).append(_Version(pk, language, status, published_at, story, tracking))
    return versions


def on_articles_saved_in_bulk(sender, *, articles, by=None, previous=None, **kwargs) -> None:
    """``on_article_saved`` for a bulk save, set-wise: touched fresh copies are in translation, the queues follow.

    Only changed articles (those in *previous*) can be a touched copy: new
    ones are no translation's fresh copy yet. A source whose text changed
    needs nothing of its own here: its translations read as outdated by
    comparing fingerprints, and ``sync_queues`` queues them.
    """
    changed = [article for article in articles if article.pk in (previous or {})]
    if changed:
        note_translations_edited(translations=changed, by=by)
    sync_queues(stories={article.translation_key for article in articles})


def note_translations_edited(*, translations, by: User | None) -> None:
    """``note_translation_edited`` for many saved versions: their records read in one query."""
    records = TranslationSource.objects.select_related("source", "translation").filter(
        translation__in=[article.pk for article in translations], stage=Stage.NOT_STARTED
    )
    for record in records:
        if not record.is_untouched:
            _set_stage(record, Stage.IN_TRANSLATION, by)


def _entries_behind():
    """Queue entries for every tracked version that is not up to date, or whose source moved on."""
    behind = TranslationSource.objects.exclude(stage=Stage.UP_TO_DATE, source_fingerprint=F("source__text_fingerprint"))
    rows = behind.select_related("source", "translation").only(
        "stage", "stage_changed_at", "marked_at", "source__updated_at", "translation__translation_key", "translation__language"
    )
    for record in rows.iterator(chunk_size=REBUILD_BATCH):
        need = TranslationState.OUTDATED if record.stage == Stage.UP_TO_DATE else record.stage
        yield TranslationQueueEntry(
            story=record.translation.translation_key,
            language=record.translation.language,
            need=need,
            source_id=record.source_id,
            translation_id=record.translation_id,
            queued_at=record.source.updated_at if need == TranslationState.OUTDATED else record.stage_changed_at or record.marked_at,
        )


def _entries_missing():
    """Queue entries for every story with a published version and none in some language."""
    for code in LANGUAGE_CODES:
        lacking = (
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__isnull=False)
            .exclude(Exists(Article.objects.filter(translation_key=OuterRef("translation_key"), language=code)))
            .values("translation_key")
            .annotate(source_id=Min("pk"), queued_at=Min("published_at"))
        )
        for row in lacking.iterator(chunk_size=REBUILD_BATCH):
            yield TranslationQueueEntry(
                story=row["translation_key"], language=code, need=TranslationState.MISSING,
                source_id=row["source_id"], queued_at=row["queued_at"],
            )  # fmt: skip


REBUILD_BATCH = 2000


@transaction.atomic
def rebuild_queue() -> int:
    """Build the whole queue anew from the versions, set-wise (after a bulk load); return how many entries.

    Assignments are lost: this is for a queue nobody works from yet (a new
    archive), or one that must be repaired. ``sync_queue`` keeps it in step after.
    """
    TranslationQueueEntry.objects.all().delete()
    count = 0
    for entries in (_entries_behind(), _entries_missing()):
        batch = []
        for entry in entries:
            batch.append(entry)
            if len(batch) == REBUILD_BATCH:
                count += len(TranslationQueueEntry.objects.bulk_create(batch))
                batch = []
        count += len(TranslationQueueEntry.objects.bulk_create(batch))
    return count


@transaction.atomic
def assign(*, entry: TranslationQueueEntry, assignee: User | None, due_date=None, by: User | None) -> TranslationQueueEntry:
    """Give the queue *entry* to the staff user *assignee* (or to nobody), due on *due_date*; the trail records it."""
    if assignee is not None and not (assignee.is_active and assignee.is_staff):
        raise ValidationError(_("Work can only be assigned to an active staff user."), code="not_staff")
    entry = (
        TranslationQueueEntry.objects.select_for_update(of=("self",))
        .select_related("source", "translation")
        .filter(pk=entry.pk)
        .first()
    )
    if entry is None:
        raise ValidationError(_("This work is no longer in the queue: someone finished or removed it a moment ago."), code="gone")
    entry.assignee, entry.due_date = assignee, due_date
    entry.save(update_fields=["assignee", "due_date"])
    if assignee is None:
        detail = gettext("Unassigned")
    elif due_date:
        detail = gettext("Assigned to %(name)s, due %(date)s") % {"name": _actor_name(assignee), "date": date_format(due_date)}
    else:
        detail = gettext("Assigned to %(name)s") % {"name": _actor_name(assignee)}
    _record(
        TranslationEvent.Action.ASSIGNED,
        article=entry.translation or entry.source,
        counterpart=entry.source if entry.translation else None,
        by=by,
        detail=detail,
    )
    return entry


def on_article_saved(sender, *, article: Article, by: User | None, **kwargs) -> None:
    """After any save through the write path: a touched fresh copy is in translation, and the story's queue follows."""
    note_translation_edited(translation=article, by=by)
    sync_queue(story=article.translation_key)


def on_articles_deleted(sender, *, stories, **kwargs) -> None:
    """The stories that lost a version may now miss a language (or need nothing at all)."""
    for story in sorted(stories, key=str):
        sync_queue(story=story)


def record_deletion(*, article: Article, by: User | None) -> None:
    """Note on each other version of *article*'s story that *article* is about to be deleted.

    Deletion itself needs nothing from this app: the other versions keep their
    key and are simply alone in it, so they are unlinked and never deleted.
    """
    for other in Article.objects.versions_of(article):
        _record(TranslationEvent.Action.DELETED, article=article, counterpart=other, by=by)


@transaction.atomic
def delete_versions(*, articles, by: User | None) -> None:
    """Delete versions of stories; the other versions stay, no longer linked to them, and the trail says so."""
    articles = list(articles)
    for article in articles:
        record_deletion(article=article, by=by)
    article_services.delete_articles(articles=articles, by=by)


def check_language_change(*, article: Article, language: str) -> None:
    """Raise ``ValidationError`` if *article* may not move to *language* (its story has that language)."""
    if not article.pk or language == article.language:
        return
    taken = Article.objects.versions_of(article).filter(language=language).first()
    if taken:
        raise ValidationError(
            _(
                "This story already has a version in %(language)s: “%(title)s”. "
                "Unlink one of them first, or keep this article's language."
            ),
            code="language_taken",
            params={"language": language_name(language), "title": taken.title},
        )


# Related articles across versions -----------------------------------------


@dataclass
class CopyReport:
    """What ``copy_related_from_version`` did, for the editor's message."""

    source: Article
    pinned: list = field(default_factory=list)
    already_pinned: list = field(default_factory=list)
    #: The source's related articles that have no version in this article's language.
    skipped: list = field(default_factory=list)


@transaction.atomic
def copy_related_from_version(*, article: Article, source: Article) -> CopyReport:
    """Pin under *article*, in order, the versions in its language of *source*'s pins.

    *source* must be another language version of the same story. Targets
    without a version in this language are reported as skipped; those
    already pinned are left where they are. New pins go after existing ones,
    through the articles app's one write path for pins.
    """
    if source.pk == article.pk or source.translation_key != article.translation_key:
        raise ValidationError(_("Related articles can only be copied from another version of the same story."))
    report = CopyReport(source=source)
    source_pins = list(source.related_pins.select_related("target").order_by("position", "pk"))
    versions = {
        version.translation_key: version
        for version in Article.objects.filter(
            translation_key__in={pin.target.translation_key for pin in source_pins}, language=article.language
        )
    }
    current = [pin.target for pin in article.related_pins.select_related("target").order_by("position", "pk")]
    taken = {target.pk for target in current} | {article.pk}
    for pin in source_pins:
        version = versions.get(pin.target.translation_key)
        if version is None:
            report.skipped.append(pin.target)
        elif version.pk in taken:
            report.already_pinned.append(version)
        else:
            report.pinned.append(version)
            taken.add(version.pk)
    article_services.set_related_pins(article=article, targets=[*current, *report.pinned])
    return report
