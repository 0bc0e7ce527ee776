"""Site pages in each edition: ``/<edition>/pages/<slug>/``, a prefix of their own so no slug shadows a story."""

from django.urls import path

from articles import urls as articles_urls  # noqa: F401 (registers the ``uslug`` converter)

from . import views

app_name = "pages"

urlpatterns = [path("pages/<uslug:slug>/", views.SitePageView.as_view(), name="page")]
