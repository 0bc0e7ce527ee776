"""Text of the other direction is isolated: an Arabic title in the English admin, an English name on an Arabic page.

Without isolation an Arabic title ending in "؟" inside an English breadcrumb
shows its question mark on the wrong side (and the rest of the line reorders);
``<bdi lang dir>`` keeps each run in its own direction and voice.
"""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

ARABIC_TITLE = "هل تعود الكهرباء إلى حلب؟"
ISOLATED_ARABIC = f'<bdi lang="ar" dir="rtl">{ARABIC_TITLE}</bdi>'
ENGLISH_TITLE = "Will power return to Aleppo?"
ISOLATED_ENGLISH = f'<bdi lang="en" dir="ltr">{ENGLISH_TITLE}</bdi>'


def in_language(client, language):
    client.cookies["newsroom_language"] = language
    return client


def test_an_arabic_title_in_the_english_admin_heading_and_breadcrumbs_is_isolated(editor_client):
    article = ArticleFactory(arabic=True, title=ARABIC_TITLE)
    html = in_language(editor_client, "en").get(reverse("admin:articles_article_change", args=[article.pk])).text
    breadcrumbs = html.split('<div class="breadcrumbs">')[1].split("</div>")[0]
    assert ISOLATED_ARABIC in breadcrumbs
    assert f"<h2>{ISOLATED_ARABIC}</h2>" in html


def test_an_english_title_in_the_arabic_admin_is_isolated(editor_client):
    article = ArticleFactory(title=ENGLISH_TITLE)
    client = in_language(editor_client, "ar")
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert 'dir="rtl"' in html and ISOLATED_ENGLISH in html
    assert ISOLATED_ENGLISH in client.get(reverse("admin:articles_article_changelist")).text
    assert ISOLATED_ENGLISH in client.get(reverse("admin:articles_article_history", args=[article.pk])).text


def test_the_create_version_page_isolates_the_source_title(editor_client):
    article = ArticleFactory(title=ENGLISH_TITLE)
    url = reverse("admin:articles_article_translation_create", args=[article.pk, "ar"])
    html = in_language(editor_client, "ar").get(url).text
    assert html.count(ISOLATED_ENGLISH) >= 2  # the breadcrumbs and the sentence


def test_an_english_name_shown_on_an_arabic_page_is_isolated(client):
    # A section or author with no Arabic name yet falls back to English.
    section = SectionFactory(name_ar="", name_en="Economy")
    author = AuthorFactory(name_ar="", name_en="Rania Haddad")
    article = ArticleFactory(arabic=True, section=section, authors=[author])
    html = client.get(article.get_absolute_url()).text
    assert "<bdi>Economy</bdi>" in html and "<bdi>Rania Haddad</bdi>" in html
    assert 'lang="en" dir="ltr">English<' in html  # the edition switch

