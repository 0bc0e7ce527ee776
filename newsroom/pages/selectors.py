"""Reading site pages: a page for a reader in one query, its other versions in one more."""

from django.shortcuts import get_object_or_404

from .models import SitePage


def page_for_reader(*, language, slug):
    """The published page at *slug* in edition *language*; 404 for a draft or no page."""
    return get_object_or_404(SitePage.objects.published(), language=language, slug=slug)


def published_versions(page):
    """``{language: page}``: the published versions of *page* in other languages."""
    return {version.language: version for version in page.versions().published().only("language", "slug")}


def sitemap_pages(language):
    """The published pages of one edition, for its sitemap."""
    return SitePage.objects.published().filter(language=language).only("language", "slug", "updated_at", "translation_key")


def published_versions_of(pages):
    """``{translation_key: [(language, slug), …]}`` for the published versions of *pages*' stories, in one query."""
    keys = {page.translation_key for page in pages}
    found = {}
    rows = SitePage.objects.published().filter(translation_key__in=keys).values_list("translation_key", "language", "slug")
    for key, language, slug in rows:
        found.setdefault(key, []).append((language, slug))
    return found
