"""The reader page of a site page (about us, contact, corrections policy), cached like every reader page."""

from django.urls import reverse
from django.utils import translation
from django.views.generic import DetailView

from articles.views import EditionLinksMixin
from newsroom.banners.views import SupportAppealMixin
from newsroom.views import CachedPageMixin

from . import selectors, services


class SitePageView(CachedPageMixin, SupportAppealMixin, EditionLinksMixin, DetailView):
    context_object_name = "site_page"
    template_name = "pages/sitepage_detail.html"

    def get_object(self, queryset=None):
        page = selectors.page_for_reader(language=translation.get_language(), slug=self.kwargs["slug"])
        self.versions = selectors.published_versions(page)
        return page

    def get_edition_url(self, code):
        """The published version in edition *code*; that edition's home (no alternate) when it has none."""
        if code == self.object.language:
            return self.object.get_absolute_url()
        version = self.versions.get(code)
        return version.get_absolute_url() if version else (reverse("articles:home"), False)

    def get_context_data(self, **kwargs):
        # The page cache keeps this page until one of its versions changes (services.save_site_page).
        keys = [services.page_key(self.object.translation_key)]
        return super().get_context_data(surrogate_keys=keys, **kwargs)
