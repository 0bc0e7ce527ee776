"""Old addresses in the admin: looked at and removed, never typed in (importers and services write them); old hosts edited."""

from django.contrib import admin

from .models import OldAddress, OldHost


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


@admin.register(OldHost)
class OldHostAdmin(admin.ModelAdmin):
    """The old sites' hosts: an import adds each site's; the desk may correct the edition or add one by hand."""

    list_filter = ("language",)
    search_fields = ("host",)
    list_display = ("host", "language", "category_base", "tag_base", "created_at")
    fields = ("host", "language", "category_base", "tag_base")
