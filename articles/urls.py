"""Reader pages of one edition (mounted under the language prefix)."""

from django.urls import path, register_converter

from . import views
from .converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"
urlpatterns = [
    path("", views.EditionHomeView.as_view(), name="home"),
    path("articles/<uslug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("sections/<uslug:slug>/", views.SectionArticlesView.as_view(), name="section"),
    path("tags/<uslug:slug>/", views.TagArticlesView.as_view(), name="tag"),
    path("authors/<slug:slug>/", views.AuthorArticlesView.as_view(), name="author"),
]
