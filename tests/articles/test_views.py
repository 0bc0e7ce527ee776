"""Reader pages: what each edition shows, and what it never shows."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_root_sends_reader_to_the_edition_their_browser_prefers(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar").url == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").url == "/en/"


def test_published_article_is_shown_in_its_edition(client):
    article = ArticleFactory(title="Wheat harvest begins", body="<p>Farmers in Hasakah started early.</p>")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Wheat harvest begins" in response.text
    assert "Farmers in Hasakah started early." in response.text


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}])
def test_draft_and_scheduled_articles_are_404(client, traits):
    article = ArticleFactory(**traits)
    assert client.get(url_in("en", "articles:article", slug=article.slug)).status_code == 404
    assert article.title not in client.get(url_in("en", "articles:home")).text


def test_article_is_404_in_the_other_edition(client):
    article = ArticleFactory(slug="only-in-english")
    assert client.get(url_in("ar", "articles:article", slug="only-in-english")).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("query", ["?before=abc", "?after=12", "?before=1-x", "?after=-5-1", "?before=1-2-3"])
def test_unknown_slug_and_bad_page_place_are_404(client, query):
    assert client.get(url_in("en", "articles:article", slug="no-such-story")).status_code == 404
    ArticleFactory()
    assert client.get(url_in("en", "articles:home") + query).status_code == 404


def test_arabic_article_page_is_right_to_left_with_arabic_slug(client):
    article = ArticleFactory(arabic=True, title="حصاد القمح", slug="حصاد-القمح")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "حصاد القمح" in response.text


def test_english_pages_are_left_to_right(client):
    response = client.get(url_in("en", "articles:home"))
    assert '<html lang="en" dir="ltr">' in response.text


def test_edition_home_lists_only_its_language_newest_first(client):
    older = ArticleFactory(title="Older English story")
    newer = ArticleFactory(title="Newer English story", published_at=older.published_at + datetime.timedelta(minutes=5))
    arabic = ArticleFactory(arabic=True, title="خبر عربي")
    text = client.get(url_in("en", "articles:home")).text
    assert text.index(newer.title) < text.index(older.title)
    assert arabic.title not in text


def older_link(html):
    return re.search(r'<a rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")


def newer_link(html):
    return re.search(r'<a rel="prev" href="([^"]+)"', html).group(1).replace("&amp;", "&")


def test_edition_home_is_paged_newest_first_without_numbers(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    stories = [ArticleFactory(published_at=timezone.now() - datetime.timedelta(hours=hours)) for hours in range(1, 6)]
    home = url_in("en", "articles:home")
    first = client.get(home)
    second = client.get(home + older_link(first.text))
    third = client.get(home + older_link(second.text))
    pages = [[article.pk for article in page.context["articles"]] for page in (first, second, third)]
    assert pages == [[s.pk for s in stories[0:2]], [s.pk for s in stories[2:4]], [stories[4].pk]]
    assert 'rel="next"' not in third.text
    back = client.get(home + newer_link(third.text))
    assert [article.pk for article in back.context["articles"]] == pages[1]


def test_arabic_dates_use_levantine_months_and_western_digits_by_default(client):
    published = timezone.make_aware(datetime.datetime(2024, 6, 15, 12, 0))
    article = ArticleFactory(arabic=True, published_at=published)
    assert "15 حزيران 2024" in client.get(article.get_absolute_url()).text


def test_section_tag_and_author_pages_list_their_articles_per_edition(client):
    section = SectionFactory(name_en="Economy", name_ar="اقتصاد", slug_en="economy", slug_ar="اقتصاد")
    tag = TagFactory(name_en="Electricity", name_ar="الكهرباء", slug_en="electricity", slug_ar="الكهرباء")
    author = AuthorFactory(name_en="Rania Haddad", name_ar="رانيا حداد", slug="rania-haddad")
    english = ArticleFactory(section=section, tags=[tag], authors=[author], title="Power cuts lengthen")
    arabic = ArticleFactory(arabic=True, section=section, tags=[tag], authors=[author], title="ساعات التقنين تطول")
    ArticleFactory(title="Unrelated story")

    for name, slug in [("articles:section", "economy"), ("articles:tag", "electricity"), ("articles:author", "rania-haddad")]:
        text = client.get(url_in("en", name, slug=slug)).text
        assert english.title in text and arabic.title not in text and "Unrelated story" not in text

    arabic_section = client.get(url_in("ar", "articles:section", slug="اقتصاد"))
    assert arabic.title in arabic_section.text and "اقتصاد" in arabic_section.text
    assert client.get(url_in("ar", "articles:section", slug="economy")).status_code == 404


def test_list_page_switches_to_the_same_list_in_the_other_edition(client):
    SectionFactory(name_en="Society", name_ar="مجتمع", slug_en="society", slug_ar="مجتمع")
    text = client.get(url_in("en", "articles:section", slug="society")).text
    assert 'href="/ar/sections/%D9%85%D8%AC%D8%AA%D9%85%D8%B9/"' in text or 'href="/ar/sections/مجتمع/"' in text


def test_body_html_is_rendered_sanitised(client):
    article = ArticleFactory(body='<p onclick="steal()">Hello <strong>world</strong></p><script>alert(1)</script>')
    text = client.get(article.get_absolute_url()).text
    assert "<strong>world</strong>" in text
    assert "alert(1)" not in text and "onclick" not in text


def test_list_pages_declare_their_versions_in_both_editions(client):
    SectionFactory(name_en="Society", name_ar="مجتمع", slug_en="society", slug_ar="مجتمع")
    text = client.get("/ar/sections/مجتمع/").text
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/sections/society/">' in text
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/en/sections/society/">' in text
    assert 'hreflang="ar" href="http://testserver/ar/sections/' in text


def test_newer_stories_link_on_page_two_points_at_the_plain_first_page(client, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 1
    ArticleFactory.create_batch(3)
    home = url_in("en", "articles:home")
    second = client.get(home + older_link(client.get(home).text)).text
    third = client.get(home + older_link(second)).text
    # One address per page: the first page is /en/, never /en/?after=...
    assert '<a rel="prev" href="/en/">' in second
    assert newer_link(third).startswith("?after=")
