"""Reader pages: the edition home, an article, and lists by section, tag and author.

Every page shows only what ``Article.objects.published()`` allows, in the
edition's language, and tells the template where the same page lives in the
other editions (for the language switch and ``hreflang`` links).
"""

from django.urls import reverse
from django.utils import translation
from django.views.generic import DetailView, ListView

from . import conf, editions, selectors


class EditionLinksMixin:
    """Give the template ``edition_links``: this page's address in every edition."""

    def get_edition_url(self, code):
        """The address of this page in the edition *code*, which is active (the edition home by default).

        ``(address, False)`` marks a stand-in: the switch may lead there, but it
        is not this page in that edition (no ``hreflang`` alternate).
        """
        return reverse("articles:home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edition_links"] = editions.edition_links(self.get_edition_url)
        return context


class EditionListView(EditionLinksMixin, ListView):
    """A list of one edition's stories, paged by position (``?before=`` / ``?after=``), never counted."""

    context_object_name = "articles"

    def get_queryset(self):
        return selectors.edition_articles(translation.get_language())

    def get_list_page(self):
        return selectors.list_page(
            self.object_list,
            per_page=conf.articles_per_page(),
            before=self.request.GET.get("before"),
            after=self.request.GET.get("after"),
        )

    def get_context_data(self, **kwargs):
        page = self.get_list_page()
        return super().get_context_data(object_list=page.articles, list_page=page, **kwargs)


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
        # A tag or author page exists in an edition only once it has a live story there (selectors):
        # until then the switch leads to that edition's home, which is no alternate of this page.
        if not getattr(self.filter_object, f"live_in_{code}", True):
            return super().get_edition_url(code), False
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
