"""The article admin as this site assembles it.

Each app offers its part: the articles app the form, list, pins and related
overview (``articles.admin.ArticleAdmin``); the translations app the story's
versions, their views and the copy of related articles across versions
(``translations.admin.TranslationAdminMixin``). The project registers the one
article admin made of them, as it composes the article page from the apps'
templates, so no app replaces another's registration.
"""

from django.contrib import admin

from articles import admin as articles_admin
from articles.models import Article
from translations.admin import TranslationAdminMixin


@admin.register(Article)
class ArticleAdmin(TranslationAdminMixin, articles_admin.ArticleAdmin):
    actions = (*articles_admin.ArticleAdmin.actions, *TranslationAdminMixin.actions)
