"""The browser lays the Arabic edition out right-to-left and the English one left-to-right."""

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def computed_direction(page, selector):
    return page.eval_on_selector(selector, "el => getComputedStyle(el).direction")


def test_arabic_article_renders_right_to_left(live_server, page):
    article = ArticleFactory(arabic=True, title="انقطاع الكهرباء في حلب", slug="انقطاع-الكهرباء-في-حلب")
    page.goto(live_server.url + article.get_absolute_url())
    assert computed_direction(page, "html") == "rtl"
    assert computed_direction(page, ".story__body") == "rtl"
    # The title starts at the right edge: its box sits in the right half of the page.
    box = page.locator(".story__title").bounding_box()
    text_end = page.evaluate(
        "() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('.story__title'));"
        " return r.getBoundingClientRect().right; }"
    )
    assert abs(text_end - (box["x"] + box["width"])) < 2


def test_english_article_renders_left_to_right(live_server, page):
    article = ArticleFactory(title="Power cuts in Aleppo")
    page.goto(live_server.url + article.get_absolute_url())
    assert computed_direction(page, "html") == "ltr"
    assert computed_direction(page, ".story__body") == "ltr"
