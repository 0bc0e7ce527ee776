"""The whole article page, with every piece the site adds, costs a fixed number of queries.

The page shows the story, its byline and topics, the link to the other
version (and hreflang links), the related articles and a reader-support appeal.
However many related articles, banners, authors or tags there are, and whether
or not the story has a counterpart, the cost stays the same.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.services import pin_related_article, refresh_related_suggestions
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from translations.services import link_translation

pytestmark = pytest.mark.django_db

#: article, authors, tags, versions of the story, section menu, live banners, pins, suggestions,
#: and the footer's links (one query, read per page: newsroom/footer/selectors.py)
ARTICLE_PAGE_BUDGET = 9


def queries_for(client, article):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(captured.captured_queries), response.text


def test_bare_article_page_is_within_budget(client, django_assert_max_num_queries):
    article = ArticleFactory()
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        client.get(article.get_absolute_url())


def test_everything_on_the_page_at_once_costs_no_more_than_a_bare_article(client, editor):
    bare = ArticleFactory()
    bare_count, _ = queries_for(client, bare)

    section, tags = SectionFactory(), TagFactory.create_batch(6)
    article = ArticleFactory(section=section, tags=tags, authors=AuthorFactory.create_batch(4), title="Full story")
    counterpart = ArticleFactory(arabic=True, section=section, title="القصة كاملة")
    link_translation(article=article, counterpart=counterpart, by=editor)
    for target in ArticleFactory.create_batch(12, section=section, tags=tags[:2]):
        pin_related_article(article=article, target=target)
    ArticleFactory.create_batch(4, section=section, tags=tags[:3])
    refresh_related_suggestions(article=article)
    BannerFactory.create_batch(10)

    full_count, text = queries_for(client, article)
    assert "القصة كاملة" in text  # the link to the Arabic version
    assert text.count('class="related__item"') == 4  # the configured count, filled by pins
    assert text.count('class="support-banner ') == 1  # one appeal, chosen among ten
    # A full list of pins even saves the suggestions query.
    assert full_count <= bare_count <= ARTICLE_PAGE_BUDGET
