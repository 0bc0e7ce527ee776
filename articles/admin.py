"""Django admin for editors: articles and the shared vocabulary."""

import logging

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from . import services
from .admin_guards import AdminGuardsMixin
from .forms import ArticleAdminForm
from .models import Article, Author, BrokenRelatedPin, Section, Tag
from .related_admin import BrokenRelatedPinAdmin, RelatedAdminMixin, RelatedArticleInline

logger = logging.getLogger(__name__)


@admin.register(Section)
class SectionAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_ar")
    prepopulated_fields = {"slug_en": ("name_en",), "slug_ar": ("name_ar",)}


@admin.register(Tag)
class TagAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug")
    search_fields = ("name_en", "name_ar")
    prepopulated_fields = {"slug_en": ("name_en",), "slug_ar": ("name_ar",)}


@admin.register(Author)
class AuthorAdmin(TabbedTranslationAdmin):
    list_display = ("name", "slug", "user")
    list_select_related = ("user",)
    search_fields = ("name_en", "name_ar", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("user",)


class PublicationStateFilter(admin.SimpleListFilter):
    """Draft, scheduled or live: what readers can see, not only the stored status."""

    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("live", _("Live")), ("scheduled", _("Scheduled")), ("draft", _("Draft"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Article.Status.PUBLISHED)
        match self.value():
            case "live":
                return published.filter(published_at__lte=now)
            case "scheduled":
                return published.filter(published_at__gt=now)
            case "draft":
                return queryset.filter(status=Article.Status.DRAFT)
        return queryset


@admin.register(Article)
class ArticleAdmin(AdminGuardsMixin, RelatedAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = (RelatedArticleInline,)
    actions = ("copy_related_from_other_version",)
    list_display = ("title", "language", "section", "visibility", "published_at")
    # Visibility (live, scheduled, draft) says more than the stored status, so it replaces that filter.
    list_filter = ("language", PublicationStateFilter, "section")
    list_select_related = ("section",)
    search_fields = ("title", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("authors", "tags", "section")
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by", "related_overview")
    fieldsets = (
        (None, {"fields": ("language", "title", "slug", "summary", "body")}),
        (_("Featured image"), {"fields": ("image", "image_caption", "image_credit")}),
        (_("Filing"), {"fields": ("authors", "section", "tags")}),
        (_("Publication"), {"fields": ("status", "published_at", "no_support_appeal")}),
        (_("Related articles"), {"fields": ("related_overview",)}),
        (_("History"), {"fields": ("created_at", "created_by", "updated_at", "updated_by"), "classes": ("collapse",)}),
    )

    class Media:
        js = ("articles/admin/article_form.js", "articles/admin/related_overview.js")

    @admin.display(description=_("visibility"), ordering="status")
    def visibility(self, article):
        if article.is_live:
            return _("Live")
        if article.is_scheduled:
            return _("Scheduled")
        return _("Draft")

    def view_on_site(self, article):
        # Readers get a 404 for a draft or a scheduled article; offer the link only when there is a page.
        return article.get_absolute_url() if article.is_live else None

    def get_changeform_initial_data(self, request):
        # A new article starts in the language the editor is working in.
        return {"language": get_language(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.renumber_pins(article=form.instance)
        # Suggestions are refreshed by changeform_view once this save has committed.
        request.refresh_related_suggestions_of = form.instance

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # super() saves in its own transaction, committed on return. Refreshing only
        # afterwards (tags saved, no article row locked by us) means another editor's
        # refresh can make this one wait, never fail or undo the save.
        response = super().changeform_view(request, object_id, form_url, extra_context)
        article = getattr(request, "refresh_related_suggestions_of", None)
        if article is not None:
            self._refresh_suggestions_after_save(request, article)
        return response

    def _refresh_suggestions_after_save(self, request, article):
        try:
            services.refresh_related_suggestions(article=article)
        except Exception:
            # The article is saved; stale suggestions are healed by the next
            # refresh (the nightly command at the latest), so say so instead of a 500.
            logger.exception("Refreshing the related suggestions of article %s failed", article.pk)
            messages.warning(
                request,
                _(
                    "The article was saved, but its related-article suggestions could not be updated just now. "
                    "They will be updated on the next save or overnight."
                ),
            )

    def delete_model(self, request, obj):
        affected = services.lists_suggesting([obj])
        super().delete_model(request, obj)
        services.refresh_after_deletion(article_ids=affected)

    def delete_queryset(self, request, queryset):
        affected = services.lists_suggesting(list(queryset))
        super().delete_queryset(request, queryset)
        services.refresh_after_deletion(article_ids=affected)


admin.site.register(BrokenRelatedPin, BrokenRelatedPinAdmin)
