from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FooterConfig(AppConfig):
    name = "newsroom.footer"
    label = "footer"
    verbose_name = _("Site footer")
