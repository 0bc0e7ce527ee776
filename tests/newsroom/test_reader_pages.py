"""Reader pages with everything a story can carry: still in the edition's language, still well-formed.

``tests.pages.build_full_site`` is the site the HTML checker and axe run over;
these tests make sure it really has each piece (so those checks cannot pass
by checking less) and that the Arabic edition has no English on any of them.
"""

import re

import pytest

from tests.pages import build_full_site, english_words, second_page_url

pytestmark = pytest.mark.django_db

#: What the HTML spec accepts in <time datetime>: seconds at most three decimals (we write none).
MACHINE_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:\d\d|Z)$")


@pytest.fixture
def site(settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2
    return build_full_site()


def test_the_full_site_has_every_piece_the_quality_checks_rely_on(client, site):
    for language, urls in site.items():
        story = client.get(urls[1]).text
        assert story.count('class="related__item"') >= 2, language
        assert 'class="story-versions"' in story, language
        assert 'class="support-banner ' in story, language
        [notice_url] = [url for url in urls if "/untranslated/" in url]
        notice = client.get(notice_url).text
        assert 'class="notice translation-notice"' in notice, language
        assert 'class="pagination"' in client.get(f"/{language}/").text, language


def test_arabic_pages_with_every_piece_have_no_english_interface_text(client, site):
    for url in [*site["ar"], second_page_url("ar")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_words(response.text) == [], url


def test_related_articles_carry_a_valid_machine_readable_date(client, site):
    # A publication time with microseconds used to be written out in full,
    # which the HTML spec (and the W3C checker) rejects.
    for language, urls in site.items():
        html = client.get(urls[1]).text
        related = html[html.index('class="related"') :]
        stamps = re.findall(r'<time datetime="([^"]*)"', related)
        assert stamps, language
        assert [stamp for stamp in stamps if not MACHINE_DATETIME.match(stamp)] == [], language
