"""Django admin for editors: the shared vocabulary, and the articles app's part of the article admin.

``ArticleAdmin`` here is the articles app's own admin for articles: the form,
the list, the related-articles pins and overview. It is not registered here:
the project package (``newsroom/admin.py``) assembles the one article admin
from it and the other apps' mixins, as it assembles the article page.

Other apps add to the change page through ``get_change_form_panels``: each
returns ``Panel``s (a template and its context) shown above or below the form,
outside it, so their own small forms are never nested in the article form.
"""

from dataclasses import dataclass, field

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from . import services
from .admin_guards import AdminGuardsMixin
from .forms import ArticleAdminForm
from .models import Article, Author, BrokenRelatedPin, Section, Tag, Visibility
from .preview_admin import PreviewAdminMixin
from .related_admin import BrokenRelatedPinAdmin, RelatedAdminMixin, RelatedArticleInline
from .revisions_admin import RevisionAdminMixin
from .templatetags.edition_format import isolate


class VocabularyAdminMixin:
    """Sections, tags and authors are written through the articles services, which purge the pages naming them."""

    def save_model(self, request, obj, form, change):
        services.save_vocabulary(item=obj)

    def delete_model(self, request, obj):
        services.delete_vocabulary(items=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_vocabulary(items=list(queryset))


@admin.register(Section)
class SectionAdmin(VocabularyAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_ar")
    prepopulated_fields = {"slug_en": ("name_en",), "slug_ar": ("name_ar",)}


@admin.register(Tag)
class TagAdmin(VocabularyAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_en", "name_ar")
    prepopulated_fields = {"slug_en": ("name_en",), "slug_ar": ("name_ar",)}


@admin.register(Author)
class AuthorAdmin(VocabularyAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "user")
    list_select_related = ("user",)
    search_fields = ("name_en", "name_ar", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("user",)


class VisibilityFilter(admin.SimpleListFilter):
    """Draft, scheduled or live: what readers can see, not only the stored status."""

    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return Visibility.choices

    def queryset(self, request, queryset):
        if self.value() in Visibility.values:
            return queryset.with_visibility(self.value())
        return queryset


class CappedCountPaginator(Paginator):
    """A paginator that counts no further than ``cap`` rows.

    An archive's lists run to hundreds of thousands of rows: counting them
    all costs a scan on every page, while "10,000 or more" is all an editor
    needs (filters and search narrow a list down). Pages past the cap are not
    offered.
    """

    cap = 10_000

    @cached_property
    def count(self):
        # SELECT COUNT(*) FROM (... LIMIT cap): the database stops at the cap.
        return self.object_list[: self.cap].count()

    @property
    def is_capped(self):
        return self.count >= self.cap


class PublishedFilter(admin.SimpleListFilter):
    """The publication date by year (recent ones first): the archive's span read from the index in two steps.

    It replaces the admin's date hierarchy, which lists the years present by
    reading every row of the archive on every page of the list.
    """

    title = _("publication year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        span = Article.objects.aggregate(first=Min("published_at"), last=Max("published_at"))
        if span["first"] is None:
            return []
        first, last = (timezone.localtime(span[key]).year for key in ("first", "last"))
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if not (value.isascii() and value.isdecimal() and len(value) == 4):
            return queryset
        start = timezone.make_aware(timezone.datetime(int(value), 1, 1))
        end = timezone.make_aware(timezone.datetime(int(value) + 1, 1, 1))
        return queryset.filter(published_at__gte=start, published_at__lt=end)


class ArticleChangeList(ChangeList):
    """The article list reads what its columns show, never the stories' text."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer("body", "summary")


def admin_url(admin_site, name, *args):
    """The address of the admin view *name* (e.g. ``"articles_article_change"``) on *admin_site*."""
    return reverse(f"{admin_site.name}:{name}", args=args)


@dataclass(frozen=True)
class Panel:
    """A block another app shows on the article change page, outside the form."""

    template: str
    context: dict
    #: "top" (between the object tools and the form) or "bottom" (after the form).
    placement: str = "top"
    stylesheets: tuple = field(default=())


class ArticleAdmin(AdminGuardsMixin, RevisionAdminMixin, PreviewAdminMixin, RelatedAdminMixin, admin.ModelAdmin):
    """The articles app's article admin; ``newsroom/admin.py`` registers it with the other apps' parts."""

    form = ArticleAdminForm
    inlines = (RelatedArticleInline,)
    actions = ("publish_now", *PreviewAdminMixin.actions)
    list_display = ("title_in_its_language", "language", "section", "visibility", "published_at")
    # Visibility (live, scheduled, draft) says more than the stored status, so it replaces that filter.
    list_filter = ("language", VisibilityFilter, "section", PublishedFilter)
    list_select_related = ("section",)
    search_fields = ("title", "slug")
    # An archive's list is not counted in full (see CappedCountPaginator); searching
    # titles and slugs is served by trigram indexes on PostgreSQL (migration 0007).
    paginator = CappedCountPaginator
    show_full_result_count = False
    # Facet counts would count the archive once per filter choice.
    show_facets = admin.ShowFacets.NEVER
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("authors", "tags", "section")
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by", *RelatedAdminMixin.overview_fields)

    @admin.display(description=Article._meta.get_field("title").verbose_name, ordering="title")
    def title_in_its_language(self, article):
        """The title isolated in its own language and direction (an Arabic title in the English list)."""
        return isolate(article)
    fieldsets = (
        (None, {"fields": ("language", "title", "slug", "summary", "body")}),
        (_("Featured image"), {"fields": ("image", "image_alt", "image_caption", "image_credit")}),
        (_("Filing"), {"fields": ("authors", "section", "tags")}),
        (_("Publication"), {"fields": ("status", "published_at", "no_support_appeal")}),
        (_("Related articles"), {"fields": ("related_overview",)}),
        (_("History"), {"fields": ("created_at", "created_by", "updated_at", "updated_by"), "classes": ("collapse",)}),
    )

    class Media:
        js = ("articles/admin/article_form.js", "articles/admin/related_overview.js")

    @admin.display(description=_("visibility"), ordering="status")
    def visibility(self, article):
        return article.get_visibility_display()

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    #: Date parts typed into the list's address: the list offers its own year filter instead.
    DATE_TRANSFORMS = {"year", "iso_year", "quarter", "month", "week", "week_day", "iso_week_day", "day"}

    def lookup_allowed(self, lookup, value, request=None):
        """No date parts in the address: a year too large for the database was a server error; now it is a 400."""
        if self.DATE_TRANSFORMS & set(lookup.split("__")[1:]):
            return False
        return super().lookup_allowed(lookup, value, request)

    def view_on_site(self, article):
        # Readers get a 404 for a draft or a scheduled article; offer the link only when there is a page.
        # Every article, live or not, also has a Preview (``PreviewAdminMixin``).
        return article.get_absolute_url() if article.is_live else None

    def get_changeform_initial_data(self, request):
        # A new article starts in the language the editor is working in.
        return {"language": get_language(), **super().get_changeform_initial_data(request)}

    # Publishing: a permission of its own, checked again by ``services.save_article``.

    #: What only a user who may publish can set on the form.
    PUBLICATION_FIELDS = ("status", "published_at")

    def has_publish_permission(self, request):
        """May change articles and publish them (an action's ``permissions`` are alternatives, so one name for both)."""
        return self.has_change_permission(request) and services.may_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if self.has_publish_permission(request):
            return readonly
        return readonly + self.PUBLICATION_FIELDS

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.editor = request.user  # a class made for this request: the form checks publishing as this user
        return form

    @admin.action(description=_("Publish the selected drafts now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        articles = list(queryset)
        # permissions= asks about articles in general; the rule for each article gets its say too.
        if not all(self.has_change_permission(request, article) for article in articles):
            raise PermissionDenied
        try:
            published = services.publish_articles(articles=articles, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        count = len(published)
        message = ngettext("%(count)d draft published.", "%(count)d drafts published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    # Writes: every one through ``articles.services``.

    def save_model(self, request, obj, form, change):
        # Suggestions are refreshed by a background job; a failure shows among the jobs, not here.
        # A save made after someone else's raises EditConflict (RevisionAdminMixin shows it).
        seen_version = form.seen_version() if change else None
        services.save_article(article=obj, by=request.user, seen_version=seen_version)

    def delete_model(self, request, obj):
        services.delete_articles(articles=[obj], by=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_articles(articles=list(queryset), by=request.user)

    # Panels of other apps on the change page.

    def get_change_form_panels(self, request, article):
        """The ``Panel``s shown with *article*'s change form; mixins add theirs and call ``super()``."""
        share = self.preview_share_panel(request, article)  # PreviewAdminMixin
        return [share] if share else []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        panels = self.get_change_form_panels(request, obj) if obj is not None and obj.pk else []
        context.update(
            panels_top=[panel for panel in panels if panel.placement == "top"],
            panels_bottom=[panel for panel in panels if panel.placement == "bottom"],
            panel_stylesheets=sorted({sheet for panel in panels for sheet in panel.stylesheets}),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


admin.site.register(BrokenRelatedPin, BrokenRelatedPinAdmin)

from . import front_page_admin  # noqa: E402, F401  (registers the front page's admin)
