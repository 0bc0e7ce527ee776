"""Reader URLs of the translations app (mounted under the language prefix)."""

from django.urls import path

from . import views

app_name = "translations"
urlpatterns = [
    path("untranslated/", views.UntranslatedStoryView.as_view(), name="untranslated"),
]
