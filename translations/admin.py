"""The editors' side of translations: what the article admin gains from this app, and the translation queue.

``TranslationAdminMixin`` is offered to the project, which mixes it into the
one article admin (``newsroom/admin.py``). It adds the "Versions of this
story" panel and the translation history (panels of the change page), the
link, create, unlink, mark-up-to-date and copy-related views (each a thin
wrapper over ``services``), the copy-related action, and deletions that leave
a trace in the audit trail. The queue and the audit trail are registered here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.humanize.templatetags.humanize import naturaltime
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

from articles import services as article_services
from articles.admin import CappedCountPaginator, Panel, admin_url
from articles.admin_guards import DateHierarchyGuardMixin
from articles.editions import LANGUAGE_CODES, language_name
from articles.models import Article, Section

from . import selectors, services
from articles.editions import direction

from .diff import source_changes, text_changes
from .side_by_side import SideBySideForm
from .forms import LinkTranslationForm, TranslationAwareArticleForm, candidate_label
from .models import (
    QUEUED_STATES,
    TRANSLATOR_MOVES,
    Stage,
    TranslationEvent,
    TranslationQueueEntry,
    TranslationSource,
    TranslationState,
)

CANDIDATES_PER_PAGE = 20
#: How many other assignees the queue's filter names (beyond "Me" and "Nobody yet").
ASSIGNEE_CHOICES = 30


def may_review(user) -> bool:
    """Whether *user* may declare a translation up to date (the reviewer's step, not the translator's)."""
    return user.has_perm("translations.mark_translation_up_to_date")


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
            route("translate/", self.translate_view, "translate"),
            route("stage/<str:stage>/", require_POST(self.move_stage_view), "stage"),
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
        if not may_review(request.user):
            raise PermissionDenied
        try:
            services.mark_up_to_date(translation=article, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("This translation is marked as up to date with its source."), messages.SUCCESS)
        return self._back_to(article)

    def move_stage_view(self, request, object_id, stage):
        article = self._editable_article(request, object_id)
        try:
            services.move_to_stage(translation=article, stage=stage, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("This version is now “%(stage)s”.") % {"stage": Stage(stage).label}, messages.SUCCESS)
        if request.POST.get("next") == "translate":
            return HttpResponseRedirect(self._url("translation_translate", article.pk))
        return self._back_to(article)

    # The translator's page.

    def translate_view(self, request, object_id):
        """The source read-only beside the translation's fields, with what changed in the source since last in step."""
        translation = self._editable_article(request, object_id)
        record = TranslationSource.objects.select_related("source", "marked_by").filter(translation=translation).first()
        if record is None:
            self.message_user(request, _("“%(title)s” is not a translation of another version.") % {"title": translation.title}, messages.WARNING)
            return self._back_to(translation)
        source, conflict = record.source, None
        form = SideBySideForm(
            request.POST or None, translation=translation, source=source, initial={
                "title": translation.title, "summary": translation.summary, "image_alt": translation.image_alt,
                "seen": translation.edit_version,
            }
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.save_translation_work(
                    translation=translation, title=form.cleaned_data["title"], summary=form.cleaned_data["summary"],
                    body=form.body(), by=request.user, seen_version=form.cleaned_data["seen"], ready="_ready" in request.POST,
                    image_alt=form.cleaned_data.get("image_alt"),
                )
            except article_services.EditConflict as error:
                conflict = self._conflict(form, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("The translation was saved."), messages.SUCCESS)
                return HttpResponseRedirect(self._url("translation_translate", translation.pk))
        title = _("Translate “%(title)s”") % {"title": source.title}
        return self._page(
            request, "translations/admin/translate.html", translation, title, form=form, record=record, source=source,
            state=TranslationState(record.state), changes=source_changes(record), conflict=conflict,
            moves=[(stage, Stage(stage).label) for stage in TRANSLATOR_MOVES.get(record.state, ())],
            may_review=may_review(request.user), source_direction=direction(source.language),
            translation_direction=direction(translation.language),
        )

    def _conflict(self, form, error):
        """Keep the translator's text in the form, let the next save overwrite, and show their change against it."""
        current = error.current
        if current is None:  # deleted since: nothing to compare with, nothing to save over
            form.add_error(None, error)
            return None
        form.add_error(None, ValidationError([*error.messages, _(
            "Your text is kept below: compare it with theirs, then save again to keep yours."
        )]))
        form.data = form.data.copy()
        form.data["seen"] = current.edit_version
        return text_changes({"title": current.title, "summary": current.summary, "body": current.body},
                            {"title": form.cleaned_data["title"], "summary": form.cleaned_data["summary"], "body": form.body()})

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
            # What the translation has yet to catch up with, whatever its stage (nothing when in step).
            "changes": source_changes(current.record) if current.record and current.state != TranslationState.UP_TO_DATE else [],
            "can_review": can_change and may_review(request.user),
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


class QueueStateFilter(admin.SimpleListFilter):
    """The queue's states, named as the versions panel names them."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(state.value, state.label) for state in QUEUED_STATES]

    def queryset(self, request, queryset):
        return queryset.filter(need=self.value()) if self.value() else queryset


class QueueLanguageFilter(admin.SimpleListFilter):
    """The language the work is into, named in the editor's language."""

    title = _("into")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [(code, language_name(code)) for code in LANGUAGE_CODES]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class QueueSectionFilter(admin.SimpleListFilter):
    title = _("section")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        return [(str(section.pk), str(section)) for section in Section.objects.order_by("position", "pk")]

    def queryset(self, request, queryset):
        return queryset.filter(source__section_id=self.value()) if self.value() else queryset


class AssigneeFilter(admin.SimpleListFilter):
    """"Assigned to me" is the first choice: a translator's day starts there."""

    title = _("assigned to")
    parameter_name = "assignee"
    MINE, NOBODY = "me", "nobody"

    def lookups(self, request, model_admin):
        assignees = get_user_model().objects.filter(
            pk__in=TranslationQueueEntry.objects.exclude(assignee=None).values("assignee")
        ).exclude(pk=request.user.pk).order_by("username")[:ASSIGNEE_CHOICES]
        return [(self.MINE, _("Me")), (self.NOBODY, _("Nobody yet"))] + [
            (str(user.pk), user.get_full_name() or user.get_username()) for user in assignees
        ]

    def queryset(self, request, queryset):
        match self.value():
            case None:
                return queryset
            case self.MINE:
                return queryset.filter(assignee=request.user)
            case self.NOBODY:
                return queryset.filter(assignee=None)
            case other if other.isdigit():
                return queryset.filter(assignee_id=int(other))
        return queryset.none()


class QueueEntryForm(forms.ModelForm):
    """What a person sets on a queue entry: who does the work, and by when."""

    class Meta:
        model = TranslationQueueEntry
        fields = ("assignee", "due_date")


@admin.register(TranslationQueueEntry)
class TranslationQueueAdmin(DateHierarchyGuardMixin, admin.ModelAdmin):
    """The translators' to-do list: each story and language that needs work, who has it and by when.

    Rows come and go with the versions' states (``services.sync_queue``); a
    person only assigns them. Every change goes through ``services.assign``.
    """

    form = QueueEntryForm
    list_display = ("work", "into", "state", "section", "source_published", "assignee_name", "due_date", "next_step")
    list_display_links = None
    list_filter = (QueueStateFilter, AssigneeFilter, QueueLanguageFilter, QueueSectionFilter)
    search_fields = ("source__title", "translation__title")
    actions = ("assign_to_me", "unassign")
    list_per_page = 50
    # Counting a whole archive's queue (twice: filtered and in full) is what made it slow.
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    fields = ("assignee", "due_date")
    autocomplete_fields = ()

    def get_queryset(self, request):
        return selectors.translation_queue()

    def get_ordering(self, request):
        return ("-queued_at", "-pk")

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": _("Translation queue"), **(extra_context or {})})

    def _may_see(self, request):
        user = request.user
        return user.is_active and user.is_staff and (
            user.has_perm("articles.view_article") or user.has_perm("translations.view_translationqueueentry")
        )

    def has_module_permission(self, request):
        return self._may_see(request)

    def has_view_permission(self, request, obj=None):
        return self._may_see(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Entries go with their article: whoever may delete an article may let its entries go with it
        # (the admin asks this when it lists what a deletion takes along). Nobody deletes one by hand.
        return request.user.has_perm("articles.delete_article")

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, {"show_delete": False, **(extra_context or {})})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            services.assign(entry=obj, assignee=obj.assignee, due_date=obj.due_date, by=request.user)
        except ValidationError as error:
            # The entry left the queue between the form and the save: say so, lose nothing else.
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        for entry in queryset:
            services.assign(entry=entry, assignee=request.user, due_date=entry.due_date, by=request.user)
        self.message_user(request, _("The selected work is now yours."), messages.SUCCESS)

    @admin.action(description=_("Unassign"), permissions=["change"])
    def unassign(self, request, queryset):
        for entry in queryset:
            services.assign(entry=entry, assignee=None, due_date=None, by=request.user)
        self.message_user(request, _("The selected work is assigned to nobody."), messages.SUCCESS)

    @admin.display(description=_("story"), ordering="source__title")
    def work(self, entry):
        url = admin_url(self.admin_site, "articles_article_change", entry.source_id)
        return format_html('<a href="{}" lang="{}" dir="auto">{}</a>', url, entry.source.language, entry.source.title)

    @admin.display(description=_("into"), ordering="language")
    def into(self, entry):
        return entry.language_name

    @admin.display(description=_("state"), ordering="need")
    def state(self, entry):
        return format_html('<span class="translation-state translation-state--{}">{}</span>', entry.need, entry.need_label)

    @admin.display(description=_("section"))
    def section(self, entry):
        return entry.source.section

    @admin.display(description=_("source published"), ordering="source__published_at")
    def source_published(self, entry):
        published = entry.source.published_at
        if published is None:
            return _("not published")
        return format_html('<time datetime="{}">{}</time>', published.isoformat(), naturaltime(published))

    @admin.display(description=_("assigned to"), ordering="assignee__username")
    def assignee_name(self, entry):
        if entry.assignee is None:
            return "—"
        return entry.assignee.get_full_name() or entry.assignee.get_username()

    @admin.display(description=_("next step"))
    def next_step(self, entry):
        links = []
        if entry.translation_id:
            url = admin_url(self.admin_site, "articles_article_translation_translate", entry.translation_id)
            links.append((url, _("Translate side by side")))
        else:
            url = admin_url(self.admin_site, "articles_article_translation_create", entry.source_id, entry.language)
            links.append((url, create_label(entry.language)))
        links.append((admin_url(self.admin_site, "translations_translationqueueentry_change", entry.pk), _("Assign")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


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
