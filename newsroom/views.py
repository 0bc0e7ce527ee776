"""The site's reader pages as the project assembles them, and the views that belong to no edition.

The articles and translations apps provide the pages; the project mixes in
the reader-support appeal (``SupportAppealMixin``), which those apps do not
know about, as it composes the article page's template from all three.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from articles import views as articles_views
from newsroom.banners.views import SupportAppealMixin
from translations import views as translations_views


class EditionHomePage(SupportAppealMixin, articles_views.EditionHomeView):
    pass


class ArticlePage(SupportAppealMixin, articles_views.ArticleDetailView):
    pass


class SectionPage(SupportAppealMixin, articles_views.SectionArticlesView):
    pass


class TagPage(SupportAppealMixin, articles_views.TagArticlesView):
    pass


class AuthorPage(SupportAppealMixin, articles_views.AuthorArticlesView):
    pass


class UntranslatedStoryPage(SupportAppealMixin, translations_views.UntranslatedStoryView):
    pass


@require_GET
@never_cache
def healthz(request):
    """Liveness probe for load balancers (and the benchmarks' baseline): no database, no template."""
    return HttpResponse("ok", content_type="text/plain")
