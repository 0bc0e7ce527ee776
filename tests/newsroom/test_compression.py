"""Reader pages reach slow mobile connections gzipped; the admin's pages, which carry CSRF tokens, never are."""

import gzip

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_story_page_is_sent_gzipped_to_a_browser_that_accepts_it(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    article = ArticleFactory(title="Bread prices", body="<p>" + "The price of bread rose again. " * 200 + "</p>")
    for _visit in ("rendered", "from the page cache"):
        response = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "Bread prices" in html and len(response.content) < len(html) / 3


def test_an_admin_page_is_never_compressed(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert "csrfmiddlewaretoken" in response.text
