"""The editors' side of translations: the story panel on the article page, and the translation queue.

The article admin is the articles app's own ``ArticleAdmin``, subclassed (not
copied) so whatever that app adds to it stays. This subclass adds the
"Versions of this story" panel, the link, create, unlink and mark-up-to-date
views (each a thin wrapper over ``services``), and the audit trail.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import admin as articles_admin
from articles.admin_guards import DateHierarchyGuardMixin
from articles.models import LANGUAGE_CODES, Article, language_name

from . import selectors, services
from .diff import source_changes
from .forms import LinkTranslationForm, TranslationAwareArticleForm, candidate_label
from .models import TranslationEvent, TranslationQueueEntry, TranslationState

CANDIDATES_PER_PAGE = 20


def create_label(language):
    return _("Create %(language)s version") % {"language": language_name(language)}


class TranslationViewsMixin:
    """The admin views that act on a story's versions; every one checks the editor may change articles."""

    def get_urls(self):
        def route(suffix, view, name):
            return path(
                f"<path:object_id>/translations/{suffix}",
                self.admin_site.admin_view(view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_translation_{name}",
            )

        return [
            route("link/", self.link_translation_view, "link"),
            route("candidates/", self.link_candidates_view, "candidates"),
            route("create/<str:language>/", self.create_translation_view, "create"),
            route("unlink/", self.unlink_translation_view, "unlink"),
            route("mark-up-to-date/", require_POST(self.mark_up_to_date_view), "mark"),
        ] + super().get_urls()

    def _editable_article(self, request, object_id, *, adding=False):
        """The article named in the URL, if this editor may change it (and add articles), else 403/404."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("This article does not exist (it may have been deleted)."))
        if not self.has_change_permission(request, article) or (adding and not self.has_add_permission(request)):
            raise PermissionDenied
        return article

    def _story_lacks_a_language(self, article):
        return any(row.article is None for row in selectors.story_versions(article))

    def _back_to(self, article):
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]) + "#translations")

    def _page(self, request, template, article, title, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": title,
                **context,
            },
        )

    def link_translation_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        if not self._story_lacks_a_language(article):
            self.message_user(request, _("This story already has a version in every language."), messages.WARNING)
            return self._back_to(article)
        candidates_url = reverse("admin:articles_article_translation_candidates", args=[article.pk])
        form = LinkTranslationForm(request.POST or None, article=article, candidates_url=candidates_url)
        if request.method == "POST" and form.is_valid():
            try:
                linked = services.link_translation(
                    article=article, counterpart=form.cleaned_data["counterpart"], source=form.source(), by=request.user
                )
            except ValidationError as error:
                form.add_error("counterpart", error)
            else:
                self.message_user(
                    request, _("“%(title)s” is now a version of this story.") % {"title": linked.title}, messages.SUCCESS
                )
                return self._back_to(article)
        title = _("Link an existing article to “%(title)s”") % {"title": article.title}
        return self._page(request, "translations/admin/link.html", article, title, form=form, media=self.media + form.media)

    def link_candidates_view(self, request, object_id):
        """JSON for the link form's autocomplete, in the shape Django's select2 widget reads."""
        article = self._editable_article(request, object_id)
        candidates = selectors.link_candidates(article, request.GET.get("term", "").strip())
        page = Paginator(candidates, CANDIDATES_PER_PAGE).get_page(request.GET.get("page"))
        return JsonResponse(
            {
                "results": [{"id": str(candidate.pk), "text": candidate_label(candidate)} for candidate in page],
                "pagination": {"more": page.has_next()},
            }
        )

    def create_translation_view(self, request, object_id, language):
        """GET asks for confirmation (the queue links here); POST creates the draft and opens it."""
        source = self._editable_article(request, object_id, adding=True)
        if request.method != "POST":
            return self._page(
                request,
                "translations/admin/create_confirm.html",
                source,
                create_label(language),
                language=language,
                language_name=language_name(language),
            )
        try:
            draft = services.create_translation(source=source, language=language, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return self._back_to(source)
        self.message_user(
            request,
            _("The %(language)s version was created as a draft from the source text. Translate it, then publish it.")
            % {"language": language_name(language)},
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_change", draft.pk)

    def unlink_translation_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        others = list(Article.objects.versions_of(article))
        if request.method == "POST":
            try:
                services.unlink_translation(article=article, by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("“%(title)s” is no longer linked to other versions.") % {"title": article.title}, messages.SUCCESS
                )
            return self._back_to(article)
        title = _("Unlink “%(title)s” from its story?") % {"title": article.title}
        return self._page(request, "translations/admin/unlink_confirm.html", article, title, others=others)

    def mark_up_to_date_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        try:
            services.mark_up_to_date(translation=article, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("This translation is marked as up to date with its source."), messages.SUCCESS)
        return self._back_to(article)


class TranslationPanelMixin:
    """The "Versions of this story" panel and the audit trail on the article change page."""

    change_form_template = "translations/admin/article_change_form.html"

    def _parent_change_form_template(self):
        """The template the article page would use without this app (another app may override it)."""
        opts = self.opts
        names = [
            f"admin/{opts.app_label}/{opts.model_name}/change_form.html",
            f"admin/{opts.app_label}/change_form.html",
            "admin/change_form.html",
        ]
        parent = getattr(super(), "change_form_template", None)
        return select_template([parent, *names] if parent else names).template

    def translation_panel(self, request, article):
        rows = selectors.story_versions(article)
        current = next((row for row in rows if row.article and row.article.pk == article.pk), None)
        if current is None:  # unlinked by someone else since this page's article was read
            return None
        can_change = self.has_change_permission(request, article)
        return {
            "rows": [
                {
                    "version": row,
                    "is_current": row is current,
                    "visibility": self.visibility(row.article) if row.article else "",
                    "create_label": create_label(row.language),
                }
                for row in rows
            ],
            "current": current,
            "changes": source_changes(current.record) if current.state == TranslationState.OUTDATED else [],
            "is_linked": any(row.article and row.article.pk != article.pk for row in rows),
            "can_link": can_change and any(row.article is None for row in rows),
            "can_change": can_change,
            "can_create": can_change and self.has_add_permission(request),
            "events": selectors.events_for(article),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["translations_parent_template"] = self._parent_change_form_template()
        if obj is not None and obj.pk:
            context["translation_panel"] = self.translation_panel(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


admin.site.unregister(Article)


@admin.register(Article)
class ArticleAdmin(TranslationPanelMixin, TranslationViewsMixin, articles_admin.ArticleAdmin):
    form = TranslationAwareArticleForm

    def delete_model(self, request, obj):
        with transaction.atomic():
            services.record_deletion(article=obj, by=request.user)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for article in queryset:
                services.record_deletion(article=article, by=request.user)
            super().delete_queryset(request, queryset)


# The queue ----------------------------------------------------------------


class ReadOnlyAdmin(DateHierarchyGuardMixin, admin.ModelAdmin):
    """A list to read, never to edit: the queue is derived and the audit trail is history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QueueReasonFilter(admin.SimpleListFilter):
    title = _("needs")
    parameter_name = "needs"

    def lookups(self, request, model_admin):
        return [("missing", _("A version in another language")), ("outdated", _("Revision of an outdated translation"))]

    def queryset(self, request, queryset):
        match self.value():
            case "missing":
                return queryset.filter(selectors.lacks_a_language())
            case "outdated":
                return queryset.filter(is_outdated=True)
        return queryset


@admin.register(TranslationQueueEntry)
class TranslationQueueAdmin(ReadOnlyAdmin):
    """The translators' to-do list: published articles missing a version, and outdated translations."""

    list_display = ("article_title", "language", "section", "needs", "waiting_since", "next_step")
    list_display_links = None
    list_filter = (QueueReasonFilter, "language", "section")
    search_fields = ("title",)
    actions = None
    list_per_page = 50

    def get_queryset(self, request):
        # Not super(): it orders by ``get_ordering`` before the annotations exist.
        return selectors.translation_queue(self.model._default_manager.all())

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": _("Translation queue"), **(extra_context or {})})

    def get_ordering(self, request):
        # Newest first; ``queued_at`` is an annotation, so it cannot be the ``ordering`` attribute.
        return ("-queued_at", "-pk")

    def _may_see(self, request):
        user = request.user
        return user.is_active and user.is_staff and (user.has_perm("articles.view_article") or user.has_perm("articles.change_article"))

    def has_module_permission(self, request):
        return self._may_see(request)

    def has_view_permission(self, request, obj=None):
        return self._may_see(request)

    @admin.display(description=_("title"), ordering="title")
    def article_title(self, row):
        url = reverse("admin:articles_article_change", args=[row.pk])
        return format_html('<a href="{}" lang="{}" dir="auto">{}</a>', url, row.language, row.title)

    @admin.display(description=_("needs"))
    def needs(self, row):
        if row.is_outdated:
            return _("Outdated: its source changed")
        missing = ", ".join(str(language_name(code)) for code in selectors.missing_languages(row))
        return _("No version in %(languages)s") % {"languages": missing}

    @admin.display(description=_("waiting since"), ordering="queued_at")
    def waiting_since(self, row):
        return row.queued_at

    @admin.display(description=_("next step"))
    def next_step(self, row):
        if row.is_outdated:
            url = reverse("admin:articles_article_change", args=[row.pk]) + "#translations"
            return format_html('<a href="{}">{}</a>', url, _("See what changed"))
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse("admin:articles_article_translation_create", args=[row.pk, code]), create_label(code))
                for code in selectors.missing_languages(row)
            ),
        )


class EventLanguageFilter(admin.SimpleListFilter):
    """The language of the version an event is about, named in the editor's language (not "ar")."""

    title = _("article language")
    parameter_name = "article_language"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code in LANGUAGE_CODES]

    def queryset(self, request, queryset):
        return queryset.filter(article_language=self.value()) if self.value() else queryset


@admin.register(TranslationEvent)
class TranslationEventAdmin(ReadOnlyAdmin):
    """The whole audit trail, read-only: who linked, unlinked, created or marked which versions."""

    list_display = ("created_at", "action", "article_link", "counterpart_link", "actor_name")
    list_filter = ("action", EventLanguageFilter, "created_at")
    list_select_related = ("article", "counterpart")
    search_fields = ("article_title", "counterpart_title", "actor_name")
    date_hierarchy = "created_at"

    def _article_link(self, article, title, language):
        if article is None:
            return format_html('<span lang="{}" dir="auto">{}</span> <em>({})</em>', language, title, _("deleted"))
        url = reverse("admin:articles_article_change", args=[article.pk])
        return format_html('<a href="{}" lang="{}" dir="auto">{}</a>', url, language, title)

    @admin.display(description=_("version"), ordering="article_title")
    def article_link(self, event):
        return self._article_link(event.article, event.article_title, event.article_language)

    @admin.display(description=_("other version"), ordering="counterpart_title")
    def counterpart_link(self, event):
        if not event.counterpart_title:
            return ""
        return self._article_link(event.counterpart, event.counterpart_title, event.counterpart_language)
