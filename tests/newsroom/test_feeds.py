"""RSS and Atom feeds of each edition, section, tag and author: parsed as a feed reader would (feedparser)."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.pages import build_site, jpeg_file

pytestmark = pytest.mark.django_db

#: articles with their section, their authors, their tags: whatever the number of stories.
FEED_BUDGET = 3
#: a section, tag or author feed first reads its subject.
SUBJECT_FEED_BUDGET = FEED_BUDGET + 1


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.fixture
def story():
    section = SectionFactory(name_en="Economy", slug_en="economy", name_ar="اقتصاد", slug_ar="اقتصاد")
    tag = TagFactory(name_en="Electricity", slug_en="electricity", name_ar="الكهرباء", slug_ar="الكهرباء")
    author = AuthorFactory(name_en="Rania Haddad", name_ar="رانيا حداد", slug="rania-haddad")
    return ArticleFactory(
        title="Power cuts stretch to twenty hours",
        summary="Families turn to generators.",
        body="<p>Residents say the power <strong>comes</strong> for two hours.</p>",
        image=jpeg_file(size=(640, 360)),
        section=section, tags=[tag], authors=[author],
    )


@pytest.mark.parametrize("path", ["/en/feed/", "/en/feed/atom/"])
def test_the_edition_feed_carries_the_whole_story(client, story, path):
    response, feed = parse(client, path)
    assert feed.feed.language == "en"
    (entry,) = feed.entries
    assert entry.title == "Power cuts stretch to twenty hours"
    assert entry.link == "http://testserver" + story.get_absolute_url()
    assert "Families turn to generators." in entry.summary
    assert "<strong>comes</strong>" in entry.content[0].value  # the full sanitised body
    assert entry.author == "Rania Haddad"
    assert {tag.term for tag in entry.tags} == {"Economy", "Electricity"}
    assert entry.published_parsed and entry.updated_parsed
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == story.image.size == story.image_bytes > 0
    assert enclosure.href == "http://testserver" + story.image.url


def test_rss_is_rss_2_with_content_encoded_and_language(client, story):
    response, feed = parse(client, "/en/feed/")
    assert feed.version == "rss20"
    assert response["Content-Type"].startswith("application/rss+xml")
    assert b"<content:encoded>" in response.content and b"<language>en</language>" in response.content


def test_atom_is_atom_1_in_the_edition_language(client, story):
    response, feed = parse(client, "/ar/feed/atom/")
    assert feed.version == "atom10"
    assert b'xml:lang="ar"' in response.content
    assert feed.entries == []  # an English story is not in the Arabic edition


def test_the_arabic_edition_has_its_own_feed(client):
    build_site()
    _response, feed = parse(client, "/ar/feed/")
    assert feed.feed.title == "غرفة الأخبار"
    assert [entry.title for entry in feed.entries] == ["ساعات التقنين تصل إلى عشرين ساعة يوميًا في ريف حلب"]
    assert feed.entries[0].author == "رانيا حداد"


@pytest.mark.parametrize("path", [
    "/en/sections/economy/feed/", "/en/tags/electricity/feed/atom/", "/en/authors/rania-haddad/feed/",
    "/ar/sections/اقتصاد/feed/atom/",
])
def test_section_tag_and_author_feeds_list_only_their_stories(client, story, path):
    other = ArticleFactory(title="Somewhere else entirely")
    _response, feed = parse(client, path)
    titles = [entry.title for entry in feed.entries]
    assert other.title not in titles
    assert titles == ([] if path.startswith("/ar/") else [story.title])


def test_drafts_and_scheduled_stories_are_never_in_a_feed(client, story):
    ArticleFactory(draft=True, title="A draft", section=story.section)
    ArticleFactory(scheduled=True, title="Embargoed", section=story.section)
    for path in ("/en/feed/", "/en/feed/atom/", "/en/sections/economy/feed/"):
        _response, feed = parse(client, path)
        assert [entry.title for entry in feed.entries] == [story.title]
        assert all("/preview/" not in entry.link for entry in feed.entries)


def test_a_tag_or_author_with_no_live_story_has_no_feed(client):
    ArticleFactory(draft=True, tags=[TagFactory(slug_en="secret")], authors=[AuthorFactory(slug="hidden")])
    assert client.get("/en/tags/secret/feed/").status_code == 404
    assert client.get("/en/authors/hidden/feed/atom/").status_code == 404
    assert client.get("/en/sections/no-such-section/feed/").status_code == 404


def test_the_newest_stories_come_first(client):
    now = timezone.now()
    for hours, title in [(3, "Oldest"), (1, "Newest"), (2, "Middle")]:
        ArticleFactory(title=title, published_at=now - datetime.timedelta(hours=hours))
    _response, feed = parse(client, "/en/feed/")
    assert [entry.title for entry in feed.entries] == ["Newest", "Middle", "Oldest"]


def test_a_feed_costs_the_same_however_many_stories(client, django_assert_max_num_queries):
    section, tags = SectionFactory(slug_en="politics"), TagFactory.create_batch(3)
    for _ in range(12):
        ArticleFactory(section=section, tags=tags, authors=AuthorFactory.create_batch(2), image=jpeg_file())
    for path, budget in [("/en/feed/", FEED_BUDGET), ("/en/feed/atom/", FEED_BUDGET),
                         ("/en/sections/politics/feed/", SUBJECT_FEED_BUDGET)]:
        with django_assert_max_num_queries(budget):
            response = client.get(path)
        assert response.status_code == 200


def test_pages_name_their_feeds_in_the_head(client, story):
    home = client.get("/en/").text
    assert '<link rel="alternate" type="application/rss+xml" title="Newsroom" href="/en/feed/">' in home
    assert 'type="application/atom+xml" title="Newsroom" href="/en/feed/atom/"' in home
    section = client.get("/en/sections/economy/").text
    assert 'type="application/rss+xml" title="Economy" href="/en/sections/economy/feed/"' in section
    assert 'href="/en/tags/electricity/feed/"' in client.get("/en/tags/electricity/").text
    assert 'href="/en/authors/rania-haddad/feed/atom/"' in client.get("/en/authors/rania-haddad/").text
    assert 'href="/en/feed/"' in client.get(story.get_absolute_url()).text


def test_each_feed_has_what_its_format_requires_even_for_a_story_without_byline(client):
    import xml.etree.ElementTree as ET

    ArticleFactory(authors=[], summary="")
    atom = ET.fromstring(client.get("/en/feed/atom/").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name", "a:link[@rel='self']"):
        assert atom.find(required, ns) is not None, required
    for entry in atom.findall("a:entry", ns):
        for required in ("a:id", "a:title", "a:updated", "a:link"):
            assert entry.find(required, ns) is not None, required
    rss = ET.fromstring(client.get("/en/feed/").content)
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description", "language"):
        assert channel.findtext(required), required
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("guid") and item.findtext("pubDate")
