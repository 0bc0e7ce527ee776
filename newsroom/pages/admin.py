"""Site pages in the admin, one row per page per edition, written through the pages services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import SitePage


class SitePageForm(forms.ModelForm):
    counterpart = forms.ModelChoiceField(
        SitePage.objects.all(),
        required=False,
        label=_("Same page in another language"),
        help_text=_("The language switch of each version leads to the other. Leave empty for a page in one edition only."),
    )

    class Meta:
        model = SitePage
        fields = ("language", "title", "slug", "body", "is_published")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["counterpart"].queryset = SitePage.objects.exclude(pk=self.instance.pk)
            self.initial.setdefault("counterpart", self.instance.versions().values_list("pk", flat=True).first())

    def clean(self):
        cleaned = super().clean()
        counterpart, language = cleaned.get("counterpart"), cleaned.get("language")
        if counterpart is not None and language:
            self.instance.language = language
            try:
                self.instance.check_counterpart(counterpart)
            except forms.ValidationError as error:
                self.add_error("counterpart", error)
        return cleaned


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    form = SitePageForm
    list_display = ("title", "language", "slug", "is_published", "updated_at")
    list_filter = ("language", "is_published")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}

    def save_model(self, request, obj, form, change):
        counterpart = form.cleaned_data.get("counterpart")
        was_linked = form.initial.get("counterpart") is not None
        services.save_site_page(page=obj, counterpart=counterpart, unlink=was_linked and counterpart is None)

    def delete_model(self, request, obj):
        services.delete_site_pages(pages=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_site_pages(pages=list(queryset))
