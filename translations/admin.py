"""The editors' side of translations: what the article admin gains from this app, and the translation queue.

``TranslationAdminMixin`` is offered to the project, which mixes it into the
one article admin (``newsroom/admin.py``). It adds the "Versions of this
story" panel and the translation history (panels of the change page), the
link, create, unlink, mark-up-to-date and copy-related views (each a thin
wrapper over ``services``), the copy-related action, and deletions that leave
a trace in the audit trail. The queue and the audit trail are registered here.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.admin import CappedCountPaginator, Panel, admin_url
from articles.admin_guards import DateHierarchyGuardMixin
from articles.editions import LANGUAGE_CODES, language_name
from articles.models import Article

from . import selectors, services
from .diff import source_changes
from .forms import LinkTranslationForm, TranslationAwareArticleForm, candidate_label
from .models import TranslationEvent, TranslationQueueEntry, TranslationState

CANDIDATES_PER_PAGE = 20


def create_label(language):
    return _("Create %(language)s version") % {"language": language_name(language)}


class TranslationAdminMixin:
    """What the article admin gains from translations; every view checks the editor may change the article."""

    form = TranslationAwareArticleForm
    actions = ("copy_related_from_other_version",)

    def _url(self, name, *args):
        return admin_url(self.admin_site, f"{self.opts.app_label}_{self.opts.model_name}_{name}", *args)

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
            route("copy-related-from/<int:source_id>/", self.copy_related_view, "copy_related"),
        ] + super().get_urls()

    def _editable_article(self, request, object_id):
        """The article named in the URL, if this editor may change it, else 403/404."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("This article does not exist (it may have been deleted)."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def may_create_version(self, request, source):
        """Whether this user may create another language version of *source*.

        Here: whoever may change the source and add articles. The project's
        roles widen it for translators (``newsroom.roles.rules``).
        """
        return self.has_change_permission(request, source) and self.has_add_permission(request)

    def _source_to_translate(self, request, object_id):
        """The article named in the URL, if this user may create a version of it, else 403/404."""
        source = self.get_object(request, unquote(object_id))
        if source is None:
            raise Http404(_("This article does not exist (it may have been deleted)."))
        if not self.may_create_version(request, source):
            raise PermissionDenied
        return source

    def _story_lacks_a_language(self, article):
        return any(row.article is None for row in selectors.story_versions(article))

    def _back_to(self, article, fragment="translations"):
        return HttpResponseRedirect(f"{self._url('change', article.pk)}#{fragment}")

    def _page(self, request, template, article, title, **context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.opts, "original": article, "title": title, **context},
        )

    # Linking, creating, unlinking, keeping in step.

    def link_translation_view(self, request, object_id):
        article = self._editable_article(request, object_id)
        if not self._story_lacks_a_language(article):
            self.message_user(request, _("This story already has a version in every language."), messages.WARNING)
            return self._back_to(article)
        candidates_url = self._url("translation_candidates", article.pk)
        form = LinkTranslationForm(
            request.POST or None, article=article, candidates_url=candidates_url, admin_site=self.admin_site
        )
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
        source = self._source_to_translate(request, object_id)
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
        return HttpResponseRedirect(self._url("change", draft.pk))

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

    # Related articles copied from another version.

    def get_related_copy_sources(self, article):
        return [
            (gettext("Copy related articles from the %(language)s version") % {"language": language_name(version.language)},
             self._url("translation_copy_related", article.pk, version.pk))
            for version in Article.objects.versions_of(article)
        ] + super().get_related_copy_sources(article)

    def copy_related_view(self, request, object_id, source_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._editable_article(request, object_id)
        if not self.has_curate_permission(request):
            raise PermissionDenied
        source = get_object_or_404(Article.objects.versions_of(article), pk=source_id)
        self._copy_related(request, article, source)
        return self._back_to(article, fragment="related-overview")

    def _copy_related(self, request, article, source):
        try:
            report = services.copy_related_from_version(article=article, source=source)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, copy_report_message(article, report), messages.SUCCESS)
        if report.skipped:
            skipped = gettext(", ").join(f"“{target.title}”" for target in report.skipped)
            self.message_user(
                request,
                gettext("Skipped, no %(language)s version: %(titles)s.")
                % {"language": language_name(article.language), "titles": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Copy related articles from the other language version"), permissions=["curate"])
    def copy_related_from_other_version(self, request, queryset):
        # permissions=["curate"] asks about articles in general; a rule per article gets its say too,
        # before anything is written.
        if not all(self.has_change_permission(request, article) for article in queryset):
            raise PermissionDenied
        for article in queryset:
            versions = list(Article.objects.versions_of(article))
            if not versions:
                self.message_user(
                    request,
                    gettext("“%(title)s” has no version in another language.") % {"title": article.title},
                    messages.WARNING,
                )
            for source in versions:
                self._copy_related(request, article, source)

    # Panels on the change page.

    def get_change_form_panels(self, request, article):
        panels = super().get_change_form_panels(request, article)
        story = self.story_panel(request, article)
        if story is None:  # unlinked by someone else since this page's article was read
            return panels
        sheets = ("translations/admin/translations.css",)
        return [
            Panel("translations/admin/includes/story_panel.html", story, "top", sheets),
            *panels,
            Panel("translations/admin/includes/history.html", {"events": selectors.events_for(article)}, "bottom", sheets),
        ]

    def story_panel(self, request, article):
        rows = selectors.story_versions(article)
        current = next((row for row in rows if row.article and row.article.pk == article.pk), None)
        if current is None:
            return None
        can_change = self.has_change_permission(request, article)
        return {
            "rows": [
                {
                    "version": row,
                    "is_current": row is current,
                    "visibility": row.article.get_visibility_display() if row.article else "",
                    "create_label": create_label(row.language),
                }
                for row in rows
            ],
            "current": current,
            "changes": source_changes(current.record) if current.state == TranslationState.OUTDATED else [],
            "is_linked": any(row.article and row.article.pk != article.pk for row in rows),
            "can_link": can_change and any(row.article is None for row in rows),
            "can_change": can_change,
            "can_create": self.may_create_version(request, article),
        }

    # Deleting: the other versions stay, and the trail says what went.

    def delete_model(self, request, obj):
        services.delete_versions(articles=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_versions(articles=queryset, by=request.user)


def copy_report_message(article, report):
    """"Copied 3 related articles from the Arabic version to “…”." (and what was already there)."""
    text = ngettext(
        "Copied %(count)d related article from the %(language)s version to “%(title)s”.",
        "Copied %(count)d related articles from the %(language)s version to “%(title)s”.",
        len(report.pinned),
    ) % {"count": len(report.pinned), "language": language_name(report.source.language), "title": article.title}
    if report.already_pinned:
        text += " " + ngettext(
            "%(count)d was already pinned.", "%(count)d were already pinned.", len(report.already_pinned)
        ) % {"count": len(report.already_pinned)}
    return text


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
    # Counting a whole archive's queue (twice: filtered and in full) is what made it slow.
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

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
        url = admin_url(self.admin_site, "articles_article_change", row.pk)
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
            url = admin_url(self.admin_site, "articles_article_change", row.pk) + "#translations"
            return format_html('<a href="{}">{}</a>', url, _("See what changed"))
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (admin_url(self.admin_site, "articles_article_translation_create", row.pk, code), create_label(code))
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
        url = admin_url(self.admin_site, "articles_article_change", article.pk)
        return format_html('<a href="{}" lang="{}" dir="auto">{}</a>', url, language, title)

    @admin.display(description=_("version"), ordering="article_title")
    def article_link(self, event):
        return self._article_link(event.article, event.article_title, event.article_language)

    @admin.display(description=_("other version"), ordering="counterpart_title")
    def counterpart_link(self, event):
        if not event.counterpart_title:
            return ""
        return self._article_link(event.counterpart, event.counterpart_title, event.counterpart_language)
