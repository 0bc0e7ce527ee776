"""The front page in the admin: one page per edition, its stories listed and ordered by editors.

Saving goes through ``services.set_front_page``, the one write path; the
inline only collects the stories in the order of their positions.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import FrontPage, FrontPagePick


class FrontPagePickFormSet(forms.BaseInlineFormSet):
    def articles_in_order(self):
        """The stories the editor kept, by position (rows as typed break ties)."""
        kept = [
            (form.cleaned_data.get("position") or 1000, index, form.cleaned_data["article"])
            for index, form in enumerate(self.forms)
            if form.cleaned_data.get("article") and not self._should_delete_form(form)
        ]
        return [article for _position, _index, article in sorted(kept, key=lambda row: row[:2])]

    def clean(self):
        super().clean()
        language = self.instance.language
        if any(article.language != language for article in self.articles_in_order()):
            raise ValidationError(_("Only stories of this edition can be on its front page."))


class FrontPagePickInline(admin.TabularInline):
    model = FrontPagePick
    formset = FrontPagePickFormSet
    fields = ("position", "article")
    autocomplete_fields = ("article",)
    extra = 3


@admin.register(FrontPage)
class FrontPageAdmin(admin.ModelAdmin):
    list_display = ("__str__", "updated_at")
    inlines = (FrontPagePickInline,)
    fieldsets = ((None, {"fields": ("language",), "description": _(
        "The first story is the lead, the next ones the top stories; places left empty show the newest stories."
    )}),)

    def get_readonly_fields(self, request, obj=None):
        return ("language",) if obj else ()

    def save_formset(self, request, form, formset, change):
        if formset.model is not FrontPagePick:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # fills the change lists the history message reads; writes nothing
        services.set_front_page(language=form.instance.language, articles=formset.articles_in_order(), by=request.user)
