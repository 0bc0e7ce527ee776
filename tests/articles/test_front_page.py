"""The front page editors curate: the lead and top stories in their order, the newest in empty places, section blocks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import selectors, services
from articles.models import FrontPage
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def stories(count, language="en", **fields):
    """*count* live stories, the first the newest."""
    now = timezone.now()
    return [
        ArticleFactory(language=language, published_at=now - datetime.timedelta(hours=index + 1), **fields)
        for index in range(count)
    ]


def shown(content):
    return [content.lead, *content.top]


def test_without_picks_the_newest_stories_lead(settings):
    settings.NEWSROOM_FRONT_PAGE_TOP_STORIES = 2
    newest = stories(5)
    content = selectors.front_page("en")
    assert shown(content) == newest[:3]


def test_editors_picks_come_first_in_their_order_and_the_newest_fill_the_rest(settings):
    settings.NEWSROOM_FRONT_PAGE_TOP_STORIES = 3
    newest = stories(6)
    services.set_front_page(language="en", articles=[newest[4], newest[2]])
    assert shown(selectors.front_page("en")) == [newest[4], newest[2], newest[0], newest[1]]


def test_a_pick_readers_cannot_see_gives_its_place_to_the_newest(settings):
    settings.NEWSROOM_FRONT_PAGE_TOP_STORIES = 1
    newest = stories(2)
    services.set_front_page(language="en", articles=[ArticleFactory(draft=True), ArticleFactory(scheduled=True)])
    assert shown(selectors.front_page("en")) == newest


def test_each_edition_has_its_own_front_page(settings):
    settings.NEWSROOM_FRONT_PAGE_TOP_STORIES = 1
    english, arabic = stories(2), stories(2, "ar")
    services.set_front_page(language="ar", articles=[arabic[1]])
    assert shown(selectors.front_page("ar"))[0] == arabic[1]
    assert shown(selectors.front_page("en"))[0] == english[0]


def test_sections_get_blocks_of_their_newest_stories_not_already_on_top(settings):
    settings.NEWSROOM_FRONT_PAGE_TOP_STORIES = 1
    settings.NEWSROOM_FRONT_PAGE_SECTION_STORIES = 2
    economy, culture = SectionFactory(position=2), SectionFactory(position=1)
    economy_stories = stories(4, section=economy)
    culture_stories = stories(3, section=culture)
    content = selectors.front_page("en")
    blocks = {section: articles for section, articles in content.sections}
    assert [section for section, _articles in content.sections] == [culture, economy]  # menu order
    on_top = set(shown(content))
    assert all(article not in on_top for articles in blocks.values() for article in articles)
    assert len(blocks[economy]) == 2 and set(blocks[economy]) <= set(economy_stories)
    assert set(blocks[culture]) <= set(culture_stories)


def test_the_service_refuses_another_editions_story_and_doubles():
    english = ArticleFactory()
    with pytest.raises(ValidationError):
        services.set_front_page(language="ar", articles=[english])
    with pytest.raises(ValidationError):
        services.set_front_page(language="en", articles=[english, english])
    assert not FrontPage.objects.exists()


def test_the_home_page_shows_the_front_page_then_the_latest_list(client, settings):
    settings.NEWSROOM_FRONT_PAGE_TOP_STORIES = 1
    newest = stories(3)
    services.set_front_page(language="en", articles=[newest[2]])
    html = client.get("/en/").text
    assert html.index(newest[2].title) < html.index('<h2 class="page-title">')
    assert 'class="front-section' in html


def test_the_home_page_costs_the_same_with_more_stories_and_sections(client, django_assert_max_num_queries):
    stories(2)
    services.set_front_page(language="en", articles=[ArticleFactory()])
    with django_assert_max_num_queries(8):
        client.get("/en/")
    for _ in range(6):
        stories(3, section=SectionFactory())
    with django_assert_max_num_queries(8):
        response = client.get("/en/")
    assert len(response.context["front_page"].sections) >= 6


def test_an_editor_orders_the_front_page_in_the_admin(editor_client):
    first, second = ArticleFactory(), ArticleFactory()
    response = editor_client.get(reverse("admin:articles_frontpage_add"))
    data = admin_form_data(response, language="en", **{
        "picks-0-article": second.pk, "picks-0-position": 2,
        "picks-1-article": first.pk, "picks-1-position": 1,
    })
    assert editor_client.post(reverse("admin:articles_frontpage_add"), data).status_code == 302
    assert [pick.article for pick in FrontPage.objects.get(language="en").picks.all()] == [first, second]


def test_the_admin_refuses_a_story_of_the_other_edition(editor_client):
    response = editor_client.get(reverse("admin:articles_frontpage_add"))
    data = admin_form_data(response, language="ar", **{"picks-0-article": ArticleFactory().pk, "picks-0-position": 1})
    response = editor_client.post(reverse("admin:articles_frontpage_add"), data)
    assert response.status_code == 200 and "Only stories of this edition" in response.text


@pytest.mark.parametrize(("role", "status"), [("Editor", 200), ("Reporter", 403)])
def test_editors_curate_the_front_page_and_reporters_do_not(client, role, status):
    from tests.roles.conftest import member_of

    client.force_login(member_of(role))
    assert client.get(reverse("admin:articles_frontpage_add")).status_code == status
