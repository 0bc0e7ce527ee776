from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BannersConfig(AppConfig):
    name = "newsroom.banners"
    label = "banners"
    verbose_name = _("Reader-support banners")

    def ready(self):
        from . import selectors

        selectors.connect_cache_invalidation()
