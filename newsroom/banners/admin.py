"""Django admin for reader-support banners: copy in tabs per language, results in the list, a preview per edition."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe
from modeltranslation.admin import TabbedTranslationAdmin

from articles.editions import LANGUAGE_CODES, direction, language_name

from . import services
from .forms import BannerAdminForm
from .models import Banner, text_list
from .selectors import snapshot_of
from .templatetags.banner_tags import render_banner


class StateFilter(admin.SimpleListFilter):
    """Live, scheduled, ended or off: what readers get now, not only the switch."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Banner.State.choices

    def queryset(self, request, queryset):
        match self.value():
            case Banner.State.LIVE:
                return queryset.live()
            case Banner.State.SCHEDULED:
                return queryset.switched_on().exclude(pk__in=queryset.live().values("pk"))
            case Banner.State.ENDED:
                return queryset.filter(is_active=True).exclude(pk__in=queryset.switched_on().values("pk"))
            case Banner.State.OFF:
                return queryset.filter(is_active=False)
        return queryset


@admin.register(Banner)
class BannerAdmin(TabbedTranslationAdmin):
    form = BannerAdminForm
    list_display = (
        "name", "state", "placement", "edition", "priority", "weight",
        "impressions", "clicks", "dismissals", "click_through_rate", "previews",
    )
    list_filter = (StateFilter, "placement", "edition", "sections")
    search_fields = ("name",)
    autocomplete_fields = ("sections",)
    readonly_fields = (
        "impressions", "clicks", "dismissals", "click_through_rate", "previews", "created_at", "updated_at",
    )
    actions = ("switch_on", "switch_off")
    fieldsets = (
        (None, {"fields": ("name", "is_active")}),
        (_("Copy"), {"fields": ("lines", "amount_line", "cta_label", "cta_url")}),
        (_("Where"), {"fields": ("edition", "placement", "paragraph", "sections")}),
        (_("When"), {"fields": ("starts_at", "ends_at")}),
        (_("Competing banners"), {"fields": ("priority", "weight")}),
        (_("Results"), {"fields": ("impressions", "clicks", "dismissals", "click_through_rate", "previews")}),
        (_("History"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("state"))
    def state(self, banner):
        return banner.state_label()

    @admin.display(description=_("click-through rate"))
    def click_through_rate(self, banner):
        # Only where impressions are known: clicks over no recorded views mean nothing.
        rate = banner.click_through_rate
        return "—" if rate is None else f"{rate:.1%}"

    @admin.display(description=_("preview"))
    def previews(self, banner):
        if banner.pk is None:
            return _("Save the banner to preview it.")
        links = [
            (reverse(f"{self.admin_site.name}:banners_banner_preview", args=[banner.pk, code]), language_name(code))
            for code in LANGUAGE_CODES
        ]
        return format_html_join(" · ", '<a href="{}" target="_blank" rel="noopener">{}</a>', links)

    # Writes go through the banners' services, like the switch actions below.

    def save_model(self, request, obj, form, change):
        services.save_banner(banner=obj)

    def delete_model(self, request, obj):
        services.delete_banners(banners=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_banners(banners=list(queryset))

    def get_urls(self):
        preview = self.admin_site.admin_view(require_safe(self.preview_view))  # it only reads: POST is a 405
        return [
            path("<int:object_id>/preview/<str:language>/", preview, name="banners_banner_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id, language):
        """The banner as readers of one edition get it (same template), the Arabic one right to left."""
        if language not in LANGUAGE_CODES:
            raise Http404
        banner = get_object_or_404(Banner, pk=object_id)
        if not self.has_view_permission(request, banner):
            raise PermissionDenied
        missing = banner.missing_copy_in(language)
        context = {
            **self.admin_site.each_context(request),
            "banner": banner,
            "language": language,
            "language_display": language_name(language),
            "direction": direction(language),
            "missing": text_list(banner._meta.get_field(field).verbose_name for field in missing),
            "state": banner.state(),
            "state_label": banner.state_label(),
            "banner_html": "" if missing else render_banner(snapshot_of(banner), language=language, preview=True),
            "title": _("Preview of “%(name)s”") % {"name": banner.name},
        }
        return TemplateResponse(request, "banners/admin/preview.html", context)

    @admin.action(description=_("Switch the selected banners on"), permissions=["change"])
    def switch_on(self, request, queryset):
        self._check_change_permission_on_each(request, queryset)
        switched, refused = services.switch_banners(banners=queryset, on=True)
        if switched:
            count = len(switched)
            message = ngettext("%(count)d banner switched on.", "%(count)d banners switched on.", count)
            self.message_user(request, message % {"count": count}, messages.SUCCESS)
        for banner in refused:
            languages = text_list(language_name(code) for code in banner.missing_copy())
            message = _("“%(name)s” stays off: its copy is incomplete in %(languages)s.")
            self.message_user(request, message % {"name": banner.name, "languages": languages}, messages.ERROR)

    @admin.action(description=_("Switch the selected banners off"), permissions=["change"])
    def switch_off(self, request, queryset):
        self._check_change_permission_on_each(request, queryset)
        switched, _refused = services.switch_banners(banners=queryset, on=False)
        count = len(switched)
        message = ngettext("%(count)d banner switched off.", "%(count)d banners switched off.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def _check_change_permission_on_each(self, request, queryset):
        """``permissions=["change"]`` asks about banners in general; a rule per banner gets its say too."""
        if not all(self.has_change_permission(request, banner) for banner in queryset):
            raise PermissionDenied
