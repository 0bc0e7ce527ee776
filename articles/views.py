"""Reader pages: the edition home, an article, and lists by section, tag and author; and the article's preview.

Every page shows only what ``Article.objects.published()`` allows, in the
edition's language, and tells the template where the same page lives in the
other editions (for the language switch and ``hreflang`` links).

The preview (``ArticlePreviewView``) is the one exception: it shows one
article whatever its visibility, to whoever its caller let in (the admin, for
staff who may view the article; ``SharedPreviewView``, for a signed share
link), in the article page's own template with a bar saying it is a preview.
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View

from . import conf, editions, preview, reads, search, selectors
from .models import Visibility


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
    """The edition's front page (lead, top stories, section blocks) above its newest stories, paged."""

    template_name = "articles/edition_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["list_page"].is_first:
            context["front_page"] = selectors.front_page(translation.get_language())
            context["most_read"] = selectors.most_read(translation.get_language())
        return context


class ArticleDetailView(EditionLinksMixin, DetailView):
    context_object_name = "article"
    template_name = "articles/article_detail.html"
    #: Whether the page says when it last changed (a preview never does: it is never cached).
    sends_last_modified = True
    #: Whether opening the page counts as a read for "most read" (a preview does not).
    counts_reads = True

    def get_object(self, queryset=None):
        return selectors.article_for_reader(language=translation.get_language(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        # Read here, not by the template, so the view knows every story the page shows.
        return super().get_context_data(related_items=self.get_related_items(), **kwargs)

    def get_related_items(self):
        return selectors.related_articles(article=self.object)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.sends_last_modified:
            response["Last-Modified"] = http_date(last_modified(context).timestamp())
        if self.counts_reads:
            reads.record_read(self.request, article_id=context["article"].pk)
        return response


def last_modified(context):
    """When the article page last changed: its article's or a related story's last save, whichever is later.

    With ``Last-Modified`` on the page, ``ConditionalGetMiddleware`` answers a
    conditional GET (``If-Modified-Since``) with a 304.
    """
    moments = [context["article"].updated_at]
    moments += [item.article.updated_at for item in context.get("related_items", ())]
    return max(moments)


class SearchView(EditionLinksMixin, TemplateView):
    """Search results in one edition (``?q=``), most relevant or newest first (``?order=newest``), in numbered pages.

    Results depend on the query, so the page is never kept by any cache (no
    page-cache entry per query string) and never indexed. An empty, overlong
    or wordless query gets the page with a word of advice, not an error.
    """

    template_name = "articles/search_results.html"
    http_method_names = ["get", "head"]

    def get_edition_url(self, code):
        # The same words would not find the same stories in another language: the other edition's empty search.
        return reverse("articles:search"), False

    def get_context_data(self, **kwargs):
        query = search.Query.parse(self.request.GET.get("q"))
        order = self.request.GET.get("order")
        order = order if order in selectors.SEARCH_ORDERS else selectors.SEARCH_ORDERS[0]
        page = selectors.search_articles(
            language=translation.get_language(), query=query, order=order, page=self._page_number()
        )
        # No reader-support appeal: a page made for one query is no place to ask for support.
        return super().get_context_data(query=query, order=order, search_page=page, page_appeal=None, **kwargs)

    def _page_number(self):
        """The page asked for (``?page=``); 404 for anything but a page a reader can reach."""
        text = self.request.GET.get("page", "1")
        if not (text.isascii() and text.isdigit() and 1 <= int(text[:6]) <= selectors.search_pages(conf.articles_per_page())):
            raise Http404("No such page.")
        return int(text)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response


class ArticlePreviewView(ArticleDetailView):
    """The article page of *article*'s edition, whatever its visibility, marked as a preview.

    The caller decides who may see it and passes the article (read with
    ``selectors.article_for_preview``) to ``as_view(article=...)``. The page is
    what a reader would get (related articles and version links show only what
    is live), without the reader-support appeal, never kept by any cache and
    never indexed.
    """

    article = None
    template_name = "articles/article_preview.html"
    sends_last_modified = False
    counts_reads = False

    def get_object(self, queryset=None):
        return self.article

    def get(self, request, *args, **kwargs):
        # The page is in the article's edition, whatever language the admin or the visitor uses;
        # rendered here, inside the override, since a template response renders later otherwise.
        with translation.override(self.article.language):
            response = super().get(request, *args, **kwargs).render()
            response["Content-Language"] = self.article.language
        return mark_as_preview(response)

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=preview_notice(self.article), page_appeal=None, **kwargs)


def mark_as_preview(response):
    """Headers of every preview response: never indexed, never kept by any cache, never named in a Referer."""
    add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The share link's address is its secret: a link followed from the page must not carry it along.
    response["Referrer-Policy"] = "no-referrer"
    return response


def preview_notice(article):
    """What the preview bar says about *article*'s visibility, in the active language."""
    visibility = article.visibility
    if visibility == Visibility.LIVE:
        detail = _("Live: readers can see this story.")
    elif visibility == Visibility.SCHEDULED:
        moment = editions.site_time(article.published_at)
        detail = _("Scheduled for %(date)s at %(time)s: readers cannot see it before then.") % {
            "date": editions.format_date(moment),
            "time": editions.localize_digits(moment.strftime("%H:%M")),
        }
    else:
        detail = _("Draft: readers cannot see this story.")
    return {"visibility": visibility.value, "detail": detail, "public_url": article.get_absolute_url()}


class SharedPreviewView(View):
    """The preview behind a share link, for someone without a login (an outside translator, a lawyer).

    A link that was not made here is a plain 404; an expired or revoked one
    gets a page saying so (410), in the visitor's language.
    """

    http_method_names = ["get", "head"]

    def get(self, request, token):
        try:
            article_id, key = preview.read_token(token)
            article = selectors.article_for_preview(pk=article_id)
            preview.check_key(article, key)
        except preview.LinkInvalid:
            raise Http404("No such preview.") from None
        except (preview.LinkExpired, preview.LinkRevoked) as error:
            return self.unavailable(request, expired=isinstance(error, preview.LinkExpired))
        return ArticlePreviewView.as_view(article=article)(request)

    def unavailable(self, request, *, expired):
        response = TemplateResponse(request, "articles/preview_unavailable.html", {"expired": expired}, status=410)
        return mark_as_preview(response)


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
