"""The article admin as this site assembles it.

Each app offers its part: the articles app the form, list, pins and related
overview (``articles.admin.ArticleAdmin``); the translations app the story's
versions, their views and the copy of related articles across versions
(``translations.admin.TranslationAdminMixin``). The project registers the one
article admin made of them, as it composes the article page from the apps'
templates, so no app replaces another's registration. It also adds the roles'
rule for each article (``newsroom.roles.rules``): who may change which one.
"""

from django.contrib import admin

from articles import admin as articles_admin
from articles.models import Article
from newsroom.roles import rules
from translations.admin import TranslationAdminMixin


@admin.register(Article)
class ArticleAdmin(TranslationAdminMixin, articles_admin.ArticleAdmin):
    actions = (*articles_admin.ArticleAdmin.actions, *TranslationAdminMixin.actions)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or rules.may_change_article(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or rules.may_change_article(request.user, obj))

    def may_create_version(self, request, source):
        return rules.may_create_translation(request.user, source)
