"""What a reader sees of the layout, in both directions and at a phone's width."""

import pytest

from tests.pages import build_full_site, second_page_url

pytestmark = pytest.mark.django_db(transaction=True)

EDGES = "el => { const r = el.getBoundingClientRect(); return [r.left, r.right]; }"
CONTENT_EDGES = """el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return [r.left + parseFloat(s.paddingLeft), r.right - parseFloat(s.paddingRight)]; }"""


@pytest.fixture
def site(settings):
    settings.NEWSROOM_ARTICLES_PER_PAGE = 1  # page 2 of the edition home has both "newer" and "older"
    return build_full_site()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pagination_keeps_newer_at_the_start_and_older_at_the_end_of_the_list(live_server, page, site, language):
    page.goto(live_server.url + second_page_url(language))
    grid_left, grid_right = page.eval_on_selector(".teaser-grid", EDGES)
    newer_left, newer_right = page.eval_on_selector('.pagination [rel="prev"]', EDGES)
    older_left, older_right = page.eval_on_selector('.pagination [rel="next"]', EDGES)
    if language == "en":  # reading from the left: newer on the left edge, older on the right edge
        assert (round(newer_left), round(older_right)) == (round(grid_left), round(grid_right))
    else:  # reading from the right: mirrored
        assert (round(newer_right), round(older_left)) == (round(grid_right), round(grid_left))


@pytest.mark.parametrize("language", ["en", "ar"])
def test_untranslated_notice_lines_up_with_the_page_content(live_server, page, site, language):
    [url] = [url for url in site[language] if "/untranslated/" in url]
    page.goto(live_server.url + url)
    notice = page.eval_on_selector(".translation-notice", EDGES)
    content = page.eval_on_selector("main", CONTENT_EDGES)
    assert [round(edge) for edge in notice] == [round(edge) for edge in content]


def test_no_reader_page_is_wider_than_a_phone(live_server, browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    too_wide = {}
    for language, urls in site.items():
        for url in [*urls, second_page_url(language), f"/{language}/articles/no-such-story/"]:
            page.goto(live_server.url + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 375:
                too_wide[url] = width
    context.close()
    assert too_wide == {}
