"""Tag and author pages exist only for what readers of the edition can already see.

A tag or byline used only by a draft, by a story under embargo, or only in the
other edition would otherwise give away its name (and so the story coming).
"""

from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "tag": lambda tag, author: f"/en/tags/{tag.slug_en}/",
    "author": lambda tag, author: f"/en/authors/{author.slug}/",
}


@pytest.fixture
def embargoed():
    """A tag and an author named only on what this test is about."""
    return TagFactory(name_en="Secret talks in Amman", slug_en="secret-talks"), AuthorFactory(slug="undercover")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "story",
    [{"draft": True}, {"scheduled": True}, {"arabic": True}],
    ids=["draft-only", "scheduled-only", "live-in-the-other-edition-only"],
)
def test_page_of_vocabulary_readers_cannot_see_yet_is_404(client, embargoed, page, story):
    tag, author = embargoed
    ArticleFactory(tags=[tag], authors=[author], **story)
    response = client.get(PAGES[page](tag, author))
    assert response.status_code == 404
    assert "Secret talks" not in response.text


@pytest.mark.parametrize("page", PAGES)
def test_page_of_vocabulary_on_a_live_story_is_there(client, embargoed, page):
    tag, author = embargoed
    ArticleFactory(tags=[tag], authors=[author], draft=True)
    live = ArticleFactory(tags=[tag], authors=[author], title="Talks resume")
    response = client.get(PAGES[page](tag, author))
    assert response.status_code == 200
    assert [article.pk for article in response.context["articles"]] == [live.pk]


def test_arabic_edition_shows_a_tag_once_it_has_a_live_arabic_story(client, embargoed):
    tag, _author = embargoed
    ArticleFactory(tags=[tag])  # live in English only
    assert client.get(f"/ar/tags/{tag.slug_ar}/").status_code == 404
    ArticleFactory(arabic=True, tags=[tag])
    assert client.get(f"/ar/tags/{tag.slug_ar}/").status_code == 200


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_checking_for_a_live_story_costs_no_extra_query(client, embargoed):
    """The check is part of the query that reads the tag or author, so these pages cost what a section page does."""
    tag, author = embargoed
    section = SectionFactory(slug_en="politics")
    ArticleFactory(tags=[tag], authors=[author], section=section)
    section_page = queries(client, "/en/sections/politics/")
    assert queries(client, PAGES["tag"](tag, author)) == section_page
    assert queries(client, PAGES["author"](tag, author)) == section_page


def test_language_switch_leads_to_the_other_editions_home_until_the_tag_is_live_there(client, embargoed):
    tag, _author = embargoed
    ArticleFactory(tags=[tag])
    ArticleFactory(arabic=True, tags=[tag], draft=True)
    page = client.get(f"/en/tags/{tag.slug_en}/")
    links = {link.code: link.url for link in page.context["edition_links"]}
    assert links == {"en": f"/en/tags/{tag.slug_en}/", "ar": "/ar/"}
    # The Arabic home is where the switch leads, not this page in Arabic: no alternate for search engines.
    assert '<link rel="alternate" hreflang="ar"' not in page.text
    ArticleFactory(arabic=True, tags=[tag])
    links = {link.code: link.url for link in client.get(f"/en/tags/{tag.slug_en}/").context["edition_links"]}
    assert unquote(links["ar"]) == f"/ar/tags/{tag.slug_ar}/"
    assert client.get(links["ar"]).status_code == 200
