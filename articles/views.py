"""Reader pages: the edition home, an article, and lists by section, tag and author.

Every page shows only what ``Article.objects.published()`` allows, in the
edition's language, and tells the template where the same page lives in the
other editions (for the language switch and ``hreflang`` links).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.views.generic import DetailView, ListView

from . import selectors


class EditionLinksMixin:
    """Give the template ``edition_links``: this page's address in every edition."""

    def get_edition_url(self, code):
        """The address of this page in the edition *code* (the edition home by default)."""
        return reverse("articles:home")

    def get_edition_links(self):
        links = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                url = self.get_edition_url(code)
            info = translation.get_language_info(code)
            links.append({"code": code, "name": info["name_local"], "url": url})
        return links

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edition_links"] = self.get_edition_links()
        return context


class EditionListView(EditionLinksMixin, ListView):
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_ARTICLES_PER_PAGE

    def get_queryset(self):
        return selectors.edition_articles(translation.get_language())


class EditionHomeView(EditionListView):
    template_name = "articles/edition_home.html"


class ArticleDetailView(EditionLinksMixin, DetailView):
    context_object_name = "article"
    template_name = "articles/article_detail.html"

    def get_object(self, queryset=None):
        return selectors.article_for_reader(language=translation.get_language(), slug=self.kwargs["slug"])


class FilteredListView(EditionListView):
    """A list of one edition's articles narrowed by a shared-vocabulary object."""

    template_name = "articles/article_list.html"
    lookup = None  # the Article field the list is filtered by

    def get_filter_object(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filter_object = self.get_filter_object()
        return super().get_queryset().filter(**{self.lookup: self.filter_object})

    def get_edition_url(self, code):
        # A tag or author page exists in an edition only once it has a live story there (selectors).
        if not getattr(self.filter_object, f"live_in_{code}", True):
            return super().get_edition_url(code)
        return self.filter_object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_object=self.filter_object, list_kind=self.lookup, **kwargs)


class SectionArticlesView(FilteredListView):
    lookup = "section"

    def get_filter_object(self):
        return selectors.section_by_slug(self.kwargs["slug"])


class TagArticlesView(FilteredListView):
    lookup = "tags"

    def get_filter_object(self):
        return selectors.tag_by_slug(self.kwargs["slug"])


class AuthorArticlesView(FilteredListView):
    lookup = "authors"

    def get_filter_object(self):
        return selectors.author_by_slug(self.kwargs["slug"])
