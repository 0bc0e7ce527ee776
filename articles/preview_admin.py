"""The preview in the article admin, used by ``ArticleAdmin`` in ``articles.admin``.

* **Preview** (``<id>/preview/``, next to "View on site", which only live
  articles have): the article page of its edition as readers would get it,
  draft, scheduled or live (``articles.views.ArticlePreviewView``), for any
  staff member who may view the article. Behind the admin's login.
* **Share link**: a panel on the change page, for those who may change the
  article, with a signed link (``articles/preview.py``) someone without a login
  can open until it expires, a copy button, and **Revoke share links**
  (``<id>/preview/revoke/``, also a list action), which goes through
  ``services.revoke_preview_links``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from . import preview, selectors, services
from .views import ArticlePreviewView


class PreviewAdminMixin:
    """Adds Preview, the share-link panel and the revocation of share links to the article admin."""

    actions = ("revoke_preview_links",)

    @property
    def media(self):
        return super().media + forms.Media(js=["articles/admin/preview_share.js"])

    def _preview_url_name(self, name):
        return f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}"

    def get_urls(self):
        def route(suffix, view, name):
            return path(
                f"<path:object_id>/{suffix}",
                self.admin_site.admin_view(view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_{name}",
            )

        return [
            # It only reads: a POST is a 405.
            route("preview/", require_safe(self.preview_view), "preview"),
            route("preview/revoke/", require_POST(self.revoke_preview_links_view), "preview_revoke"),
            *super().get_urls(),
        ]

    def _article_or_404(self, object_id):
        object_id = unquote(object_id)
        article = selectors.article_for_preview(pk=object_id) if object_id.isascii() and object_id.isdecimal() else None
        if article is None:
            raise Http404(_("This article does not exist (it may have been deleted)."))
        return article

    def preview_view(self, request, object_id):
        """The article as its edition's readers would get it, draft, scheduled or live."""
        article = self._article_or_404(object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return ArticlePreviewView.as_view(article=article)(request)

    def revoke_preview_links_view(self, request, object_id):
        article = self._article_or_404(object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        self._revoke_preview_links(request, [article])
        return HttpResponseRedirect(reverse(self._preview_url_name("change"), args=[article.pk]))

    @admin.action(description=_("Revoke the preview share links of the selected articles"), permissions=["change"])
    def revoke_preview_links(self, request, queryset):
        articles = list(queryset)
        # permissions=["change"] asks about articles in general; a rule per article gets its say too.
        if not all(self.has_change_permission(request, article) for article in articles):
            raise PermissionDenied
        self._revoke_preview_links(request, articles)

    def _revoke_preview_links(self, request, articles):
        for article in articles:
            services.revoke_preview_links(article=article)
            # Shown in the article's history as "Changed preview key.", in the reader's language.
            self.log_change(request, article, [{"changed": {"fields": ["preview key"]}}])
        count = len(articles)
        message = ngettext(
            "Preview share links revoked for %(count)d article: links handed out before no longer work.",
            "Preview share links revoked for %(count)d articles: links handed out before no longer work.",
            count,
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def preview_share_panel(self, request, article):
        """The share link, its expiry, copy and revoke buttons; ``None`` for those who may not change the article."""
        from .admin import Panel  # defined with the admin this mixin is part of

        if not self.has_change_permission(request, article):
            return None
        link = preview.share_link(article)
        context = {
            "url": request.build_absolute_uri(link.path),
            "expires_at": link.expires_at,
            "hours": int(preview.lifetime().total_seconds() // 3600),
            "revoke_url": reverse(self._preview_url_name("preview_revoke"), args=[article.pk]),
        }
        return Panel("articles/admin/preview_share.html", context, "top", ("articles/admin/preview_share.css",))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.has_view_permission(request, obj):
            context["preview_url"] = reverse(self._preview_url_name("preview"), args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)
