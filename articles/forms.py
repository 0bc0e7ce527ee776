"""Forms of the articles app."""

from django import forms
from django.conf import settings

from . import editions
from .models import Article

#: Text fields whose writing direction follows the article's language.
DIRECTIONAL_FIELDS = ("title", "slug", "summary", "body", "image_caption", "image_credit")


class ArticleAdminForm(forms.ModelForm):
    """The article form; text fields are right-to-left while the article is Arabic."""

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.initial.get("language") or self.instance.language
        if not editions.is_edition(language):  # e.g. ?language=zz on the add page
            language = settings.LANGUAGE_CODE
        for name in DIRECTIONAL_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"dir": editions.direction(language), "lang": language})
