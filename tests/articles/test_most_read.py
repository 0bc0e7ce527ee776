"""Most read: reads counted without a database write per view, flushed in batches, ranked per edition."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from articles import reads
from articles.models import ArticleReadCount
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


@pytest.fixture(autouse=True)
def counting(settings, empty_cache):
    settings.NEWSROOM_READ_COUNT_BATCH = 100


def read(client, article, times=1, agent=BROWSER, **headers):
    for _ in range(times):
        assert client.get(article.get_absolute_url(), headers={"User-Agent": agent, **headers}).status_code == 200


def recorded(article):
    return sum(ArticleReadCount.objects.filter(article=article).values_list("count", flat=True))


def home(language):
    with translation.override(language):
        return reverse("articles:home")


def most_read_titles(html):
    block = re.search(r'<section class="most-read".*?</section>', html, re.S)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a></li>', block.group(0)) if block else []


def test_a_read_costs_the_article_page_no_query(client, settings):
    article = ArticleFactory()
    settings.NEWSROOM_READ_COUNT_BATCH = 0  # counting off: what the page costs by itself
    with CaptureQueriesContext(connection) as uncounted:
        read(client, article)
    settings.NEWSROOM_READ_COUNT_BATCH = 100
    with CaptureQueriesContext(connection) as counted:
        read(client, article)
    assert len(counted) == len(uncounted)
    assert recorded(article) == 0  # waiting in the cache


def test_the_flush_job_writes_each_full_batch(client, settings):
    settings.NEWSROOM_READ_COUNT_BATCH = 3
    article, other = ArticleFactory(), ArticleFactory()
    read(client, article, 2)
    assert recorded(article) == 0
    read(client, other)  # the third read fills the batch: the job writes all three
    assert (recorded(article), recorded(other)) == (2, 1)
    read(client, article, 4)
    assert recorded(article) == 5  # the seventh read waits for the next batch


def test_the_scheduled_work_flushes_the_end_of_a_batch_into_todays_row(client, committed):
    article = ArticleFactory()
    read(client, article, 2)
    ArticleReadCount.objects.create(article=article, day=timezone.localdate(), count=10)
    with committed():
        call_command("run_scheduled_work", stdout=open("/dev/null", "w"))
    assert ArticleReadCount.objects.get(article=article).count == 12  # added to, in one upsert
    assert reads.flush_reads() == 0
    assert not reads.enqueue_read_flush()


def test_a_story_deleted_before_the_flush_is_skipped(client):
    kept, deleted = ArticleFactory(), ArticleFactory()
    read(client, kept)
    read(client, deleted)
    deleted.delete()
    assert reads.flush_reads() == 2
    assert list(ArticleReadCount.objects.values_list("article", "count")) == [(kept.pk, 1)]


@pytest.mark.parametrize("agent", ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0",
                                   "facebookexternalhit/1.1", "Mozilla/5.0 HeadlessChrome/131.0"])
def test_robots_are_not_readers(client, agent):
    article = ArticleFactory()
    read(client, article, agent=agent)
    reads.flush_reads()
    assert recorded(article) == 0


def test_prefetches_and_heads_are_not_reads(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER, "Sec-Purpose": "prefetch"})
    client.head(article.get_absolute_url(), headers={"User-Agent": BROWSER})
    reads.flush_reads()
    assert recorded(article) == 0


def test_a_preview_is_not_a_read(editor_client):
    article = ArticleFactory()
    response = editor_client.get(reverse("admin:articles_article_preview", args=[article.pk]), headers={"User-Agent": BROWSER})
    assert response.status_code == 200
    reads.flush_reads()
    assert recorded(article) == 0


def test_a_page_served_from_the_page_cache_still_counts_its_read(client, settings, django_assert_num_queries):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    article = ArticleFactory()
    read(client, article)
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url(), headers={"User-Agent": BROWSER})
    assert "public" in response["Cache-Control"]
    reads.flush_reads()
    assert recorded(article) == 2


def seed(language, counts, **fields):
    """Live stories of *language* read *counts* times today, in that order."""
    stories = [ArticleFactory(language=language, title=f"{language} story {index}", **fields) for index in range(len(counts))]
    for story, count in zip(stories, counts):
        ArticleReadCount.objects.create(article=story, day=timezone.localdate(), count=count)
    return stories


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_front_page_shows_the_editions_most_read_most_first(client, settings, language):
    settings.NEWSROOM_MOST_READ_COUNT = 3
    stories = seed(language, [5, 40, 12, 7])
    other_edition = seed("ar" if language == "en" else "en", [100])[0]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ArticleReadCount.objects.create(article=stories[3], day=yesterday, count=30)  # 37 over two days
    too_old = ArticleFactory(language=language, title=f"{language} old news")
    ArticleReadCount.objects.create(article=too_old, day=yesterday - datetime.timedelta(days=1), count=999)
    draft = ArticleFactory(language=language, draft=True, title=f"{language} draft")
    ArticleReadCount.objects.create(article=draft, day=timezone.localdate(), count=999)

    html = client.get(home(language)).text
    assert most_read_titles(html) == [stories[1].title, stories[3].title, stories[2].title]
    assert other_edition.title not in most_read_titles(html)
    with translation.override(language):
        assert f'id="most-read-heading">{gettext("Most read")}</h2>' in html
    if language == "ar":
        assert '<html lang="ar" dir="rtl"' in html


def test_no_reads_no_block(client):
    ArticleFactory(title="Quiet day")
    assert 'class="most-read"' not in client.get(home("en")).text


def test_the_home_page_costs_one_query_more_however_many_stories_are_read(client, django_assert_max_num_queries):
    seed("en", [3, 2])
    with django_assert_max_num_queries(9):  # the front page's 8, and most read
        client.get(home("en"))
    for _ in range(4):
        seed("en", [1, 2, 3], section=SectionFactory())
    with django_assert_max_num_queries(9):
        response = client.get(home("en"))
    assert len(response.context["most_read"]) == 5
