"""The article page's JSON-LD (NewsArticle with its translations, BreadcrumbList), parsed and checked property by property."""

import json
import re

import pytest

from articles.services import save_article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory
from tests.pages import jpeg_file
from translations.services import create_translation, link_translation

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
#: What Google asks of a NewsArticle, and what this site promises besides.
REQUIRED = {
    "headline", "description", "image", "datePublished", "dateModified", "author", "publisher", "articleSection",
    "keywords", "inLanguage", "isAccessibleForFree", "mainEntityOfPage",
}


def graph(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    blocks = LD_JSON.findall(response.text)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}, response.text


def test_a_news_article_has_every_property_it_needs(client):
    section = SectionFactory(name_en="Economy", slug_en="economy")
    author = AuthorFactory(name_en="Rania Haddad", slug="rania-haddad")
    article = ArticleFactory(
        title="Power cuts", summary="Families turn to generators.", image=jpeg_file(size=(640, 360)),
        section=section, authors=[author], tags=[TagFactory(name_en="Electricity")],
    )
    nodes, _html = graph(client, article)
    news = nodes["NewsArticle"]
    assert REQUIRED <= set(news)
    url = "http://testserver" + article.get_absolute_url()
    assert news["headline"] == "Power cuts" and news["description"] == "Families turn to generators."
    assert news["image"] == {"@type": "ImageObject", "url": "http://testserver" + article.image.url,
                             "width": 640, "height": 360, "caption": ""}
    assert news["author"] == [{"@type": "Person", "name": "Rania Haddad", "url": "http://testserver/en/authors/rania-haddad/"}]
    assert news["publisher"]["@type"] == "NewsMediaOrganization"
    assert news["publisher"]["logo"]["url"].endswith(".png") and news["publisher"]["logo"]["width"] == 600
    assert news["articleSection"] == "Economy" and news["keywords"] == ["Electricity"]
    assert news["inLanguage"] == "en" and news["isAccessibleForFree"] is True
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert news["datePublished"].startswith(str(article.published_at.astimezone().year))
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [crumb["position"] for crumb in crumbs] == [1, 2, 3]
    assert [crumb["item"] for crumb in crumbs] == ["http://testserver/en/", "http://testserver/en/sections/economy/", url]


def test_versions_point_to_their_source_and_the_source_to_its_translations(client, editor):
    source = ArticleFactory(title="Original story")
    translation = create_translation(source=source, language="ar", by=editor)
    translation.status, translation.published_at = "published", source.published_at
    save_article(article=translation, by=editor)
    source_url = "http://testserver" + source.get_absolute_url()
    translation_url = "http://testserver" + translation.get_absolute_url()

    news = graph(client, source)[0]["NewsArticle"]
    assert news["workTranslation"] == [
        {"@type": "NewsArticle", "@id": translation_url + "#article", "url": translation_url, "inLanguage": "ar"}
    ]
    assert "translationOfWork" not in news
    news = graph(client, translation)[0]["NewsArticle"]
    assert news["translationOfWork"]["@id"] == source_url + "#article"
    assert news["@id"] == translation_url + "#article"
    assert "workTranslation" not in news


def test_an_unpublished_translation_is_not_revealed(client, editor):
    source = ArticleFactory()
    create_translation(source=source, language="ar", by=editor)  # a draft
    news = graph(client, source)[0]["NewsArticle"]
    assert "workTranslation" not in news and "translationOfWork" not in news


def test_a_linked_version_says_which_was_the_original(client, editor):
    english = ArticleFactory()
    arabic = ArticleFactory(arabic=True)
    link_translation(article=arabic, counterpart=english, by=editor)  # the Arabic one is the original
    assert graph(client, english)[0]["NewsArticle"]["translationOfWork"]["inLanguage"] == "ar"
    assert graph(client, arabic)[0]["NewsArticle"]["workTranslation"][0]["inLanguage"] == "en"


def test_a_hostile_title_cannot_close_the_script(client):
    hostile = "</script><script>alert(1)</script> & <!--"
    article = ArticleFactory(title=hostile, summary=hostile)
    nodes, html = graph(client, article)
    assert nodes["NewsArticle"]["headline"] == hostile
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == html.count("<script")
