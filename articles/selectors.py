"""Reads for reader pages, each joining what its page shows in a fixed number of queries."""

from django.shortcuts import get_object_or_404

from .models import Article, Author, Section, Tag


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


def tag_by_slug(slug):
    return get_object_or_404(Tag, slug=slug)


def author_by_slug(slug):
    return get_object_or_404(Author, slug=slug)
