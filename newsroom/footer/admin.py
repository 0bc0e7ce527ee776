"""Footer links in the admin, per language in tabs, written through the footer services."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from . import services
from .models import FooterLink


@admin.register(FooterLink)
class FooterLinkAdmin(TabbedTranslationAdmin):
    list_display = ("__str__", "group", "position")
    list_editable = ("position",)
    list_filter = ("group",)
    search_fields = ("label_en", "label_ar", "url_en", "url_ar")

    def save_model(self, request, obj, form, change):
        services.save_footer_link(link=obj)

    def delete_model(self, request, obj):
        services.delete_footer_links(links=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_footer_links(links=list(queryset))
