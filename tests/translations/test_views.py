"""Readers: links between versions, hreflang and Open Graph tags, and the language switch."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ArticleFactory
from translations import services

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def head_of(response):
    return response.text.split("</head>")[0]


def switch_of(response):
    return re.search(r'<nav class="edition-switch".*?</nav>', response.text, re.S).group(0)


@pytest.fixture
def pair(editor):
    english = ArticleFactory(title="Negotiations in Astana", slug="negotiations-in-astana")
    arabic = ArticleFactory(arabic=True, title="مفاوضات أستانا", slug="مفاوضات-أستانا")
    services.link_translation(article=english, counterpart=arabic, by=editor)
    return english, arabic


# The visible link ---------------------------------------------------------


def test_english_article_links_to_its_arabic_version_in_arabic(client, pair):
    english, arabic = pair
    text = client.get(english.get_absolute_url()).text
    link = re.search(r'<aside class="story-versions".*?</aside>', text, re.S).group(0)
    assert "النسخة العربية من المقال" in link
    assert arabic.title in link
    assert f'href="{arabic.get_absolute_url()}" hreflang="ar" lang="ar"' in link


def test_arabic_article_links_to_its_english_version_in_english(client, pair):
    english, arabic = pair
    text = client.get(arabic.get_absolute_url()).text
    assert "Read this article in English" in text
    assert f'href="{english.get_absolute_url()}" hreflang="en" lang="en"' in text
    assert english.title in text


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}])
def test_unpublished_counterpart_is_never_revealed(client, editor, traits):
    english = ArticleFactory(title="Negotiations in Astana")
    hidden = ArticleFactory(arabic=True, title="عنوان لم يُنشر بعد", slug="لم-ينشر", **traits)
    services.link_translation(article=english, counterpart=hidden, by=editor)
    response = client.get(english.get_absolute_url())
    assert hidden.title not in response.text
    assert hidden.get_absolute_url() not in response.text
    assert 'hreflang="ar"' not in head_of(response)
    assert "story-versions" not in response.text


def test_counterpart_appears_once_its_publication_time_comes(client, editor):
    english = ArticleFactory()
    scheduled = ArticleFactory(arabic=True, scheduled=True)
    services.link_translation(article=english, counterpart=scheduled, by=editor)
    assert scheduled.title not in client.get(english.get_absolute_url()).text
    scheduled.published_at = english.published_at  # the scheduled time has come
    scheduled.save()
    assert scheduled.title in client.get(english.get_absolute_url()).text


def test_unlinked_article_shows_no_link(client):
    article = ArticleFactory()
    ArticleFactory(arabic=True)
    assert "story-versions" not in client.get(article.get_absolute_url()).text


# <head> -------------------------------------------------------------------


def test_head_has_hreflang_for_every_published_version_and_x_default(client, pair):
    english, arabic = pair
    for page in (english, arabic):
        head = head_of(client.get(page.get_absolute_url()))
        assert f'<link rel="canonical" href="{HOST}{page.get_absolute_url()}">' in head
        assert f'<link rel="alternate" hreflang="en" href="{HOST}{english.get_absolute_url()}">' in head
        assert f'<link rel="alternate" hreflang="ar" href="{HOST}{arabic.get_absolute_url()}">' in head
        # x-default is the same on every version: the English one.
        assert f'<link rel="alternate" hreflang="x-default" href="{HOST}{english.get_absolute_url()}">' in head
        assert head.count('rel="canonical"') == 1


def test_head_of_a_lone_article_names_only_itself(client):
    arabic = ArticleFactory(arabic=True)
    head = head_of(client.get(arabic.get_absolute_url()))
    assert re.findall(r'hreflang="([^"]+)"', head) == ["ar", "x-default"]
    assert f'hreflang="x-default" href="{HOST}{arabic.get_absolute_url()}"' in head


def test_canonical_ignores_the_query_string(client, pair):
    english, _arabic = pair
    head = head_of(client.get(english.get_absolute_url() + "?utm_source=feed"))
    assert f'<link rel="canonical" href="{HOST}{english.get_absolute_url()}">' in head


def test_open_graph_locales(client, pair):
    english, arabic = pair
    head = head_of(client.get(english.get_absolute_url()))
    assert '<meta property="og:locale" content="en_US">' in head
    assert '<meta property="og:locale:alternate" content="ar_AR">' in head
    head = head_of(client.get(arabic.get_absolute_url()))
    assert '<meta property="og:locale" content="ar_AR">' in head
    assert '<meta property="og:locale:alternate" content="en_US">' in head


def test_open_graph_has_no_alternate_for_an_unpublished_counterpart(client, editor):
    english = ArticleFactory()
    services.link_translation(article=english, counterpart=ArticleFactory(arabic=True, draft=True), by=editor)
    assert "og:locale:alternate" not in head_of(client.get(english.get_absolute_url()))


# The language switch ------------------------------------------------------


def test_switch_goes_to_the_published_counterpart(client, pair):
    english, arabic = pair
    assert f'href="{arabic.get_absolute_url()}"' in switch_of(client.get(english.get_absolute_url()))
    assert f'href="{english.get_absolute_url()}"' in switch_of(client.get(arabic.get_absolute_url()))


@pytest.mark.parametrize("counterpart", [None, "draft", "scheduled"])
def test_switch_without_a_published_counterpart_leads_to_a_notice_on_the_other_home(client, editor, counterpart):
    english = ArticleFactory(title="Negotiations in Astana")
    if counterpart:
        hidden = ArticleFactory(arabic=True, **{counterpart: True})
        services.link_translation(article=english, counterpart=hidden, by=editor)
    switch = switch_of(client.get(english.get_absolute_url()))
    target = re.search(r'<a href="([^"]+)" hreflang="ar"', switch).group(1)
    assert target.startswith("/ar/")
    response = client.get(target)
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "هذا الخبر غير متوفر باللغة العربية بعد." in response.text
    # The way back, in the story's own language.
    assert "This story is not available in Arabic yet." in response.text
    assert f'href="{english.get_absolute_url()}"' in response.text and english.title in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_notice_page_lists_the_latest_news_of_its_edition(client):
    english = ArticleFactory()
    arabic_news = ArticleFactory(arabic=True, title="آخر خبر عربي")
    response = client.get(url_in("ar", "translations:untranslated"), {"article": english.pk})
    assert arabic_news.title in response.text


@pytest.mark.parametrize("value", ["", "abc", "999999", "-1", "²", "٣"])
def test_notice_page_ignores_a_bad_or_unknown_article(client, value):
    response = client.get(url_in("en", "translations:untranslated"), {"article": value})
    assert response.status_code == 200
    assert "This story is not available in English yet." in response.text


def test_notice_page_never_names_an_unpublished_article(client):
    draft = ArticleFactory(arabic=True, draft=True, title="مسودة سرية")
    response = client.get(url_in("en", "translations:untranslated"), {"article": draft.pk})
    assert draft.title not in response.text


# Query budget -------------------------------------------------------------


#: The whole article page: the article, its authors, its tags, the section menu, the other apps' blocks
#: (support banner, related articles) and ONE query for the story's published versions.
ARTICLE_PAGE_BUDGET = 10


def story_queries(client, django_assert_max_num_queries, article):
    """The page's queries; asserts the budget and that the versions are read once, for every tag."""
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET) as captured:
        assert client.get(article.get_absolute_url()).status_code == 200
    versions_queries = [q for q in captured.captured_queries if '"translation_key" = ' in q["sql"]]
    assert len(versions_queries) == 1
    return len(captured.captured_queries)


def test_article_page_query_budget_is_the_same_with_and_without_a_counterpart(
    client, pair, django_assert_max_num_queries
):
    english, arabic = pair
    lone = ArticleFactory(section=english.section)
    lone.authors.set(english.authors.all())
    with_counterpart = story_queries(client, django_assert_max_num_queries, english)
    without_counterpart = story_queries(client, django_assert_max_num_queries, lone)
    assert with_counterpart == without_counterpart
    assert story_queries(client, django_assert_max_num_queries, arabic) == with_counterpart
