"""The colour-scheme switch: a cookie the server reads, so the choice holds without JavaScript."""

import pytest

from newsroom import theme
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("choice", ["light", "dark"])
def test_a_choice_is_remembered_and_rendered_in_both_editions(client, choice):
    english, arabic = ArticleFactory(), ArticleFactory(arabic=True)
    response = client.post("/theme/", {"theme": choice, "next": english.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == english.get_absolute_url()
    assert response.cookies[theme.COOKIE_NAME].value == choice
    assert response.cookies[theme.COOKIE_NAME]["httponly"]
    for article in (english, arabic):
        html = client.get(article.get_absolute_url()).text
        assert f'data-theme="{choice}"' in html
        assert f'value="{choice}" aria-pressed="true"' in html


def test_following_the_system_again_forgets_the_choice(client):
    client.post("/theme/", {"theme": "dark"})
    response = client.post("/theme/", {"theme": "auto"})
    assert response.cookies[theme.COOKIE_NAME].value == ""  # deleted
    html = client.get(ArticleFactory().get_absolute_url()).text
    assert "data-theme" not in html and 'value="auto" aria-pressed="true"' in html


def test_a_forged_cookie_value_is_ignored(client):
    client.cookies[theme.COOKIE_NAME] = '"><script>'
    html = client.get(ArticleFactory().get_absolute_url()).text
    assert "data-theme" not in html


def test_the_switch_returns_only_to_this_site(client):
    response = client.post("/theme/", {"theme": "dark", "next": "https://evil.example/"})
    assert response["Location"] == "/en/"


def test_another_sites_post_is_refused(client):
    response = client.post("/theme/", {"theme": "dark"}, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403 and theme.COOKIE_NAME not in response.cookies


def test_the_script_gets_no_content_to_reload(client):
    response = client.post("/theme/", {"theme": "dark"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204 and response.cookies[theme.COOKIE_NAME].value == "dark"


def test_the_page_cache_keeps_one_page_per_scheme(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    article = ArticleFactory()
    assert "data-theme" not in client.get(article.get_absolute_url()).text  # stored for "system"
    client.cookies[theme.COOKIE_NAME] = "dark"
    response = client.get(article.get_absolute_url())
    assert 'data-theme="dark"' in response.text
    assert "public" not in response.get("Cache-Control", "")  # no shared cache keeps a reader's choice
    del client.cookies[theme.COOKIE_NAME]
    assert "data-theme" not in client.get(article.get_absolute_url()).text


def test_pages_link_a_print_stylesheet(client):
    html = client.get(ArticleFactory().get_absolute_url()).text
    assert 'href="/static/newsroom/print.css" media="print"' in html
