"""The "Related Articles" block readers see under a story."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles import services
from articles.models import Article
from articles.editions import format_date as edition_date
from tests.articles.factories import RelatedArticleFactory, RelatedExclusionFactory
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def related_titles(response):
    return [item.article.title for item in response.context["related_items"]]


@pytest.fixture
def story():
    return ArticleFactory(title="Putin meets Turkish minister", tags=[TagFactory(name_en="Turkey")])


def test_pins_come_first_in_the_editors_order_then_suggestions_fill_the_block(client, story):
    tag = story.tags.get()
    second_pin, first_pin = ArticleFactory(title="Second pin"), ArticleFactory(title="First pin")
    RelatedArticleFactory(article=story, target=first_pin, position=1)
    RelatedArticleFactory(article=story, target=second_pin, position=2)
    for days in (1, 2, 3):
        ArticleFactory(title=f"Suggested {days}", tags=[tag], published_at=timezone.now() - datetime.timedelta(days=days))
    services.refresh_suggestions_for(article=story)

    response = client.get(story.get_absolute_url())

    assert related_titles(response) == ["First pin", "Second pin", "Suggested 1", "Suggested 2"]
    text = response.text
    assert "Related Articles" in text
    assert text.index("First pin") < text.index("Second pin") < text.index("Suggested 1")
    assert f'href="{first_pin.get_absolute_url()}"' in text
    assert first_pin.section.name in text


def test_the_count_comes_from_the_settings(client, settings, story):
    settings.NEWSROOM_RELATED_COUNT = 2
    for _ in range(4):
        RelatedArticleFactory(article=story)
    assert len(related_titles(client.get(story.get_absolute_url()))) == 2


def test_an_unpublished_pin_drops_out_and_a_suggestion_takes_its_place(client, story):
    pinned = ArticleFactory(title="Pinned, later withdrawn")
    RelatedArticleFactory(article=story, target=pinned)
    ArticleFactory(title="Fresh suggestion", tags=list(story.tags.all()))
    services.refresh_related_suggestions(article=story)
    assert related_titles(client.get(story.get_absolute_url())) == ["Pinned, later withdrawn", "Fresh suggestion"]

    pinned.status, pinned.published_at = Article.Status.DRAFT, None
    pinned.save()
    services.refresh_related_suggestions(article=pinned)

    response = client.get(story.get_absolute_url())
    assert related_titles(response) == ["Fresh suggestion"]
    assert "Pinned, later withdrawn" not in response.text
    assert client.get(pinned.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("traits", [{"scheduled": True}, {"draft": True}])
def test_scheduled_and_draft_pins_are_never_shown(client, story, traits):
    RelatedArticleFactory(article=story, target=ArticleFactory(title="Not yet", **traits))
    response = client.get(story.get_absolute_url())
    assert related_titles(response) == [] and "Not yet" not in response.text
    assert "Related Articles" not in response.text


def test_a_deleted_pin_is_simply_gone(client, story):
    pin = RelatedArticleFactory(article=story)
    pin.target.delete()
    assert related_titles(client.get(story.get_absolute_url())) == []


def test_stale_suggestions_are_never_shown(client, story):
    """Even before a refresh, a stored suggestion that went out of print is filtered out."""
    other = ArticleFactory(title="Was suggested", tags=list(story.tags.all()))
    services.refresh_suggestions_for(article=story)
    assert related_titles(client.get(story.get_absolute_url())) == ["Was suggested"]
    Article.objects.filter(pk=other.pk).update(status=Article.Status.DRAFT)
    assert related_titles(client.get(story.get_absolute_url())) == []


def test_a_stored_suggestion_that_is_then_pinned_is_shown_once_as_a_pin(client, story):
    """The pin is written directly, without a refresh: the stale suggestion row must not show it twice."""
    ArticleFactory(title="Suggested first", tags=list(story.tags.all()))
    other = ArticleFactory(title="Then pinned", tags=list(story.tags.all()), published_at=timezone.now() - datetime.timedelta(days=9))
    services.refresh_suggestions_for(article=story)
    assert related_titles(client.get(story.get_absolute_url())) == ["Suggested first", "Then pinned"]
    RelatedArticleFactory(article=story, target=other, position=1)
    assert related_titles(client.get(story.get_absolute_url())) == ["Then pinned", "Suggested first"]


def test_a_stored_suggestion_that_is_then_excluded_is_not_shown(client, story):
    """The exclusion is written directly, without a refresh: the stale suggestion row is filtered out."""
    other = ArticleFactory(title="Then excluded", tags=list(story.tags.all()))
    services.refresh_suggestions_for(article=story)
    assert related_titles(client.get(story.get_absolute_url())) == ["Then excluded"]
    RelatedExclusionFactory(article=story, target=other)
    response = client.get(story.get_absolute_url())
    assert related_titles(response) == [] and "Then excluded" not in response.text


def test_arabic_block_has_arabic_heading_and_only_arabic_articles(client):
    tag = TagFactory()
    story = ArticleFactory(arabic=True, tags=[tag])
    related = ArticleFactory(arabic=True, title="خبر ذو صلة", tags=[tag], published_at=timezone.now() - datetime.timedelta(days=3))
    ArticleFactory(title="English relative", tags=[tag])
    services.refresh_suggestions_for(article=story)
    response = client.get(story.get_absolute_url())
    assert "مقالات ذات صلة" in response.text
    assert related_titles(response) == ["خبر ذو صلة"]
    with translation.override("ar"):
        written = edition_date(related.published_at)
    assert written in response.text  # the date in the Arabic edition's style
    assert "قسم" in response.text.split("مقالات ذات صلة")[1]  # the section, in Arabic


def related_story(count):
    section = SectionFactory()
    story = ArticleFactory(section=section)
    for position in range(count):
        if position % 2:
            RelatedArticleFactory(article=story, target=ArticleFactory(section=SectionFactory()), position=position)
        else:
            ArticleFactory(section=section)
    services.refresh_suggestions_for(article=story)
    return story


@pytest.mark.parametrize("count", [1, 12])
def test_article_page_query_count_does_not_grow_with_related_items(client, settings, django_assert_max_num_queries, count):
    """The block costs its two queries whether it lists nothing, one article or twelve."""
    settings.NEWSROOM_RELATED_COUNT = 12
    bare = ArticleFactory(section=SectionFactory())
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(bare.get_absolute_url()).context["related_items"] == []
    story = related_story(count)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(story.get_absolute_url())
    assert len(response.context["related_items"]) == count
    assert sum(item.pinned for item in response.context["related_items"]) == count // 2
