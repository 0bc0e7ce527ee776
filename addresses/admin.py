"""Old addresses in the admin: looked at and removed, never typed in (importers and services write them)."""

from django.contrib import admin

from .models import OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ("path", "host", "article", "reason", "was_public", "created_at")
    list_filter = ("reason", "was_public")
    search_fields = ("path", "host")
    list_select_related = ("article",)
    readonly_fields = ("host", "path", "article", "reason", "was_public", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
