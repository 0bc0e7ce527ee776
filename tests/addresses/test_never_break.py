"""Addresses that never break: a changed slug answers 301, a story taken down 410, one never public 404;
article pages say when they last changed and answer conditional GETs with 304."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from addresses.models import OldAddress
from articles import services
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def rename(article, slug):
    article.slug = slug
    return services.save_article(article=article)


def test_every_old_slug_answers_301_to_the_new_address(client):
    article = ArticleFactory(slug="first")
    rename(article, "second")
    rename(article, "third")
    for old in ("first", "second"):
        response = client.get(f"/en/articles/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/en/articles/third/"
    assert client.get("/en/articles/third/").status_code == 200


def test_an_arabic_slug_change_redirects_in_its_edition(client):
    article = ArticleFactory(arabic=True, slug="خبر-قديم")
    rename(article, "خبر-جديد")
    response = client.get("/ar/articles/%D8%AE%D8%A8%D8%B1-%D9%82%D8%AF%D9%8A%D9%85/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    # The English edition never had that address.
    assert client.get("/en/articles/%D8%AE%D8%A8%D8%B1-%D9%82%D8%AF%D9%8A%D9%85/").status_code == 404


def test_a_draft_renamed_leaves_nothing_behind(client):
    draft = ArticleFactory(slug="secret-plan", status=Article.Status.DRAFT, published_at=None)
    rename(draft, "public-name")
    assert not OldAddress.objects.exists()
    assert client.get("/en/articles/secret-plan/").status_code == 404


def test_an_unpublished_story_is_gone_and_comes_back_when_republished(client):
    article = ArticleFactory(slug="old")
    rename(article, "withdrawn")
    article.status, article.published_at = Article.Status.DRAFT, None
    services.save_article(article=article)
    for address in ("/en/articles/withdrawn/", "/en/articles/old/"):
        response = client.get(address)
        assert response.status_code == 410, address
        assert "no longer available" in response.text
    article.status, article.published_at = Article.Status.PUBLISHED, timezone.now() - datetime.timedelta(minutes=1)
    services.save_article(article=article)
    assert client.get("/en/articles/withdrawn/").status_code == 200
    assert client.get("/en/articles/old/")["Location"] == "/en/articles/withdrawn/"


def test_a_deleted_story_is_gone_with_its_old_addresses(client):
    article = ArticleFactory(slug="before")
    rename(article, "after")
    services.delete_articles(articles=[article])
    assert client.get("/en/articles/after/").status_code == 410
    assert client.get("/en/articles/before/").status_code == 410
    assert set(OldAddress.objects.values_list("article", flat=True)) == {None}


def test_what_was_never_public_stays_404(client):
    draft = ArticleFactory(slug="never-seen", status=Article.Status.DRAFT, published_at=None)
    scheduled = ArticleFactory(slug="embargo", published_at=timezone.now() + datetime.timedelta(days=1))
    services.delete_articles(articles=[draft, scheduled])
    assert client.get("/en/articles/never-seen/").status_code == 404
    assert client.get("/en/articles/embargo/").status_code == 404
    assert client.get("/en/articles/no-such-story/").status_code == 404


def test_a_taken_slug_answers_with_its_new_story(client):
    article = ArticleFactory(slug="shared")
    rename(article, "moved")
    newcomer = ArticleFactory(slug="shared", title="A new story")
    response = client.get("/en/articles/shared/")
    assert response.status_code == 200 and newcomer.title in response.text


def test_article_page_carries_last_modified_and_answers_304(client, empty_cache):
    article = ArticleFactory(slug="dated")
    response = client.get("/en/articles/dated/")
    assert response["Last-Modified"] == http_date(article.updated_at.timestamp())
    again = client.get("/en/articles/dated/", headers={"If-Modified-Since": response["Last-Modified"]})
    assert again.status_code == 304
    earlier = http_date((article.updated_at - datetime.timedelta(days=1)).timestamp())
    assert client.get("/en/articles/dated/", headers={"If-Modified-Since": earlier}).status_code == 200


def test_last_modified_survives_the_page_cache(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    ArticleFactory(slug="cached")
    first = client.get("/en/articles/cached/")
    second = client.get("/en/articles/cached/")
    assert second["Last-Modified"] == first["Last-Modified"]
    assert client.get("/en/articles/cached/", headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
