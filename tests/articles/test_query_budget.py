"""Each reader page costs a fixed number of queries, however much is on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

# The most queries each page may make, whatever it shows; the home page also reads its
# "most read" block (one query more).
LIST_PAGE_BUDGET = 6
HOME_PAGE_BUDGET = LIST_PAGE_BUDGET + 1


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def vocabulary():
    return {
        "section": SectionFactory(slug_en="economy"),
        "tag": TagFactory(slug_en="electricity"),
        "author": AuthorFactory(slug="rania-haddad"),
    }


def publish(count, vocabulary):
    for _ in range(count):
        ArticleFactory(
            section=vocabulary["section"],
            tags=[vocabulary["tag"], TagFactory()],
            authors=[vocabulary["author"], AuthorFactory()],
        )


@pytest.mark.parametrize(
    "url", ["/en/", "/en/sections/economy/", "/en/tags/electricity/", "/en/authors/rania-haddad/"]
)
def test_list_pages_stay_within_budget_as_articles_grow(client, django_assert_max_num_queries, vocabulary, url):
    budget = HOME_PAGE_BUDGET if url == "/en/" else LIST_PAGE_BUDGET
    publish(1, vocabulary)
    with django_assert_max_num_queries(budget):
        client.get(url)
    publish(9, vocabulary)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert len(response.context["articles"]) == 10


def test_article_page_cost_does_not_grow_with_authors_and_tags(client, vocabulary):
    lean = ArticleFactory(authors=[AuthorFactory()], tags=[TagFactory()])
    rich = ArticleFactory(authors=AuthorFactory.create_batch(5), tags=TagFactory.create_batch(8))
    assert queries_for(client, rich.get_absolute_url()) == queries_for(client, lean.get_absolute_url())
