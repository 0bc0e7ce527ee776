"""Reads for reader pages, each joining what its page shows in a fixed number of queries."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Now
from django.shortcuts import get_object_or_404
from django.utils import translation

from .models import LANGUAGE_CODES, Article, Author, RelatedArticle, RelatedExclusion, RelatedSuggestion, Section, Tag


def edition_articles(language):
    """Published articles of one edition, newest first, ready for a list of teasers."""
    return Article.objects.published().in_language(language).for_listing()


def article_for_reader(*, language, slug):
    """The published article a reader asked for, or 404 (drafts and scheduled ones included)."""
    queryset = (
        Article.objects.published()
        .in_language(language)
        .select_related("section")
        .prefetch_related("authors", "tags")
    )
    return get_object_or_404(queryset, slug=slug)


def section_by_slug(slug):
    """A section by its slug in the active language (modeltranslation rewrites ``slug``)."""
    return get_object_or_404(Section, slug=slug)


def _on_live_articles(queryset, relation):
    """Rows of *queryset* that a live article of the active edition names through *relation*.

    Tag and author pages exist only for those: a tag or byline used only by a
    draft or an embargoed story would otherwise tell readers what is coming.
    Each row also says, as ``live_in_<code>``, whether each edition has such an
    article, so the page links only to editions where it exists; all of it in
    the one query that reads the row.
    """
    live_in = {
        f"live_in_{code}": Exists(
            Article.objects.published().in_language(code).filter(**{relation: OuterRef("pk")})
        )
        for code in LANGUAGE_CODES
    }
    return queryset.annotate(**live_in).filter(**{f"live_in_{translation.get_language()}": True})


def tag_by_slug(slug):
    return get_object_or_404(_on_live_articles(Tag.objects.all(), "tags"), slug=slug)


def author_by_slug(slug):
    return get_object_or_404(_on_live_articles(Author.objects.all(), "authors"), slug=slug)


# Related articles --------------------------------------------------------


@dataclass(frozen=True)
class RelatedItem:
    """One entry of a story's related list: pinned by an editor, or suggested (with its reasons)."""

    article: Article
    pinned: bool
    suggestion: RelatedSuggestion | None = None


def _live_targets(article):
    """Targets a reader of *article* may follow: published now, in the article's language."""
    return Q(
        target__status=Article.Status.PUBLISHED,
        target__published_at__lte=Now(),
        target__language=article.language,
    )


#: A related item shows a title, section and date: leave the story's text in the database.
TEASER_DEFERRED = ("target__body", "target__summary")


def related_articles(*, article, count=None):
    """The related list a reader of *article* gets: live pins in the editor's order, then suggestions.

    Two queries whatever the length: pins whose target readers cannot see
    drop out, and the stored suggestions (already ranked, minus anything
    pinned or excluded since) fill the places left.
    """
    count = settings.NEWSROOM_RELATED_COUNT if count is None else count
    live = _live_targets(article)
    pins = (
        RelatedArticle.objects.filter(live, article=article)
        .select_related("target__section")
        .defer(*TEASER_DEFERRED)
        .order_by("position", "pk")[:count]
    )
    items = [RelatedItem(article=pin.target, pinned=True) for pin in pins]
    if len(items) < count:
        suggested = (
            RelatedSuggestion.objects.filter(live, article=article)
            .exclude(target__in=RelatedArticle.objects.filter(article=article).values("target"))
            .exclude(target__in=RelatedExclusion.objects.filter(article=article).values("target"))
            .select_related("target__section")
            .defer(*TEASER_DEFERRED)
            .order_by("rank")[: count - len(items)]
        )
        items += [RelatedItem(article=row.target, pinned=False, suggestion=row) for row in suggested]
    return items


def related_overview_for_editor(*, article):
    """Everything the article form shows about the related list, in a fixed number of queries.

    ``items``: what a reader gets now; ``broken``: pins readers cannot see;
    ``excluded``: suggestions the editor turned down; ``tags``: the tags named
    in the suggestions' reasons, by id.
    """
    items = related_articles(article=article)
    broken = (
        RelatedArticle.objects.filter(article=article)
        .exclude(_live_targets(article))
        .select_related("target__section")
        .order_by("position", "pk")
    )
    excluded = RelatedExclusion.objects.filter(article=article).select_related("target__section")
    tag_ids = {tag_id for item in items if item.suggestion for tag_id in item.suggestion.shared_tags}
    return {
        "items": items,
        "broken": list(broken),
        "excluded": list(excluded),
        "tags": Tag.objects.in_bulk(tag_ids) if tag_ids else {},
    }


def broken_pins(queryset=None):
    """Pins whose target readers cannot see (draft, scheduled, or in another language)."""
    queryset = RelatedArticle.objects.all() if queryset is None else queryset
    return queryset.exclude(
        target__status=Article.Status.PUBLISHED,
        target__published_at__lte=Now(),
        target__language=F("article__language"),
    )
