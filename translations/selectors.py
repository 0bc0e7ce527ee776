"""Reads about a story's versions, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, Exists, ExpressionWrapper, F, OuterRef, Q, When
from django.db.models.functions import Coalesce

from articles.editions import LANGUAGE_CODES, edition_order, language_name
from articles.models import Article, Visibility, visible_as

from .models import TranslationEvent, TranslationSource, TranslationState

#: Attribute on an article that caches its published versions for one request.
PUBLISHED_VERSIONS_CACHE = "_published_versions_cache"


# Readers ------------------------------------------------------------------


def published_versions(article: Article) -> list[Article]:
    """The *other* versions of *article*'s story that readers may see, in the languages' order.

    One query the first time; cached on the article so every template tag of
    the page shares it. Drafts and scheduled versions are never in it.
    """
    cached = getattr(article, PUBLISHED_VERSIONS_CACHE, None)
    if cached is None:
        versions = Article.objects.published().versions_of(article).only("pk", "language", "title", "slug")
        cached = sorted(versions, key=lambda version: edition_order(version.language))
        setattr(article, PUBLISHED_VERSIONS_CACHE, cached)
    return cached


# Editors: one story -------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    """One language of a story as the admin panel shows it (``article`` is None when missing)."""

    language: str
    state: str
    article: Article | None = None
    record: TranslationSource | None = None

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def state_label(self):
        return TranslationState(self.state).label


def _state_of(record: TranslationSource | None) -> str:
    """A version with no source record is an original; one with a record follows its source."""
    if record is None:
        return TranslationState.ORIGINAL
    return TranslationState.OUTDATED if record.is_outdated else TranslationState.UP_TO_DATE


def story_versions(article: Article) -> list[VersionRow]:
    """Every language of *article*'s story, with its version (if any) and translation state (one query)."""
    versions = {
        version.language: version
        for version in Article.objects.filter(translation_key=article.translation_key).select_related(
            "translation_source__source", "translation_source__marked_by"
        )
    }
    rows = []
    for code in LANGUAGE_CODES:
        version = versions.get(code)
        if version is None:
            rows.append(VersionRow(language=code, state=TranslationState.MISSING))
            continue
        record = getattr(version, "translation_source", None)
        rows.append(VersionRow(language=code, state=_state_of(record), article=version, record=record))
    return rows


def link_candidates(article: Article, term: str = ""):
    """Articles that may be linked to *article*'s story: in a language it lacks, and in no other story."""
    story_languages = Article.objects.filter(translation_key=article.translation_key).values("language")
    others_in_story = Article.objects.filter(translation_key=OuterRef("translation_key")).exclude(pk=OuterRef("pk"))
    candidates = (
        Article.objects.exclude(language__in=story_languages)
        .exclude(Exists(others_in_story))
        .select_related("section")
        .order_by(Coalesce("published_at", "created_at").desc(), "-pk")
    )
    if term:
        candidates = candidates.filter(Q(title__icontains=term) | Q(slug__icontains=term))
    return candidates


def events_for(article: Article, limit: int = 50) -> list[TranslationEvent]:
    """The audit trail that concerns *article*, newest first."""
    return list(
        TranslationEvent.objects.filter(Q(article=article) | Q(counterpart=article))
        .select_related("actor", "article", "counterpart")
        .order_by("-created_at", "-pk")[:limit]
    )


# Editors: the queue -------------------------------------------------------


def _has_version_in(code: str) -> Exists:
    return Exists(Article.objects.filter(translation_key=OuterRef("translation_key"), language=code))


def lacks_a_language() -> Q:
    """On a queryset with ``has_<code>`` flags: the story has no version in at least one language."""
    return Q(*[Q(**{f"has_{code}": False}) for code in LANGUAGE_CODES], _connector=Q.OR)


#: What a row of the queue shows; the stories' texts stay in the database.
QUEUE_FIELDS = ("language", "title", "section", "status", "published_at", "created_at", "translation_key")


def translation_queue(queryset=None):
    """What translators have to do, newest first.

    A row is either a live article whose story lacks a version in some
    language (``missing_languages``), or a version whose source changed since
    it was last marked up to date (``is_outdated``: the fingerprints of the
    source now and when last in step, compared through the join to its
    source, never texts). Each row carries one ``has_<code>`` flag per
    language, so the page needs no query per row, and only the columns the
    page shows.
    """
    queryset = Article.objects.all() if queryset is None else queryset
    flags = {f"has_{code}": _has_version_in(code) for code in LANGUAGE_CODES}
    source_changed = Q(translation_source__isnull=False) & ~Q(
        translation_source__source_fingerprint=F("translation_source__source__text_fingerprint")
    )
    return (
        queryset.annotate(**flags, is_outdated=ExpressionWrapper(source_changed, output_field=BooleanField()))
        .filter(source_changed | (visible_as(Visibility.LIVE) & lacks_a_language()))
        .annotate(
            # An outdated version waits since its source changed; a missing one since publication.
            queued_at=Coalesce(
                Case(When(source_changed, then=F("translation_source__source__updated_at"))),
                "published_at",
                "created_at",
            )
        )
        .select_related("section")
        .only(*QUEUE_FIELDS)
        .order_by("-queued_at", "-pk")
    )


def missing_languages(row: Article) -> list[str]:
    """The languages a queue row's story has no version in (from its ``has_<code>`` flags)."""
    return [code for code in LANGUAGE_CODES if not getattr(row, f"has_{code}", True)]
