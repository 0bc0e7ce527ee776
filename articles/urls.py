"""Reader pages of one edition (mounted under the language prefix).

``reader_urlpatterns`` takes the view classes, so the project can mount these
pages with the other apps' parts mixed in (``newsroom/urls.py``); this app's
own views are the defaults.
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
):
    return [
        path("", home.as_view(), name="home"),
        path("articles/<uslug:slug>/", article.as_view(), name="article"),
        path("sections/<uslug:slug>/", section.as_view(), name="section"),
        path("tags/<uslug:slug>/", tag.as_view(), name="tag"),
        path("authors/<slug:slug>/", author.as_view(), name="author"),
    ]


urlpatterns = reader_urlpatterns()
