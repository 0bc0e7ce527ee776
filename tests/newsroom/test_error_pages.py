"""Error pages look like the site and speak the edition's language.

A reader who follows a dead link in the Arabic edition gets an Arabic,
right-to-left "page not found" with the site's header, not Django's bare
English page; a server error gets a styled page in the edition's language that
needs neither the database nor any context processor.
"""

import pytest
from django.test import Client
from django.utils import translation
from django.views.defaults import server_error

from articles.views import EditionHomeView
from newsroom.banners.models import Banner
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, SectionFactory
from tests.pages import english_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def unrecoverable_client(monkeypatch):
    """A client whose edition home fails with an error that has nothing to do with the reader."""

    def broken(self):
        raise RuntimeError("the database is on fire")

    monkeypatch.setattr(EditionHomeView, "get_queryset", broken)
    return Client(raise_request_exception=False)


def test_missing_story_in_the_arabic_edition_gets_an_arabic_page(client):
    response = client.get("/ar/articles/لا-يوجد-خبر/")
    assert response.status_code == 404
    html = response.text
    assert '<html lang="ar" dir="rtl">' in html
    assert "<title>الصفحة غير موجودة · غرفة الأخبار</title>" in html
    assert '<a href="/ar/">انتقل إلى آخر الأخبار</a>' in html
    assert "/static/newsroom/site.css" in html  # styled like every other page
    assert english_words(html) == []


def test_missing_story_in_the_english_edition_gets_an_english_page(client):
    response = client.get("/en/articles/no-such-story/")
    assert response.status_code == 404
    assert '<html lang="en" dir="ltr">' in response.text
    assert "<h1 class=\"page-title\">Page not found</h1>" in response.text
    assert '<a href="/en/">Go to the latest news</a>' in response.text


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_unpublished_stories_get_the_same_page_as_missing_ones(client, kind):
    article = ArticleFactory(arabic=True, **{kind: True})
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.text
    assert article.title not in response.text


@pytest.mark.parametrize("url", ["/ar/sections/لا-يوجد/", "/ar/tags/لا-يوجد/", "/ar/authors/nobody/", "/ar/no-such-page/"])
def test_every_kind_of_dead_address_in_the_arabic_edition_is_arabic(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.text
    assert english_words(response.text) == []


def test_language_switch_on_a_missing_page_leads_to_the_other_editions_home(client):
    html = client.get("/ar/articles/لا-يوجد-خبر/").text
    assert '<a href="/en/" hreflang="en" lang="en" dir="ltr">English</a>' in html
    # No alternate-language links or canonical for a page that does not exist (the edition's feeds may be named).
    assert 'rel="alternate" hreflang' not in html and 'rel="canonical"' not in html
    assert '<meta name="robots" content="noindex">' in html


def test_missing_page_shows_the_section_menu_of_its_edition(client):
    SectionFactory(name_en="Economy", name_ar="اقتصاد", slug_en="economy", slug_ar="اقتصاد")
    assert "><bdi>اقتصاد</bdi></a>" in client.get("/ar/no-such-page/").text


def test_missing_page_carries_no_appeal_and_counts_no_impression(client, settings):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 1  # every showing is written at once
    banner = BannerFactory(footer=True)
    assert "support-banner" in client.get("/ar/").text  # the site-wide appeal is live
    shown = Banner.objects.get(pk=banner.pk).impressions
    response = client.get("/ar/no-such-page/")
    assert "support-banner" not in response.text
    assert Banner.objects.get(pk=banner.pk).impressions == shown


def test_server_error_page_speaks_the_editions_language(unrecoverable_client):
    response = unrecoverable_client.get("/ar/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>حدث خطأ ما</h1>" in html
    assert '<a class="site-name" href="/ar/">غرفة الأخبار</a>' in html
    assert english_words(html) == []

    english = unrecoverable_client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in english and "<h1>Something went wrong</h1>" in english


def test_server_error_page_needs_no_database(unrecoverable_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = unrecoverable_client.get("/ar/")
    assert response.status_code == 500


def test_server_error_page_renders_without_any_context(rf, settings):
    # Django renders 500.html with an empty Context: no request, no context processors.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"], "context_processors": []}}]
    with translation.override("en"):
        response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
