"""Pieces of the article page kept per article (related block, the story's versions, the section menu) show every change at once.

The page cache is off here: these pieces are what a reader gets when the
whole page is not stored (an editor, a reader with a session, a page past its life).
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles import page_cache, services
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory
from translations import services as translation_services

pytestmark = pytest.mark.django_db

#: The article page's queries once its pieces are kept (tests/newsroom/test_article_page_budget.py: 9 without).
KEPT_ARTICLE_PAGE_BUDGET = 4


@pytest.fixture(autouse=True)
def fragments_on(settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 3600


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.text


def test_the_pieces_are_read_once_then_kept(client, editor):
    story = ArticleFactory(section=SectionFactory())
    counterpart = ArticleFactory(arabic=True, section=story.section)
    translation_services.link_translation(article=story, counterpart=counterpart, by=editor)
    services.set_related_pins(article=story, targets=ArticleFactory.create_batch(2, section=story.section))
    first, text = queries_for(client, story.get_absolute_url())
    again, same = queries_for(client, story.get_absolute_url())
    # The related block (two queries when pins do not fill it), the versions, the section menu and the
    # footer are kept: the article, its authors, its tags and the live appeals are all the page reads.
    assert again <= KEPT_ARTICLE_PAGE_BUDGET < first
    assert same == text


def test_editing_the_related_list_shows_at_once(client):
    story = ArticleFactory()
    first, second = ArticleFactory(title="First pin"), ArticleFactory(title="Second pin")
    services.set_related_pins(article=story, targets=[first])
    assert "First pin" in client.get(story.get_absolute_url()).text
    services.set_related_pins(article=story, targets=[second])
    text = client.get(story.get_absolute_url()).text
    assert "Second pin" in text and "First pin" not in text
    second.title = "Second pin, retitled"
    services.save_article(article=second)
    assert "Second pin, retitled" in client.get(story.get_absolute_url()).text
    second.status = Article.Status.DRAFT
    services.save_article(article=second)
    assert "Second pin" not in client.get(story.get_absolute_url()).text


def test_linking_and_unlinking_a_version_shows_in_the_switcher_at_once(client, editor):
    english, arabic = ArticleFactory(), ArticleFactory(arabic=True)
    assert arabic.get_absolute_url() not in client.get(english.get_absolute_url()).text
    translation_services.link_translation(article=english, counterpart=arabic, by=editor)
    assert arabic.get_absolute_url() in client.get(english.get_absolute_url()).text
    arabic.slug = "renamed-address"
    services.save_article(article=arabic)
    assert arabic.get_absolute_url() in client.get(english.get_absolute_url()).text
    translation_services.unlink_translation(article=arabic, by=editor)
    assert arabic.get_absolute_url() not in client.get(english.get_absolute_url()).text


def test_renaming_a_section_shows_in_the_menu_at_once(client):
    section = SectionFactory(name_en="Economy", slug_en="economy")
    article = ArticleFactory(section=section)
    assert "Economy" in client.get(article.get_absolute_url()).text
    section.name_en, section.slug_en = "Economy and trade", "economy-and-trade"
    services.save_vocabulary(item=section)
    text = client.get(article.get_absolute_url()).text
    with translation.override("en"):
        assert "Economy and trade" in text and f'href="{section.get_absolute_url()}"' in text


def test_a_scheduled_version_is_not_kept_past_its_publication(client, editor):
    english = ArticleFactory()
    soon = ArticleFactory(arabic=True, published_at=timezone.now() + datetime.timedelta(minutes=10))
    translation_services.link_translation(article=english, counterpart=soon, by=editor)
    assert soon.get_absolute_url() not in client.get(english.get_absolute_url()).text
    # The switcher is kept no longer than until the Arabic version goes live (the default would be an hour).
    entry = cache.get(page_cache._fragment_key(f"versions-{english.pk}"))
    assert entry is not None and entry["expires_at"] <= soon.published_at.timestamp() + 1
