"""One digit policy: every number and date the site writes on an Arabic page uses the same digits.

``NEWSROOM_ARABIC_DIGITS`` chooses Western (the default) or Arabic-Indic digits,
``NEWSROOM_ARABIC_MONTHS`` Levantine (the default) or Egyptian month names; the
reader pages, the preview bar and the admin all follow them. Digits that authors
wrote (a caption's "2 حزيران 2024", a body's figures) are left as written, so the
checks below read only the text the site itself writes.
"""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles import editions
from tests.factories import ArticleFactory
from tests.pages import build_full_site, second_page_url

pytestmark = pytest.mark.django_db

WESTERN = re.compile(r"[0-9]")
ARABIC_INDIC = re.compile(r"[٠-٩]")
#: Elements whose text authors wrote: their digits are theirs, not the site's.
AUTHORS_TEXT = ("story__body", "story__title", "story__summary", "teaser__title", "teaser__summary", "related__title")


class SiteWrittenText(HTMLParser):
    """The visible text of a page outside what authors wrote (body, caption, titles, summaries)."""

    def __init__(self):
        super().__init__()
        self.chunks, self._skipping = [], []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        skip = tag in {"figcaption", "script", "style"} or any(name in classes for name in AUTHORS_TEXT)
        if tag not in {"img", "br", "input", "link", "meta", "source", "hr", "wbr"}:
            self._skipping.append(skip or bool(self._skipping and self._skipping[-1]))

    def handle_endtag(self, tag):
        if self._skipping:
            self._skipping.pop()

    def handle_data(self, data):
        if not (self._skipping and self._skipping[-1]):
            self.chunks.append(data)


def site_text(html):
    parser = SiteWrittenText()
    parser.feed(html)
    return " ".join(parser.chunks)


def assert_one_digit_style(text, style):
    """*text* has digits, all of *style*."""
    wanted, other = (ARABIC_INDIC, WESTERN) if style == "arabic-indic" else (WESTERN, ARABIC_INDIC)
    assert wanted.search(text), text
    assert not other.search(text), other.findall(text)


@pytest.fixture(params=["western", "arabic-indic"])
def digits(request, settings):
    settings.NEWSROOM_ARABIC_DIGITS = request.param
    return request.param


def test_an_arabic_story_writes_its_dates_and_counts_in_one_style(client, digits, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    urls = build_full_site()
    story = client.get(urls["ar"][1]).text
    # Byline date, related articles' dates: the site's; the caption keeps its author's digits.
    assert_one_digit_style(site_text(story), digits)
    assert "2 حزيران 2024" in story


def test_arabic_lists_and_pagination_write_dates_in_one_style(client, digits, settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    urls = build_full_site()
    for url in [urls["ar"][0], urls["ar"][2], second_page_url("ar")]:
        response = client.get(url)
        assert_one_digit_style(site_text(response.text), digits)


def test_the_english_edition_always_writes_western_digits(client, digits):
    article = ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2024, 6, 15, 12)))
    text = site_text(client.get(article.get_absolute_url()).text)
    assert "15 June 2024" in text and not ARABIC_INDIC.search(text)


@pytest.mark.parametrize(
    ("digits", "months", "written"),
    [
        ("western", "levantine", "15 حزيران 2024"),
        ("arabic-indic", "levantine", "١٥ حزيران ٢٠٢٤"),
        ("western", "egyptian", "15 يونيو 2024"),
        ("arabic-indic", "egyptian", "١٥ يونيو ٢٠٢٤"),
    ],
)
def test_dates_follow_both_settings(client, settings, digits, months, written):
    settings.NEWSROOM_ARABIC_DIGITS, settings.NEWSROOM_ARABIC_MONTHS = digits, months
    article = ArticleFactory(arabic=True, published_at=timezone.make_aware(datetime.datetime(2024, 6, 15, 12)))
    assert written in client.get(article.get_absolute_url()).text


@pytest.mark.parametrize(
    ("digits", "written"), [("western", "1,234,567.5"), ("arabic-indic", "١٬٢٣٤٬٥٦٧٫٥")]
)
def test_numbers_are_grouped_with_the_separators_of_their_digits(settings, digits, written):
    settings.NEWSROOM_ARABIC_DIGITS = digits
    assert editions.format_number(1234567.5, "ar") == written
    assert editions.format_number(1234567.5, "en") == "1,234,567.5"


@pytest.mark.parametrize(
    ("digits", "months", "written"),
    [("western", "levantine", "15 حزيران 2024، 12:00"), ("arabic-indic", "egyptian", "١٥ يونيو ٢٠٢٤، ١٢:٠٠")],
)
def test_the_arabic_admin_writes_dates_day_month_year_in_the_sites_style(
    editor_client, settings, digits, months, written
):
    settings.NEWSROOM_ARABIC_DIGITS, settings.NEWSROOM_ARABIC_MONTHS = digits, months
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2024, 6, 15, 12)))
    editor_client.cookies["newsroom_language"] = "ar"
    html = editor_client.get(reverse("admin:articles_article_changelist")).text
    assert written in html
    other_months = "يونيو" if months == "levantine" else "حزيران"
    assert other_months not in html


def test_the_english_admin_keeps_djangos_english_dates(editor_client):
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2024, 6, 15, 12)))
    editor_client.cookies["newsroom_language"] = "en"
    assert "June 15, 2024" in editor_client.get(reverse("admin:articles_article_changelist")).text


def test_the_arabic_preview_bar_writes_date_and_time_in_the_sites_style(settings):
    settings.NEWSROOM_ARABIC_DIGITS = "arabic-indic"
    from articles.views import preview_notice

    article = ArticleFactory(arabic=True, scheduled=True)
    with translation.override("ar"):
        detail = str(preview_notice(article)["detail"])
    assert ARABIC_INDIC.search(detail) and not WESTERN.search(detail)


def test_an_arabic_appeal_counts_its_days_in_the_sites_style(client, settings):
    from tests.banners.factories import BannerFactory

    settings.NEWSROOM_ARABIC_DIGITS = "arabic-indic"
    BannerFactory(lines_en="Support us.", lines_ar="ادعمونا.")
    article = ArticleFactory(arabic=True)
    assert "ستبقى مخفية ٣٠ يومًا" in client.get(article.get_absolute_url()).text


@pytest.mark.parametrize(("months", "june"), [("levantine", "حزيران"), ("egyptian", "يونيو")])
def test_the_admin_calendar_names_months_as_the_settings_say(editor_client, settings, months, june):
    settings.NEWSROOM_ARABIC_MONTHS = months
    editor_client.cookies["newsroom_language"] = "ar"
    script = editor_client.get(reverse("admin:jsi18n")).content.decode()
    assert f'"June": {json.dumps(june)}' in script  # the catalogue is JSON, non-ASCII escaped
