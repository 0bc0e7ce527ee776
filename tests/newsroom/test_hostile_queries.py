"""Hostile query strings get a 400 or the admin's "bad filter" page, never a 500.

A NUL character reached PostgreSQL through admin filters and autocomplete
(which refuses it with an error, a 500), and a date-hierarchy year too large
for a date overflowed. These run on whichever database the suite uses; the
``postgres`` copy makes ``make test`` on SQLite check PostgreSQL as well.
"""

import pytest
from django.urls import reverse

from tests.concurrency import skip_unless_postgresql
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/articles/article/"
EVENTS = "/admin/translations/translationevent/"


def nul_urls(article):
    candidates = reverse("admin:articles_article_translation_candidates", args=[article.pk])
    return [
        f"{ARTICLES}?language=%00",
        f"{ARTICLES}?q=%00",
        f"{ARTICLES}?visibility=live%00",
        f"{candidates}?term=%00",
        "/admin/autocomplete/?app_label=articles&model_name=article&field_name=section&term=%00",
        f"{EVENTS}?article_language=%00",
        f"{EVENTS}?action=%00",
        f"{EVENTS}?q=a%00b",
        "/en/?page=%00",
        "/ar/?%00=1",
    ]


BAD_DATES = [
    "published_at__year=9223372036854775808",
    "published_at__year=9999",
    "published_at__year=9999&published_at__month=12",
    "published_at__year=0",
    "published_at__year=2024&published_at__month=13",
    "published_at__year=2024&published_at__month=2&published_at__day=30",
    "published_at__year=-1",
    "published_at__year=٢٠٢٤",
    "published_at__year=2024&published_at__month=99999999999999999999",
]


def assert_nul_is_refused(client, article):
    for url in nul_urls(article):
        assert client.get(url).status_code == 400, url


def assert_bad_dates_are_a_bad_filter(client):
    # The article list has a year filter of its own and refuses date parts typed into its address.
    for query in BAD_DATES:
        response = client.get(f"{ARTICLES}?{query}")
        assert response.status_code == 400, query
    events = client.get(f"{EVENTS}?created_at__year=9223372036854775808")
    assert events.status_code == 302 and events["Location"].endswith("?e=1")


def test_nul_in_a_query_string_is_a_400(editor_client):
    assert_nul_is_refused(editor_client, ArticleFactory())


def test_nul_in_form_data_is_a_400(client):
    EditorFactory(username="editor")
    response = client.post("/admin/login/", {"username": "edi\x00tor", "password": "correct horse battery staple"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_ordinary_query_still_works(editor_client):
    article = ArticleFactory(title="Bread prices")
    assert article.title in editor_client.get(ARTICLES, {"q": "Bread", "language": "en"}).text
    assert editor_client.get(f"{EVENTS}?created_at__year=2024&created_at__month=2&created_at__day=29").status_code == 200


def test_impossible_dates_in_the_date_hierarchy_are_a_bad_filter(editor_client):
    ArticleFactory()
    assert_bad_dates_are_a_bad_filter(editor_client)


@pytest.mark.postgres
def test_on_postgresql_nul_and_impossible_dates_never_reach_the_database(editor_client):
    skip_unless_postgresql()
    assert_nul_is_refused(editor_client, ArticleFactory())
    assert_bad_dates_are_a_bad_filter(editor_client)
