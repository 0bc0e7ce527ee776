"""Admin pieces for related articles, used by ``ArticleAdmin`` in ``articles.admin``.

* ``RelatedArticleInline``: the ordered pins, added with an autocomplete that
  offers only articles in the story's language and shows section and date.
* ``RelatedAdminMixin``: the overview of the list a reader gets (pinned and
  suggested, with the reasons), its Pin / Exclude / Allow again buttons, and
  the URLs behind them; the inline's rows saved through the same service as
  everything else. The buttons post the article form to their own URL
  (``formaction``), so no second form is nested in the page. Other apps may
  offer more buttons (``get_related_copy_sources``).
* ``BrokenRelatedPinAdmin``: the report of pins readers cannot see.

All changes go through ``articles.services``.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import editions, selectors, services
from .editions import LANGUAGE_CODES, language_name
from .models import Article, RelatedArticle, Visibility, visible_as


def article_label(article):
    """How an article is offered to editors picking a related one: title — section · date."""
    state = article.get_visibility_display()
    label = f"{article.title} — {article.section.name} · {editions.format_date(article.published_at) or state}"
    if not article.is_live and article.published_at:
        label += f" ({state})"
    return label


def suggestion_reasons(suggestion, tags):
    """Why a story was suggested, in words: shared tags · same section · similar words."""
    reasons = []
    names = sorted(str(tags[tag_id]) for tag_id in suggestion.shared_tags if tag_id in tags)
    if names:
        reasons.append(
            ngettext("%(count)d shared tag: %(names)s", "%(count)d shared tags: %(names)s", len(names))
            % {"count": len(names), "names": gettext(", ").join(names)}
        )
    if suggestion.same_section:
        reasons.append(gettext("same section"))
    if suggestion.similar_words:
        reasons.append(
            gettext("similar words: %(words)s") % {"words": gettext(", ").join(suggestion.similar_words)}
        )
    return " · ".join(reasons)


# Picking pins -------------------------------------------------------------


class RelatedAutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, narrowed to one language and labelled with section and date."""

    def get_queryset(self):
        queryset = super().get_queryset().select_related("section")
        language = self.request.GET.get("language")
        if language in LANGUAGE_CODES:
            queryset = queryset.filter(language=language)
        exclude = self.request.GET.get("exclude", "")
        # isdigit() would accept "²", which is no number to the database.
        if exclude.isascii() and exclude.isdecimal():
            queryset = queryset.exclude(pk=exclude)
        return queryset

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": article_label(obj)}


class RelatedTargetSelect(AutocompleteSelect):
    """An autocomplete that asks ``RelatedAutocompleteView`` for articles in one language."""

    language = None
    exclude_pk = None
    #: The article a saved row points to, set per row by ``RelatedArticleFormSet.add_fields``.
    current_target = None

    def get_url(self):
        url = reverse(f"{self.admin_site.name}:articles_article_related_autocomplete")
        params = {"language": self.language or get_language()}
        if self.exclude_pk:
            params["exclude"] = self.exclude_pk
        return f"{url}?{urlencode(params)}"

    def optgroups(self, name, value, attr=None):
        """The selected option of a saved pin, labelled from the article read with the pins.

        Django's widget reads the selected article again, one query per row of
        the inline; a changed or new row still does.
        """
        target = self.current_target
        if target is None or [str(item) for item in value] != [str(target.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        options.append(self.create_option(name, target.pk, article_label(target), True, len(options)))
        return [(None, options, 0)]


class RelatedArticleInlineForm(forms.ModelForm):
    position = forms.IntegerField(
        label=_("position"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Leave empty to add at the end, or use the arrows to move a row."),
        widget=forms.NumberInput(
            attrs={"style": "inline-size: 4em", "data-move-up": _("Move up"), "data-move-down": _("Move down")}
        ),
    )

    class Meta:
        model = RelatedArticle
        fields = ("position", "target")

    def clean_position(self):
        # An empty position means "after the others"; positions are renumbered 1..n on save.
        position = self.cleaned_data.get("position")
        return 1000 if position is None else position


class RelatedArticleFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        # Django would name the columns ("article and target"); say it as an editor would.
        return gettext("The same article is listed twice; keep one.")

    def targets_in_order(self):
        """The pinned articles the editor kept, in the order of their positions (rows as typed break ties)."""
        kept = [
            (form.cleaned_data.get("position", 1000), index, form.cleaned_data["target"])
            for index, form in enumerate(self.forms)
            if form.cleaned_data.get("target") and not self._should_delete_form(form)
        ]
        return [target for _position, _index, target in sorted(kept, key=lambda row: row[:2])]

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pin = form.instance
        if pin.pk is not None and pin.target_id is not None:
            select = form.fields["target"].widget
            getattr(select, "widget", select).current_target = pin.target


class RelatedArticleInline(admin.TabularInline):
    model = RelatedArticle
    fk_name = "article"
    form = RelatedArticleInlineForm
    formset = RelatedArticleFormSet
    fields = ("position", "target", "target_visibility")
    readonly_fields = ("target_visibility",)
    autocomplete_fields = ("target",)
    ordering = ("position", "pk")
    extra = 1
    verbose_name = _("pinned related article")
    verbose_name_plural = _("Related articles pinned by the editors (shown first, in this order)")

    class Media:
        css = {"all": ("articles/admin/related_admin.css",)}
        js = ("articles/admin/related_pins.js",)

    def get_queryset(self, request):
        # The article is read for each row's name, the target's section for its label.
        return super().get_queryset(request).select_related("article", "target__section")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            kwargs["widget"] = RelatedTargetSelect(db_field, self.admin_site)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "target":
            # The label names the section: read it with the selected options, not one query per pin.
            formfield.queryset = formfield.queryset.select_related("section")
            formfield.label_from_instance = article_label
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The form class is built for this request, so its widget can carry the article's language.
        select = formset.form.base_fields["target"].widget
        select = getattr(select, "widget", select)
        select.language = obj.language if obj else self._language_of_new_article(request)
        select.exclude_pk = obj.pk if obj else None
        return formset

    @staticmethod
    def _language_of_new_article(request):
        """The add page's ``?language=`` if it is an edition of the site, else the site's default."""
        language = request.GET.get("language") or get_language()
        return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE

    @admin.display(description=_("readers see it?"))
    def target_visibility(self, pin):
        if not pin.target_id:
            return "–"
        if pin.target.is_live:
            return gettext("Yes")
        return gettext("No: %(state)s") % {"state": pin.target.get_visibility_display()}


# The overview on the article form -----------------------------------------


class RelatedAdminMixin:
    """Adds the related-articles overview, its actions and URLs to the article admin."""

    #: The overview with buttons, and without them for those who may only look (see ``get_fieldsets``).
    overview_fields = ("related_overview", "related_overview_read_only")

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        urls = [
            path(
                "related/autocomplete/",
                view(RelatedAutocompleteView.as_view(admin_site=self.admin_site)),
                name=f"{info}_related_autocomplete",
            ),
            path(
                "<path:object_id>/related/<str:action>/<int:target_id>/",
                view(self.related_action_view),
                name=f"{info}_related_action",
            ),
        ]
        return urls + super().get_urls()

    #: The permission each button of the overview needs, besides changing the article.
    CURATION_PERMISSIONS = {
        "pin": "articles.add_relatedarticle",
        "exclude": "articles.add_relatedexclusion",
        "allow": "articles.delete_relatedexclusion",
    }

    def has_curate_permission(self, request):
        """May change articles and curate their related articles (pins and exclusions); an action permission too.

        One name for both, because Django offers an action when *any* of its ``permissions`` is held.
        """
        user = request.user
        may_curate = all(user.has_perm(permission) for permission in self.CURATION_PERMISSIONS.values())
        return may_curate and self.has_change_permission(request)

    def get_fieldsets(self, request, obj=None):
        """Without the right to change this article and curate its list, the overview shows no buttons."""
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj) and self.has_curate_permission(request):
            return fieldsets
        return [
            (name, {**options, "fields": [self._read_only(field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    @staticmethod
    def _read_only(field):
        return "related_overview_read_only" if field == "related_overview" else field

    def save_formset(self, request, form, formset, change):
        """The pins the editor listed are saved through ``services.set_related_pins``, like every other write."""
        if formset.model is not RelatedArticle:
            return super().save_formset(request, form, formset, change)
        # Writes nothing; fills new/changed/deleted_objects, which the admin's history message reads.
        formset.save(commit=False)
        # The article's save just moved its edit version on (and checked it): the pins go with it.
        services.set_related_pins(article=form.instance, targets=formset.targets_in_order(), by=request.user)

    def get_related_copy_sources(self, article):
        """Buttons other apps add under the overview: ``(label, url)`` pairs, posted like the others."""
        return []

    @admin.display(description=_("what readers see"))
    def related_overview(self, article, editable=True):
        if article.pk is None:
            return gettext("Save the article to see the related articles readers will get.")
        overview = selectors.related_overview_for_editor(article=article)
        context = {
            "article": article,
            "count": services.related_count(),
            "editable": editable,
            "rows": [self._overview_row(article, item, overview["tags"]) for item in overview["items"]],
            "broken": [
                {"pin": pin, "change_url": self._change_url(pin.target_id)} for pin in overview["broken"]
            ],
            "excluded": [
                {"target": exclusion.target, "allow_url": self._related_action_url(article, "allow", exclusion.target)}
                for exclusion in overview["excluded"]
            ],
            "copy_sources": self.get_related_copy_sources(article) if editable else [],
        }
        return render_to_string("articles/admin/related_overview.html", context)

    @admin.display(description=_("what readers see"))
    def related_overview_read_only(self, article):
        return self.related_overview(article, editable=False)

    def _overview_row(self, article, item, tags):
        return {
            "item": item,
            "change_url": self._change_url(item.article.pk),
            "reasons": suggestion_reasons(item.suggestion, tags) if item.suggestion else "",
            "pin_url": self._related_action_url(article, "pin", item.article),
            "exclude_url": self._related_action_url(article, "exclude", item.article),
        }

    def _change_url(self, pk):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change", args=[pk])

    def _related_action_url(self, article, action, target):
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_related_action"
        return reverse(name, args=[article.pk, action, target.pk])

    def related_article_for_change(self, request, object_id):
        """The article an action applies to, after checking method and permission."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No such article."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def back_to_related(self, article):
        return HttpResponseRedirect(f"{self._change_url(article.pk)}#related-overview")

    @staticmethod
    def _seen_version(request):
        """The edit version the article form (posted by the button) was read at, if it says."""
        seen = request.POST.get("edit_version", "")
        return int(seen) if seen.isascii() and seen.isdecimal() else None

    RELATED_ACTIONS = {
        "pin": (services.promote_suggestion, _("“%(title)s” is now pinned.")),
        "exclude": (services.exclude_suggestion, _("“%(title)s” will not be suggested for this article again.")),
        "allow": (services.allow_suggestion, _("“%(title)s” may be suggested again.")),
    }

    def related_action_view(self, request, object_id, action, target_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in self.RELATED_ACTIONS:
            raise Http404(gettext("Unknown action."))
        article = self.related_article_for_change(request, object_id)
        if not request.user.has_perm(self.CURATION_PERMISSIONS[action]):
            raise PermissionDenied
        target = get_object_or_404(Article, pk=target_id)
        service, done = self.RELATED_ACTIONS[action]
        kwargs = {"by": request.user} if action != "allow" else {}
        try:
            service(article=article, target=target, seen_version=self._seen_version(request), **kwargs)
        except services.EditConflict as conflict:
            # The buttons post the article form: what the editor typed there is not saved by them anyway.
            self.message_user(
                request,
                " ".join([*conflict.messages, gettext("Look at the article as it is now, then try again.")]),
                messages.ERROR,
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done % {"title": target.title}, messages.SUCCESS)
        return self.back_to_related(article)


# The broken-pins report -------------------------------------------------------


class BrokenPinProblemFilter(admin.SimpleListFilter):
    title = _("problem")
    parameter_name = "problem"

    def lookups(self, request, model_admin):
        return [
            (Visibility.DRAFT, Visibility.DRAFT.label),
            (Visibility.SCHEDULED, Visibility.SCHEDULED.label),
            ("language", _("In another language")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft" | "scheduled":
                return queryset.filter(visible_as(self.value(), prefix="target__"))
            case "language":
                return queryset.exclude(target__language=F("article__language"))
        return queryset


class BrokenRelatedPinAdmin(admin.ModelAdmin):
    """Pins readers cannot follow, with links to the story to fix and to the target."""

    list_display = ("target_link", "problem", "article_link", "position", "language")
    list_filter = (BrokenPinProblemFilter, "article__language")
    list_select_related = ("article", "target__section")
    search_fields = ("article__title", "target__title")
    ordering = ("-target__updated_at", "pk")
    list_display_links = None

    def get_queryset(self, request):
        return selectors.broken_pins(super().get_queryset(request))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("pinned article"), ordering="target__title")
    def target_link(self, pin):
        url = reverse(f"{self.admin_site.name}:articles_article_change", args=[pin.target_id])
        return format_html('<a href="{}" dir="auto">{}</a>', url, pin.target.title)

    @admin.display(description=_("problem"))
    def problem(self, pin):
        if pin.target.language != pin.article.language:
            return gettext("In another language")
        return pin.target.get_visibility_display()

    @admin.display(description=_("pinned under"), ordering="article__title")
    def article_link(self, pin):
        url = reverse(f"{self.admin_site.name}:articles_article_change", args=[pin.article_id])
        return format_html(
            '<a href="{}#related-overview" dir="auto">{}</a> <span class="help">({})</span>',
            url,
            pin.article.title,
            gettext("replace or remove the pin"),
        )

    @admin.display(description=_("language"), ordering="article__language")
    def language(self, pin):
        return language_name(pin.article.language)

