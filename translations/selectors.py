"""Reads about a story's versions, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, Now

from articles.editions import LANGUAGE_CODES, edition_order, language_name
from articles.models import Article

from .models import TranslationEvent, TranslationQueueEntry, TranslationSource, TranslationState

#: Attribute on an article that caches its published versions for one request.
PUBLISHED_VERSIONS_CACHE = "_published_versions_cache"


# Readers ------------------------------------------------------------------


def published_versions(article: Article) -> list[Article]:
    """The *other* versions of *article*'s story that readers may see, in the languages' order.

    One query the first time; cached on the article so every template tag of
    the page shares it. Drafts and scheduled versions are never in it. Each
    version says, in the same query, whether it was translated from *article*
    (``translated_from_this``) or *article* from it (``source_of_this``), for
    the page's structured data (workTranslation / translationOfWork).
    """
    cached = getattr(article, PUBLISHED_VERSIONS_CACHE, None)
    if cached is None:
        versions = (
            Article.objects.published()
            .versions_of(article)
            .only("pk", "language", "title", "slug")
            .annotate(
                translated_from_this=Exists(
                    TranslationSource.objects.filter(translation=OuterRef("pk"), source=article.pk)
                ),
                source_of_this=Exists(TranslationSource.objects.filter(translation=article.pk, source=OuterRef("pk"))),
            )
        )
        cached = sorted(versions, key=lambda version: edition_order(version.language))
        setattr(article, PUBLISHED_VERSIONS_CACHE, cached)
    return cached


def remember_versions(article: Article, versions: list[Article]) -> None:
    """Give *article* its published versions read elsewhere (the page's fragment cache), so no tag reads them again."""
    setattr(article, PUBLISHED_VERSIONS_CACHE, versions)


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
    """A version with no source record is an original; one with a record is in the state the record says."""
    return TranslationState.ORIGINAL if record is None else record.state


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


def translation_queue():
    """What translators have to do, the longest-waiting work last: an indexed read of the stored queue.

    A missing version waits from its source's publication, so one scheduled
    for later joins when it goes live (compared with the database clock). The
    stories' texts stay in the database: a row needs titles, not bodies.
    """
    waiting = ~Q(need=TranslationState.MISSING) | Q(queued_at__lte=Now())
    return (
        TranslationQueueEntry.objects.filter(waiting)
        .select_related("source__section", "translation", "assignee")
        .defer(*(f"{relation}__{field}" for relation in ("source", "translation") for field in ("summary", "body")))
        .order_by("-queued_at", "-pk")
    )
