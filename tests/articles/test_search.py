"""Search, per edition: the results page on SQLite (the fallback) and on PostgreSQL (full text and trigrams).

The same tests run on whichever database the suite uses; those marked
``postgres`` check what only PostgreSQL does (stemming by its configurations,
the trigram fallback, the stored vector) and are skipped on SQLite.
"""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from articles import search, selectors, services
from articles.models import Article
from tests.concurrency import skip_unless_postgresql
from tests.factories import ArticleFactory
from tests.security.payloads import XSS_PAYLOADS

pytestmark = pytest.mark.django_db


def story(**fields):
    """A live story saved through the write path (so its search vector is stored too, on PostgreSQL)."""
    article = ArticleFactory.build(section=ArticleFactory.create().section, **fields)
    return services.save_article(article=article)


def search_url(language, **params):
    with translation.override(language):
        return reverse("articles:search")


def results(client, language, q, **params):
    response = client.get(search_url(language), {"q": q, **params})
    assert response.status_code == 200
    return response, [result.article.title for result in response.context["search_page"].results]


# Normalisation -------------------------------------------------------------


def test_arabic_query_and_text_meet_in_one_form():
    assert search.Query.parse("المدرسة").terms == search.Query.parse("مدرسه").terms == ("مدرسه",)
    assert search.Query.parse("مَدْرَسَـــة").terms == ("مدرسه",)
    assert search.Query.parse("إلى ٢٠٢٤").terms == ("الي", "2024")


def test_highlight_escapes_everything_but_the_marks():
    html = search.highlight("<b>School</b> & schools", search.Query.parse("school").terms)
    assert html == "&lt;b&gt;<mark>School</mark>&lt;/b&gt; &amp; <mark>schools</mark>"


# The page, on any database ---------------------------------------------------


def test_arabic_variants_find_the_school_story(client):
    wanted = story(arabic=True, title="افتتاح المدرسة في حلب", slug="school-aleppo")
    story(arabic=True, title="أسعار الخبز ترتفع", slug="bread")
    for q in ("المدرسة", "مدرسه", "مدرسة", "المدرسه", "بالمدرسة"):
        _, titles = results(client, "ar", q)
        assert titles == [wanted.title], q


def test_only_live_stories_of_the_edition_match(client):
    live = story(title="Water returns to Aleppo", slug="water-live")
    story(title="Water draft", slug="water-draft", status=Article.Status.DRAFT, published_at=None)
    story(title="Water scheduled", slug="water-later", published_at=timezone.now() + datetime.timedelta(days=1))
    story(arabic=True, title="Water in the Arabic edition", slug="water-ar")
    _, titles = results(client, "en", "water")
    assert titles == [live.title]


def test_matches_are_highlighted_in_title_and_snippet(client):
    story(title="Schools reopen", slug="schools", summary="Every school in the city opened its doors.")
    response, _ = results(client, "en", "school")
    assert "<mark>Schools</mark> reopen" in response.text
    assert "Every <mark>school</mark> in the city" in response.text


def test_snippet_comes_from_the_body_when_the_summary_does_not_match(client):
    story(title="A day in Homs", slug="homs", summary="Life goes on.", body="<p>The bakery on the corner sells bread again.</p>")
    response, _ = results(client, "en", "bakery")
    assert "The <mark>bakery</mark> on the corner" in response.text


def test_newest_first_and_pages_without_a_count(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    now = timezone.now()
    for days in range(5):
        story(title=f"Harvest report {days}", slug=f"harvest-{days}", published_at=now - datetime.timedelta(days=days + 1))
    response, titles = results(client, "en", "harvest", order="newest")
    assert titles == ["Harvest report 0", "Harvest report 1"]
    assert 'rel="next"' in response.text and "page=2" in response.text
    _, titles = results(client, "en", "harvest", order="newest", page=3)
    assert titles == ["Harvest report 4"]
    assert client.get(search_url("en"), {"q": "harvest", "page": "99999"}).status_code == 404


def test_a_title_match_ranks_first(client):
    story(title="Report from the coast", slug="coast", summary="Olive growers count their losses.")
    story(title="Olive growers count their losses", slug="olives", published_at=timezone.now() - datetime.timedelta(days=3))
    _, titles = results(client, "en", "olive")
    assert titles[0] == "Olive growers count their losses"


@pytest.mark.parametrize("q", ["", "   ", "!!! ???", "x" * 201, "<script>", "' OR 1=1 --", "%", "_", "\\", "a:*", "!(", "&|"])
def test_empty_overlong_or_odd_queries_get_a_calm_page(client, q):
    story(title="Ordinary story", slug="ordinary")
    response = client.get(search_url("en"), {"q": q})
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.text


def test_hostile_queries_are_shown_as_text(client):
    story(title="Ordinary story", slug="ordinary")
    for payload in XSS_PAYLOADS:
        response = client.get(search_url("en"), {"q": payload})
        assert response.status_code == 200, payload
        assert payload not in response.text or "<" not in payload, payload


def test_search_page_is_not_kept_by_any_cache(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story(title="Fuel queues", slug="fuel")
    response, titles = results(client, "en", "fuel")
    assert titles == ["Fuel queues"]
    assert "no-store" in response["Cache-Control"]
    story(title="Fuel queues again", slug="fuel-again")
    _, titles = results(client, "en", "fuel")
    assert len(titles) == 2


def test_the_search_box_is_in_both_editions_header(client):
    story(title="Anything", slug="anything")
    for language in ("en", "ar"):
        with translation.override(language):
            home = client.get(reverse("articles:home")).text
        assert f'action="{search_url(language)}"' in home
        assert 'role="search"' in home and '<label class="site-search__label" for="site-search-q">' in home


def test_query_budget_does_not_grow_with_results(client, django_assert_max_num_queries, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 10
    for number in range(12):
        story(title=f"Market day {number}", slug=f"market-{number}")
    with django_assert_max_num_queries(12):
        _, titles = results(client, "en", "market")
    assert len(titles) == 10


# PostgreSQL only ------------------------------------------------------------------


@pytest.mark.postgres
def test_english_stemming_on_postgresql(client):
    skip_unless_postgresql()
    story(title="Elections postponed again", slug="elections")
    for q in ("election", "elected", "postponing"):
        _, titles = results(client, "en", q)
        assert titles == ["Elections postponed again"], q


@pytest.mark.postgres
def test_arabic_plural_and_variants_on_postgresql(client):
    skip_unless_postgresql()
    school = story(arabic=True, title="افتتاح المدرسة في حلب", slug="school")
    schools = story(arabic=True, title="المدارس تفتح أبوابها", slug="schools")
    for q in ("المدرسة", "مدرسه"):
        _, titles = results(client, "ar", q)
        assert school.title in titles, q
    _, titles = results(client, "ar", "المدارس")
    assert titles[0] == schools.title


@pytest.mark.postgres
def test_misspelt_query_finds_close_titles_on_postgresql(client):
    skip_unless_postgresql()
    story(title="Reconstruction of Raqqa", slug="raqqa")
    response, titles = results(client, "en", "Reconstructoin")
    assert titles == ["Reconstruction of Raqqa"]
    assert response.context["search_page"].close_matches


@pytest.mark.postgres
def test_the_vector_is_stored_and_kept_up_to_date_on_postgresql():
    skip_unless_postgresql()
    article = story(title="Bread prices", slug="bread")
    article.title = "Fuel prices"
    services.save_article(article=article)
    query = search.Query.parse("fuel")
    page = selectors.search_articles(language="en", query=query)
    assert [result.article.pk for result in page.results] == [article.pk]
    assert not selectors.search_articles(language="en", query=search.Query.parse("bread")).results
    # A bulk load (rows written without the model's save) gets its vectors in one UPDATE.
    Article.objects.filter(pk=article.pk).update(search_vector=None)
    assert services.refresh_search_index() >= 1
    assert selectors.search_articles(language="en", query=query).results


@pytest.mark.postgres
def test_the_walk_of_the_newest_stories_finds_common_words_in_order(monkeypatch):
    """With more matches than needed among the newest stories, they come from the ordered walk, newest first."""
    skip_unless_postgresql()
    monkeypatch.setattr(selectors, "SEARCH_DEPTH", 2)
    now = timezone.now()
    for days in range(4):
        story(title=f"Checkpoint {days}", slug=f"checkpoint-{days}", published_at=now - datetime.timedelta(days=days + 1))
    story(title="Other news", slug="other")
    query = search.Query.parse("checkpoint")
    newest = selectors.search_articles(language="en", query=query, order="newest", per_page=1)
    assert [result.article.title for result in newest.results] == ["Checkpoint 0"] and newest.has_next
    ranked = selectors.search_articles(language="en", query=query, per_page=5)
    assert {result.article.title for result in ranked.results} == {"Checkpoint 0", "Checkpoint 1"}


@pytest.mark.postgres
def test_articles_saved_in_bulk_are_found_with_the_vector_a_single_save_stores(client):
    skip_unless_postgresql()
    section = ArticleFactory.create().section
    english = ArticleFactory.build(section=section, title="Elections postponed again", slug="bulk-elections",
                                   summary="The council met.", body="<p>Voters were <b>told</b> at dawn.</p>")
    arabic = ArticleFactory.build(section=section, arabic=True, title="افتتاح المدرسة في حلب", slug="bulk-school")
    services.save_articles_in_bulk(entries=[(english, [], []), (arabic, [], [])])
    for q in ("election", "told"):
        assert results(client, "en", q)[1] == ["Elections postponed again"], q
    assert results(client, "ar", "مدرسه")[1] == ["افتتاح المدرسة في حلب"]
    # The vector written with the row is the one the one-by-one save (an UPDATE from the columns) writes.
    bulk = dict(Article.objects.filter(pk__in=[english.pk, arabic.pk]).values_list("pk", "search_vector"))
    services.refresh_search_index(Article.objects.filter(pk__in=bulk))
    assert dict(Article.objects.filter(pk__in=bulk).values_list("pk", "search_vector")) == bulk


@pytest.mark.parametrize("body", [
    '<p>Floods &amp; <a href="/en/x/?a=1&amp;b=2" title="a&gt;b">roads</a> close</p><p>&#39;Again&#39;&nbsp;ok</p>',
    "<h2>مدرسة</h2><ul><li>والمدرسة</li></ul>",
    "AT&T said <b>no</b>",  # a loose ampersand: the HTML parser's reading is kept
    "<p>x</p><script>var a = '<b>';</script>",
    '<p title="1 > 0">1 &gt; 0</p>',
])
def test_a_body_is_searched_by_the_words_a_reader_sees_whatever_its_markup(body):
    # What the HTML parser reads is what is searched, however the tags are taken off.
    assert search.plain_text(body) == html.unescape(strip_tags(body))
