"""Admin forms of the translations app: linking a counterpart, and guarding an article's language."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from articles.forms import ArticleAdminForm
from articles.models import Article

from . import services
from .models import TranslationSource


def candidate_label(article: Article) -> str:
    """How an article is named in the link form and its autocomplete: title, language, visibility."""
    if article.is_live:
        state = _("Live")
    elif article.is_scheduled:
        state = _("Scheduled")
    else:
        state = _("Draft")
    return f"{article.title} ({article.get_language_display_name()} · {state})"


class CounterpartSelect(AutocompleteSelect):
    """The admin's select2 autocomplete, fed by the link view's own JSON endpoint.

    Django's autocomplete widget needs a model field to describe; the
    ``TranslationSource.source`` foreign key (an article) stands in for it.
    Only the endpoint matters: it offers just the articles that may join the
    story (other language, in no other story).
    """

    def __init__(self, *, url, attrs=None):
        super().__init__(TranslationSource._meta.get_field("source"), admin.site, attrs=attrs)
        self.url = url

    def get_url(self):
        return self.url


class CounterpartField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return candidate_label(obj)


class LinkTranslationForm(forms.Form):
    """Choose the article that becomes another version of this story, and which one is the original.

    Any article is accepted here: the rules are the service's, so a refusal
    reads the same whether the choice came from the autocomplete or not.
    """

    counterpart = CounterpartField(
        queryset=Article.objects.all(),
        label=_("Article to link"),
        help_text=_(
            "Type a few words of its title. Only articles in another language "
            "that are not part of another story are offered."
        ),
    )
    original = forms.ChoiceField(
        label=_("Which version is the original?"),
        widget=forms.RadioSelect,
        initial="this",
    )

    def __init__(self, *args, article, candidates_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["counterpart"].widget = CounterpartSelect(url=candidates_url)
        self.fields["counterpart"].widget.choices = self.fields["counterpart"].choices
        self.fields["original"].choices = [
            ("this", _("This article, “%(title)s”; the linked one is its translation") % {"title": article.title}),
            ("counterpart", _("The linked article; this one is its translation")),
        ]

    def source(self):
        """The article chosen as the original."""
        return self.article if self.cleaned_data["original"] == "this" else self.cleaned_data["counterpart"]


class TranslationAwareArticleForm(ArticleAdminForm):
    """The article form, refusing a language that another version of the story already has.

    The database would refuse it too, but as an error page; here the editor
    reads why next to the field.
    """

    def clean_language(self):
        language = self.cleaned_data["language"]
        services.check_language_change(article=self.instance, language=language)
        return language
