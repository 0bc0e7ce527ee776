"""Reader pages of one edition (mounted under the language prefix), and the preview share links.

``reader_urlpatterns`` takes the view classes, so the project can mount these
pages with the other apps' parts mixed in (``newsroom/urls.py``); this app's
own views are the defaults.

``preview_urlpatterns`` are the share links of drafts (``articles/preview.py``),
mounted by the project outside the editions, in a namespace of their own
(``preview``): a sitemap or feed lists the reader pages of the ``articles``
namespace and must never list these (``tests/articles/test_preview.py`` checks
that no reader URL name leads to them).
"""

from django.urls import path, register_converter

from . import views
from .converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"


def reader_urlpatterns(
    *,
    home=views.EditionHomeView,
    article=views.ArticleDetailView,
    section=views.SectionArticlesView,
    tag=views.TagArticlesView,
    author=views.AuthorArticlesView,
    search=views.SearchView,
):
    return [
        path("", home.as_view(), name="home"),
        path("articles/<uslug:slug>/", article.as_view(), name="article"),
        path("sections/<uslug:slug>/", section.as_view(), name="section"),
        path("tags/<uslug:slug>/", tag.as_view(), name="tag"),
        path("authors/<slug:slug>/", author.as_view(), name="author"),
        path("search/", search.as_view(), name="search"),
    ]


urlpatterns = reader_urlpatterns()


def preview_urlpatterns():
    """The share link of an article's preview: language-neutral, the page is in the article's edition."""
    return [path("preview/<str:token>/", views.SharedPreviewView.as_view(), name="article")]
