"""The banner editing form: each language's copy is typed in that language's direction."""

from django import forms

from articles.editions import LANGUAGE_CODES, direction

from .models import COPY_FIELDS, Banner


class BannerAdminForm(forms.ModelForm):
    class Meta:
        model = Banner
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in LANGUAGE_CODES:
            for field in COPY_FIELDS:
                name = f"{field}_{code}"
                if name in self.fields:
                    # Addresses read left to right in every language.
                    attrs = {"lang": code, "dir": "ltr" if field == "cta_url" else direction(code)}
                    self.fields[name].widget.attrs.update(attrs)
            if f"lines_{code}" in self.fields:
                # A few short lines: Django's textarea is twice as tall.
                self.fields[f"lines_{code}"].widget.attrs["rows"] = 5
