"""The admin site, ordered for a newsroom rather than by the alphabet.

Django sorts the admin index by the *translated* app and model names, so the
order changed with the editor's language (in Arabic, user accounts came before
articles). Editors look for their work first: articles, then the translators'
queue, then the reader-support banners; account management and the
background jobs (the technical staff's view of the queue) come last.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

#: Apps in the order editors use them; an app not named here follows, alphabetically.
APP_ORDER = ("articles", "translations", "banners", "footer", "pages", "addresses", "wordpress", "auth", "jobs")
#: Models inside an app, most used first.
MODEL_ORDER = {
    "articles": ("article", "frontpage", "section", "tag", "author", "brokenrelatedpin"),
    "translations": ("translationqueueentry", "translationevent"),
}


def _position(order, name):
    return order.index(name) if name in order else len(order)


class NewsroomAdminSite(admin.AdminSite):
    def i18n_javascript(self, request, extra_context=None):
        """The calendar widget names months as the rest of the admin does (``NEWSROOM_ARABIC_MONTHS``)."""
        from .arabic_dates import EditionMonthsCatalog

        return EditionMonthsCatalog.as_view(packages=["django.contrib.admin"])(request)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            order = MODEL_ORDER.get(app["app_label"], ())
            app["models"].sort(key=lambda model: _position(order, model["model"]._meta.model_name))
        # sorted() is stable, so apps not named keep Django's alphabetical order among themselves.
        return sorted(apps, key=lambda app: _position(APP_ORDER, app["app_label"]))


class NewsroomAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``NewsroomAdminSite`` as ``admin.site``."""

    default_site = "newsroom.admin_site.NewsroomAdminSite"
