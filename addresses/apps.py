from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AddressesConfig(AppConfig):
    name = "addresses"
    verbose_name = _("Old addresses")

    def ready(self):
        from articles import signals

        from . import services

        signals.article_saved.connect(services.on_article_saved, dispatch_uid="addresses-article-saved")
        signals.articles_saved_in_bulk.connect(services.on_articles_saved_in_bulk, dispatch_uid="addresses-articles-saved-in-bulk")
        signals.articles_deleting.connect(services.on_articles_deleting, dispatch_uid="addresses-articles-deleting")
