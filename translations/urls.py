"""Reader URLs of the translations app (mounted under the language prefix).

``reader_urlpatterns`` takes the view class, so the project can mount it with
other apps' parts mixed in (``newsroom/urls.py``).
"""

from django.urls import path

from . import views

app_name = "translations"


def reader_urlpatterns(*, untranslated=views.UntranslatedStoryView):
    return [path("untranslated/", untranslated.as_view(), name="untranslated")]


urlpatterns = reader_urlpatterns()
