from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from . import arabic_dates, checks  # noqa: F401  (checks registers the deployment checks)

        arabic_dates.install()
