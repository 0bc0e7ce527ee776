"""The page cache: anonymous readers get stored pages, and every change a reader could see shows at once."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles import services
from articles.models import Article
from newsroom.banners import dismissals
from newsroom.banners.models import Banner
from tests.articles.factories import RelatedArticleFactory
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, SectionFactory
from translations import services as translation_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 3600  # as in production: pages and their pieces both kept


def home(language="en"):
    with translation.override(language):
        return reverse("articles:home")


def served_from_cache(client, url, django_assert_num_queries):
    """Fetch *url* twice; the second time must need no database at all."""
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    return second


def appeals(html):
    return re.findall(r'id="support-banner-(\d+)"', html)


def test_a_second_anonymous_visit_needs_no_database(client, django_assert_num_queries):
    article = ArticleFactory(title="Bread prices")
    with translation.override("en"):  # the section's address in the article's edition
        section_url = article.section.get_absolute_url()
    for url in (article.get_absolute_url(), home(), section_url):
        response = served_from_cache(client, url, django_assert_num_queries)
        assert response.status_code == 200
        assert f"edition-{article.language}" in response["Surrogate-Key"]
        assert "public" in response["Cache-Control"]
        assert 0 < int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1)) <= 300


def test_editing_a_story_shows_at_once_on_its_page_and_in_its_editions_lists(client):
    article = ArticleFactory(title="Bread prices")
    assert "Bread prices" in client.get(home()).text
    client.get(article.get_absolute_url())
    article.title = "Bread prices rise again"
    services.save_article(article=article)
    assert "Bread prices rise again" in client.get(article.get_absolute_url()).text
    assert "Bread prices rise again" in client.get(home()).text


def test_unpublishing_and_publishing_show_at_once(client):
    article = ArticleFactory(title="Going away")
    client.get(article.get_absolute_url())
    client.get(home())
    article.status = Article.Status.DRAFT
    services.save_article(article=article)
    # Gone, not missing: readers could see it (addresses/middleware.py).
    assert client.get(article.get_absolute_url()).status_code == 410
    assert "Going away" not in client.get(home()).text
    fresh = ArticleFactory.build(section=article.section, title="Just published", slug="just-published")
    services.save_article(article=fresh)
    assert "Just published" in client.get(home()).text


def test_linking_and_unlinking_versions_show_at_once_in_both_editions(client, editor):
    english = ArticleFactory()
    arabic = ArticleFactory(arabic=True)
    assert arabic.get_absolute_url() not in client.get(english.get_absolute_url()).text
    client.get(arabic.get_absolute_url())
    translation_services.link_translation(article=english, counterpart=arabic, by=editor)
    assert arabic.get_absolute_url() in client.get(english.get_absolute_url()).text
    assert english.get_absolute_url() in client.get(arabic.get_absolute_url()).text
    translation_services.unlink_translation(article=arabic, by=editor)
    assert arabic.get_absolute_url() not in client.get(english.get_absolute_url()).text


def test_changing_the_pins_or_a_related_storys_title_shows_at_once(client):
    story = ArticleFactory()
    target = ArticleFactory(title="First related")
    client.get(story.get_absolute_url())
    services.set_related_pins(article=story, targets=[target])
    assert "First related" in client.get(story.get_absolute_url()).text
    target.title = "Renamed related"
    services.save_article(article=target)
    assert "Renamed related" in client.get(story.get_absolute_url()).text


def test_renaming_a_section_shows_on_every_page(client):
    section = SectionFactory(name_en="Economy")
    article = ArticleFactory(section=section)
    assert "Economy" in client.get(article.get_absolute_url()).text
    section.name_en = "Economy and trade"
    services.save_vocabulary(item=section)
    assert "Economy and trade" in client.get(article.get_absolute_url()).text


def test_switching_an_appeal_on_or_off_shows_at_once(client):
    article = ArticleFactory()
    banner = BannerFactory(is_active=False)
    assert appeals(client.get(article.get_absolute_url()).text) == []
    banner.is_active = True
    banner.save()
    assert appeals(client.get(article.get_absolute_url()).text) == [str(banner.pk)]
    Banner.objects.filter(pk=banner.pk).first().delete()
    assert appeals(client.get(article.get_absolute_url()).text) == []


def test_a_stored_page_still_counts_the_appeal_it_shows(client, settings, django_assert_num_queries):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 1
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    client.get(home())
    with django_assert_num_queries(1):  # the impression, written once per batch of one
        assert appeals(client.get(home()).text) == [str(banner.pk)]
    banner.refresh_from_db()
    assert banner.impressions == 2


def test_readers_who_closed_the_appeal_share_their_own_stored_page(client):
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    assert appeals(client.get(home()).text) == [str(banner.pk)]
    closed = Client()
    closed.cookies[dismissals.COOKIE_NAME] = dismissals.with_dismissal("", banner_id=banner.pk, now=timezone.now())
    response = closed.get(home())
    assert appeals(response.text) == []
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert appeals(client.get(home()).text) == [str(banner.pk)]


def test_a_scheduled_story_appears_on_time(client):
    soon = ArticleFactory(title="Embargoed until soon", published_at=timezone.now() + datetime.timedelta(seconds=90))
    response = client.get(home())
    assert "Embargoed until soon" not in response.text
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age <= 90
    # Once its time has come, the stored page is past its life: the story is there.
    Article.objects.filter(pk=soon.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))
    cache.clear()  # what the bounded lifetime does by itself 90 seconds later
    assert "Embargoed until soon" in client.get(home()).text


def test_staff_and_readers_with_a_session_always_get_fresh_pages(editor_client):
    article = ArticleFactory(title="Before")
    editor_client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="After, written without a purge")
    assert "After, written without a purge" in editor_client.get(article.get_absolute_url()).text


def test_an_address_with_an_unknown_query_is_never_stored(client):
    ArticleFactory()
    client.get(home() + "?utm_source=whatsapp")
    response = client.get(home() + "?utm_source=whatsapp")
    assert "Surrogate-Key" not in response


def test_a_browser_holding_the_page_gets_304(client):
    article = ArticleFactory()
    first = client.get(article.get_absolute_url())
    assert first.has_header("ETag")
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_pages_are_not_cached_when_the_cache_is_switched_off(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(title="Changed behind the back of the cache")
    assert "Changed behind the back of the cache" in client.get(article.get_absolute_url()).text


def test_an_editors_admin_save_purges_the_readers_page(editor_client):
    from tests.admin_forms import change_url, form_data_for

    client = Client()  # an anonymous reader, beside the logged-in editor
    article = ArticleFactory(title="Old headline")
    assert "Old headline" in client.get(article.get_absolute_url()).text
    response = editor_client.post(change_url(article), form_data_for(editor_client, article, title="New headline"))
    assert response.status_code == 302
    assert "New headline" in client.get(article.get_absolute_url()).text
    assert "Old headline" not in client.get(home()).text


def test_the_edition_home_of_an_untouched_edition_stays_stored(client, django_assert_num_queries):
    ArticleFactory(arabic=True)
    client.get(home("ar"))
    services.save_article(article=ArticleFactory.build(section=SectionFactory(), slug="english-only"))
    with django_assert_num_queries(0):
        client.get(home("ar"))


def test_related_stories_are_read_by_the_view_so_the_page_knows_them(client):
    story = ArticleFactory()
    pin = RelatedArticleFactory(article=story, position=1)
    response = client.get(story.get_absolute_url())
    assert f"article-{pin.target.pk}" in response["Surrogate-Key"]
