from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = _("Translations")

    def ready(self):
        # The articles write path tells us about saves and deletions; the queue and stages follow them.
        from articles import signals

        from . import services

        signals.article_saved.connect(services.on_article_saved, dispatch_uid="translations-article-saved")
        signals.articles_saved_in_bulk.connect(services.on_articles_saved_in_bulk, dispatch_uid="translations-articles-saved-in-bulk")
        signals.articles_deleted.connect(services.on_articles_deleted, dispatch_uid="translations-articles-deleted")
