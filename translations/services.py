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

import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import page_cache
from articles import services as article_services
from articles.editions import is_edition, language_name
from articles.models import Article

from .models import TranslationEvent, TranslationSource

#: Who acts: any user model instance; ``None`` means the system (e.g. the demo content).
User = AbstractBaseUser


def _reload(*articles: Article) -> list[Article]:
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


def _record(action: str, *, article: Article, counterpart: Article | None = None, by: User | None) -> TranslationEvent:
    return TranslationEvent.objects.create(
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


def _start_tracking(*, translation: Article, source: Article, by: User | None) -> TranslationSource:
    """Record that *translation* follows *source* and is in step with it as of now."""
    record = TranslationSource(translation=translation, source=source, marked_at=timezone.now(), marked_by=by)
    record.take_snapshot()
    TranslationSource.objects.filter(translation=translation).delete()
    record.save()
    return record


# Linking ------------------------------------------------------------------


def check_link(*, article: Article, counterpart: Article) -> None:
    """Raise ``ValidationError`` unless *counterpart* may join *article*'s story."""
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
    if Article.objects.versions_of(counterpart).exists():
        raise ValidationError(
            _("“%(title)s” is already linked to another story. Unlink it from that story first."),
            code="other_story",
            params={"title": counterpart.title},
        )
    if error := _language_taken(article, counterpart.language):
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
    _start_tracking(translation=translation, source=source, by=by)
    _record(TranslationEvent.Action.LINKED, article=counterpart, counterpart=article, by=by)
    return counterpart


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
    _start_tracking(translation=translation, source=source, by=by)
    _record(TranslationEvent.Action.CREATED, article=translation, counterpart=source, by=by)
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
    record.marked_at = timezone.now()
    record.marked_by = by
    record.save()
    _record(TranslationEvent.Action.MARKED, article=translation, counterpart=record.source, by=by)
    return record


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
