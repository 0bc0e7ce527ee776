"""The banner editing form: each language's copy is typed in that language's direction."""

from django import forms
from django.db import models
from django.utils import translation

from .models import LANGUAGE_CODES, Banner
from .selectors import COPY_FIELDS


def _formfield(field, **kwargs):
    # Support pages are HTTPS; an address typed without a scheme is taken to be one.
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class BannerAdminForm(forms.ModelForm):
    class Meta:
        model = Banner
        fields = "__all__"
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in LANGUAGE_CODES:
            direction = "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
            for field in COPY_FIELDS:
                name = f"{field}_{code}"
                if name in self.fields:
                    # Addresses read left to right in every language.
                    attrs = {"lang": code, "dir": "ltr" if field == "cta_url" else direction}
                    self.fields[name].widget.attrs.update(attrs)
        if "lines_en" in self.fields:
            for code in LANGUAGE_CODES:
                self.fields[f"lines_{code}"].widget.attrs.setdefault("rows", 5)
