"""Forms of the articles app."""

from django import forms
from django.conf import settings
from django.utils import translation

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
        if language not in dict(settings.LANGUAGES):  # e.g. ?language=zz on the add page
            language = settings.LANGUAGE_CODE
        direction = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
        for name in DIRECTIONAL_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"dir": direction, "lang": language})
        if "slug" in self.fields:
            self._let_slug_follow_title()

    def _let_slug_follow_title(self):
        """An empty slug is made from the title, so the address follows the headline.

        A translation draft starts with its source's slug (the English address
        under an Arabic headline). Until it is published the form shows that
        slug empty, so the admin fills it from the translated title as the
        translator types it; ``Article.clean()`` builds it if left empty.
        """
        article = self.instance
        if article.pk and article.status == Article.Status.DRAFT and not self.is_bound:
            if Article.objects.versions_of(article).filter(slug=article.slug).exists():
                self.initial["slug"] = ""

