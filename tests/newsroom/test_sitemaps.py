"""The sitemap index, each edition's article, section and news sitemaps, and robots.txt, parsed as crawlers read them."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from newsroom import sitemaps
from tests.factories import ArticleFactory, SectionFactory
from translations.services import link_translation

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
#: count, the page's rows, the alternates of all its stories.
SITEMAP_PAGE_BUDGET = 3
#: per sitemap: its latest change and its page count (8 sitemaps: articles, sections, pages, news per edition).
INDEX_BUDGET = 2 * 8


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def entries(root):
    """``{loc: {hreflang: href}}`` of a urlset."""
    return {
        url.findtext("sm:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("sm:url", NS)
    }


@pytest.fixture
def story(editor):
    english = ArticleFactory(title="Power cuts", slug="power-cuts")
    arabic = ArticleFactory(arabic=True, slug="انقطاع-الكهرباء", section=english.section)
    link_translation(article=english, counterpart=arabic, by=editor)
    return english, arabic


def test_the_index_lists_every_edition_sitemap_with_lastmod(client, story):
    root = parse(client, "/sitemap.xml")
    locations = [node.findtext("sm:loc", namespaces=NS) for node in root.findall("sm:sitemap", NS)]
    for name in ("articles-en", "articles-ar", "sections-en", "sections-ar", "pages-en", "pages-ar", "news-en", "news-ar"):
        assert f"http://testserver/sitemap-{name}.xml" in locations
    assert all(node.findtext("sm:lastmod", namespaces=NS) for node in root.findall("sm:sitemap", NS)[:1])


def test_each_article_names_every_live_version_and_x_default(client, story):
    english, arabic = story
    en_url, ar_url = (f"http://testserver{article.get_absolute_url()}" for article in story)
    found = entries(parse(client, "/sitemap-articles-en.xml"))
    assert found == {en_url: {"en": en_url, "ar": ar_url, "x-default": en_url}}
    found = entries(parse(client, "/sitemap-articles-ar.xml"))
    assert found == {ar_url: {"en": en_url, "ar": ar_url, "x-default": en_url}}
    assert parse(client, "/sitemap-articles-en.xml").find("sm:url/sm:lastmod", NS).text


def test_a_draft_or_scheduled_version_is_never_named(client):
    alone = ArticleFactory()
    ArticleFactory(draft=True, title="Draft")
    scheduled = ArticleFactory(arabic=True, scheduled=True, translation_key=alone.translation_key)
    found = entries(parse(client, "/sitemap-articles-en.xml"))
    url = f"http://testserver{alone.get_absolute_url()}"
    assert found == {url: {"en": url, "x-default": url}}
    assert entries(parse(client, "/sitemap-articles-ar.xml")) == {}
    body = b"".join(client.get(f"/sitemap-{name}.xml").content for name in sitemaps.sitemaps())
    assert scheduled.slug.encode() not in body and b"/preview/" not in body and b"Draft" not in body


def test_a_sitemap_page_costs_the_same_however_many_stories(client, editor, django_assert_max_num_queries):
    for _ in range(15):
        english = ArticleFactory()
        link_translation(article=english, counterpart=ArticleFactory(arabic=True), by=editor)
    with django_assert_max_num_queries(SITEMAP_PAGE_BUDGET):
        root = parse(client, "/sitemap-articles-en.xml")
    assert len(root.findall("sm:url", NS)) == 15
    with django_assert_max_num_queries(INDEX_BUDGET):
        parse(client, "/sitemap.xml")


def test_sitemaps_are_paged_at_their_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    ArticleFactory.create_batch(5)
    index = [node.findtext("sm:loc", namespaces=NS) for node in parse(client, "/sitemap.xml").findall("sm:sitemap", NS)]
    assert "http://testserver/sitemap-articles-en.xml?p=3" in index
    pages = [entries(parse(client, f"/sitemap-articles-en.xml?p={page}")) for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    # Each page's alternates are its own stories'.
    assert all(alternates["en"] == loc for page in pages for loc, alternates in page.items())
    assert client.get("/sitemap-articles-en.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_full_page_of_the_longest_entries_stays_within_the_protocol_limits(client, editor):
    longest = "ب" * 255
    english = ArticleFactory(slug="e" * 255)
    link_translation(article=english, counterpart=ArticleFactory(arabic=True, slug=longest), by=editor)
    entry = parse(client, "/sitemap-articles-ar.xml").find("sm:url", NS)
    entry_bytes = len(ET.tostring(entry, encoding="utf-8"))
    limit = sitemaps.ArticleSitemap("ar").limit
    assert limit <= sitemaps.PROTOCOL_MAX_URLS
    assert limit * entry_bytes + 1024 <= sitemaps.PROTOCOL_MAX_BYTES


def test_section_pages_with_live_stories_are_listed_in_both_editions(client):
    section = SectionFactory(slug_en="economy", slug_ar="اقتصاد")
    SectionFactory(slug_en="empty")
    ArticleFactory(section=section)
    found = entries(parse(client, "/sitemap-sections-en.xml"))
    en, ar = "http://testserver/en/sections/economy/", "http://testserver/ar/sections/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF/"
    assert list(found) == [en]
    assert found[en]["en"] == en and found[en]["x-default"] == en
    assert found[en]["ar"] in (ar, "http://testserver/ar/sections/اقتصاد/")
    assert entries(parse(client, "/sitemap-sections-ar.xml")) == {}  # no Arabic story in it yet


def test_the_news_sitemap_has_the_last_two_days_with_publication_and_title(client):
    now = timezone.now()
    fresh = ArticleFactory(arabic=True, title="خبر عاجل & مهم", published_at=now - datetime.timedelta(hours=3))
    ArticleFactory(arabic=True, title="خبر قديم", published_at=now - datetime.timedelta(hours=49))
    root = parse(client, "/sitemap-news-ar.xml")
    (url,) = root.findall("sm:url", NS)
    assert url.findtext("sm:loc", namespaces=NS) == f"http://testserver{fresh.get_absolute_url()}"
    assert url.findtext("news:news/news:publication/news:name", namespaces=NS) == "غرفة الأخبار"
    assert url.findtext("news:news/news:publication/news:language", namespaces=NS) == "ar"
    assert url.findtext("news:news/news:title", namespaces=NS) == "خبر عاجل & مهم"
    published = datetime.datetime.fromisoformat(url.findtext("news:news/news:publication_date", namespaces=NS))
    assert abs(published - fresh.published_at) < datetime.timedelta(seconds=1)


def test_robots_txt_points_to_the_index_and_keeps_crawlers_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for prefix in ("/admin/", "/preview/", "/en/search/", "/ar/search/"):
        assert f"Disallow: {prefix}" in lines
    assert "Disallow: /" not in lines


@pytest.mark.parametrize("slug", ["power-cuts", "انقطاع-الكهرباء-في-حلب", "كهرباء_٢٠٢٤"])
def test_sitemap_addresses_are_the_articles_own(slug):
    article = ArticleFactory(language="ar" if not slug.isascii() else "en", slug=slug)
    assert sitemaps.ArticlePaths()(article.language, article.slug) == article.get_absolute_url()


def test_hostile_text_is_escaped_in_the_xml(client):
    ArticleFactory(slug="a-b", title="<b>&</b>")
    root = parse(client, "/sitemap-articles-en.xml")
    assert root.findtext("sm:url/sm:loc", namespaces=NS) == "http://testserver/en/articles/a-b/"
    assert "<b>" not in client.get("/sitemap-news-en.xml").text
