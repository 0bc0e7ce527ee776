"""A reader follows the language link from an English article to its Arabic version and back."""

import pytest

from tests.factories import ArticleFactory
from translations import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_follows_the_language_link_there_and_back(live_server, page):
    english = ArticleFactory(title="Negotiations in Astana", slug="negotiations-in-astana")
    arabic = ArticleFactory(arabic=True, title="مفاوضات أستانا", slug="مفاوضات-أستانا")
    services.link_translation(article=english, counterpart=arabic, by=None)

    page.goto(live_server.url + english.get_absolute_url())
    assert page.get_attribute("html", "dir") == "ltr"
    page.get_by_role("link", name="النسخة العربية من المقال").click()
    page.wait_for_load_state()
    assert page.locator("h1.story__title").inner_text() == "مفاوضات أستانا"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.eval_on_selector("html", "el => getComputedStyle(el).direction") == "rtl"

    page.get_by_role("link", name="Read this article in English").click()
    page.wait_for_load_state()
    assert page.locator("h1.story__title").inner_text() == "Negotiations in Astana"
    assert page.get_attribute("html", "dir") == "ltr"


def test_language_switch_of_an_untranslated_story_explains_itself(live_server, page):
    english = ArticleFactory(title="Only told in English")
    page.goto(live_server.url + english.get_absolute_url())
    page.locator('.edition-switch a[hreflang="ar"]').click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "rtl"
    notice = page.get_by_role("status")
    assert "هذا الخبر غير متوفر باللغة العربية بعد." in notice.inner_text()
    notice.get_by_role("link").click()
    page.wait_for_load_state()
    assert page.locator("h1.story__title").inner_text() == "Only told in English"
