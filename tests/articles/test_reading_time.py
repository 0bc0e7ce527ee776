"""Reading time on every story, and "Updated" on a story whose text changed after readers could see it."""

import datetime
import re

import pytest
from django.utils import timezone

from articles import services
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db


def byline(html):
    return re.search(r'<p class="story__byline">(.*?)</p>', html, re.S).group(1)


def words(count, word="word"):
    return "<p>" + " ".join([word] * count) + "</p>"


@pytest.mark.parametrize(("language", "body", "minutes"), [
    ("en", words(1140), "5"),  # 228 words a minute
    ("ar", words(690, "كلمة"), "5"),  # 138 words a minute
    ("en", words(20), "1"),  # never "0"
])
def test_a_story_says_how_long_it_takes_to_read(client, language, body, minutes):
    article = ArticleFactory(language=language, body=body, slug=f"long-{language}-{minutes}")
    reading = re.search(r'class="story__reading-time">([^<]*)<', client.get(article.get_absolute_url()).text).group(1)
    assert re.search(rf"(^|\D){minutes}(\D|$)", reading)


def test_the_arabic_reading_time_follows_the_digit_policy(client, settings):
    settings.NEWSROOM_ARABIC_DIGITS = "arabic-indic"
    article = ArticleFactory(arabic=True, body=words(690, "كلمة"))
    assert "٥" in byline(client.get(article.get_absolute_url()).text)


def test_editing_a_live_storys_text_shows_updated_in_both_editions(client):
    published = timezone.now() - datetime.timedelta(days=2)
    for article in (ArticleFactory(published_at=published), ArticleFactory(arabic=True, published_at=published)):
        assert "story__updated" not in client.get(article.get_absolute_url()).text
        article.body += "<p>Correction: the figure was 20, not 30.</p>"
        services.save_article(article=article)
        shown = byline(client.get(article.get_absolute_url()).text)
        assert 'class="story__updated"' in shown
        today = timezone.localtime().date().isoformat()
        assert f'<time datetime="{today}' in shown.split("story__updated")[1]


def test_a_save_that_leaves_the_text_alone_is_no_update(client):
    article = ArticleFactory()
    article.tags.set([TagFactory()])
    services.save_article(article=article, tags=[TagFactory()])
    assert "story__updated" not in client.get(article.get_absolute_url()).text


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_editing_before_readers_could_see_it_is_no_update(client, trait):
    article = ArticleFactory(**{trait: True})
    article.title = "A better headline"
    services.save_article(article=article)
    article.refresh_from_db()
    assert article.revised_at is None
    article.status, article.published_at = article.Status.PUBLISHED, timezone.now() - datetime.timedelta(minutes=1)
    services.save_article(article=article)
    assert "story__updated" not in client.get(article.get_absolute_url()).text
