"""Forms of the articles app."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from . import editions, services
from .models import Article

#: Text fields whose writing direction follows the article's language.
DIRECTIONAL_FIELDS = ("title", "slug", "summary", "body", "image_caption", "image_credit")


class ArticleAdminForm(forms.ModelForm):
    """The article form; text fields are right-to-left while the article is Arabic.

    A save that would publish is refused next to the form to a user who may
    not publish (the admin hides those fields from them; this is the check
    behind it, the same one ``services.save_article`` makes).
    """

    #: The user filling the form in, set by the admin (``ArticleAdmin.get_form``).
    editor = None

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

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what the form would save
        if self.editor is None:
            return
        try:
            services.check_may_publish(article=self.instance, by=self.editor)
        except ValidationError as error:
            self.add_error(None, error)
