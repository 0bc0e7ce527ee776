"""Reader pages of the translations app: where the language switch lands when a story is not translated."""

from django.utils import translation

from articles.models import Article
from articles.views import EditionHomeView


class UntranslatedStoryView(EditionHomeView):
    """The edition home, with a notice that the story the reader came from is not in this language yet.

    Never a 404: the switch of an article whose other version is missing (or
    not yet published) leads here. ``?article=<id>`` names that article so the
    notice can offer the way back; anything else in it is ignored.
    """

    template_name = "translations/untranslated.html"

    def get_source_article(self):
        article_id = self.request.GET.get("article", "")
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        if not (article_id.isascii() and article_id.isdecimal()):
            return None
        readable = Article.objects.published().exclude(language=translation.get_language())
        return readable.only("pk", "language", "title", "slug").filter(pk=article_id).first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(source_article=self.get_source_article(), **kwargs)
