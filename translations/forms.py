"""Admin forms of the translations app: linking a counterpart, and guarding an article's language."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from articles.forms import ArticleAdminForm
from articles.models import Article

from . import services
from .models import TranslationSource


def candidate_label(article: Article) -> str:
    """How an article is named in the link form and its autocomplete: title, language, visibility."""
    return f"{article.title} ({article.get_language_display_name()} · {article.get_visibility_display()})"


class CounterpartSelect(AutocompleteSelect):
    """The admin's select2 autocomplete, fed by the link view's own JSON endpoint.

    Django's autocomplete widget needs a model field to describe; the
    ``TranslationSource.source`` foreign key (an article) stands in for it.
    Only the endpoint matters: it offers just the articles that may join the
    story (other language, in no other story).
    """

    def __init__(self, *, url, admin_site, attrs=None):
        super().__init__(TranslationSource._meta.get_field("source"), admin_site, attrs=attrs)
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

    def __init__(self, *args, article, candidates_url, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["counterpart"].widget = CounterpartSelect(url=candidates_url, admin_site=admin_site)
        self.fields["counterpart"].widget.choices = self.fields["counterpart"].choices
        self.fields["original"].choices = [
            ("this", _("This article, “%(title)s”; the linked one is its translation") % {"title": article.title}),
            ("counterpart", _("The linked article; this one is its translation")),
        ]

    def source(self):
        """The article chosen as the original."""
        return self.article if self.cleaned_data["original"] == "this" else self.cleaned_data["counterpart"]


class TranslationAwareArticleForm(ArticleAdminForm):
    """The article form, aware of the story's other versions.

    It refuses a language that another version of the story already has (the
    database would refuse it too, but as an error page; here the editor reads
    why next to the field), and lets a translation draft's slug follow its
    translated title.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self._let_slug_follow_title()

    def _let_slug_follow_title(self):
        """An unpublished version still carrying another version's slug shows it empty.

        A translation draft starts with its source's slug (the English address
        under an Arabic headline). Until it is published the form shows that
        slug empty, so the admin fills it from the translated title as the
        translator types it; ``Article.clean()`` builds it if left empty.
        """
        article = self.instance
        if article.pk and article.status == Article.Status.DRAFT and not self.is_bound:
            if Article.objects.versions_of(article).filter(slug=article.slug).exists():
                self.initial["slug"] = ""

    def clean_language(self):
        language = self.cleaned_data["language"]
        services.check_language_change(article=self.instance, language=language)
        return language
