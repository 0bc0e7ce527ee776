"""How a story travels: Open Graph and Twitter card tags, and the share links under it (plain links, no third-party script)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SectionFactory, TagFactory
from tests.pages import jpeg_file

pytestmark = pytest.mark.django_db


def meta(html, key):
    """Every ``content`` of the meta tags named (property or name) *key*."""
    return [unescape(value) for value in re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)]


@pytest.fixture
def story():
    return ArticleFactory(
        title="Power cuts & generators", summary="Families turn to generators.", slug="power-cuts",
        image=jpeg_file(size=(640, 360)), image_caption="Cables over a street",
        section=SectionFactory(name_en="Economy"), tags=[TagFactory(name_en="Electricity"), TagFactory(name_en="Aleppo")],
    )


def test_open_graph_and_twitter_cards_are_complete(client, story):
    html = client.get(story.get_absolute_url()).text
    url = "http://testserver/en/articles/power-cuts/"
    assert meta(html, "og:url") == [url]
    assert meta(html, "og:site_name") == ["Newsroom"]
    assert meta(html, "og:image") == ["http://testserver" + story.image.url]
    assert meta(html, "og:image:width") == ["640"] and meta(html, "og:image:height") == ["360"]
    assert meta(html, "og:image:alt") == ["Cables over a street"]
    assert meta(html, "article:published_time") and meta(html, "article:modified_time")
    assert meta(html, "article:section") == ["Economy"]
    assert sorted(meta(html, "article:tag")) == ["Aleppo", "Electricity"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "twitter:title") == ["Power cuts & generators"]


def test_a_story_without_a_picture_gets_a_summary_card(client):
    html = client.get(ArticleFactory().get_absolute_url()).text
    assert meta(html, "twitter:card") == ["summary"] and meta(html, "og:image") == []


def share_links(html):
    block = re.search(r'<nav class="share".*?</nav>', html, re.S).group(0)
    return {service: unescape(href) for service, href in re.findall(r'share__link--(\w+)" href="([^"]*)"', block)}, block


def test_share_links_lead_to_each_service_with_the_story_address(client, story):
    html = client.get(story.get_absolute_url()).text
    links, block = share_links(html)
    url = "http://testserver/en/articles/power-cuts/"
    assert set(links) == {"whatsapp", "telegram", "facebook", "x", "email"}
    assert parse_qs(urlsplit(links["whatsapp"]).query)["text"] == [f"Power cuts & generators {url}"]
    assert urlsplit(links["telegram"]).netloc == "t.me" and parse_qs(urlsplit(links["telegram"]).query)["url"] == [url]
    assert parse_qs(urlsplit(links["facebook"]).query)["u"] == [url]
    assert urlsplit(links["x"]).netloc == "x.com" and parse_qs(urlsplit(links["x"]).query)["url"] == [url]
    assert links["email"].startswith("mailto:?") and parse_qs(urlsplit(links["email"]).query)["body"] == [url]
    # No tracking parameter, and a copy button the site's own script switches on.
    assert "utm_" not in block
    assert f'data-share-copy="{url}"' in block and "hidden" in block
    assert re.findall(r'<script src="([^"]*)"', html) and all(
        src.startswith("/static/") for src in re.findall(r'<script src="([^"]*)"', html)
    )


def test_share_links_speak_arabic_in_the_arabic_edition(client):
    article = ArticleFactory(arabic=True)
    block = share_links(client.get(article.get_absolute_url()).text)[1]
    for words in ("شارك هذا الخبر", "واتساب", "إكس", "تيليغرام", "فيسبوك", "البريد الإلكتروني", "نسخ الرابط"):
        assert words in block


def test_a_preview_shows_no_share_links(editor_client):
    article = ArticleFactory(draft=True)
    response = editor_client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert response.status_code == 200
    assert 'class="share"' not in response.text
