"""The reader-support appeal in a real browser: closing it, with and without JavaScript, and no layout shift."""

import pytest
from django.core.cache import cache

from newsroom.banners.models import Banner
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

BANNER = "aside.support-banner"
BODY = "".join(f"<p>Paragraph {n} of a long report from Aleppo about the price of bread.</p>" for n in range(1, 9))

#: What counts as no shift: below what Lighthouse rounds to 0 (0.001).
NO_SHIFT = 0.001

#: The layout shift of everything that moved *down or up* since the page started, over half a second.
#: A banner that pushes the story moves it vertically; a web font swapping in after the first paint
#: (on a loaded machine) can only widen a line of Latin text in the Arabic face by a pixel, sideways,
#: which is the fonts' business (tests/browser/test_fonts.py), not the banner's.
LAYOUT_SHIFT_TOTAL = """
() => new Promise(resolve => {
  let total = 0;
  const vertical = entry => entry.sources.some(s => Math.abs(s.previousRect.y - s.currentRect.y) >= 1);
  new PerformanceObserver(list => { for (const entry of list.getEntries()) if (vertical(entry)) total += entry.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})
"""


@pytest.fixture(autouse=True)
def _cached_banners(settings):
    settings.NEWSROOM_BANNER_CACHE_SECONDS = 60  # as in production
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story():
    english = ArticleFactory(title="Bread prices in Aleppo", body=BODY)
    arabic = ArticleFactory(
        arabic=True, title="أسعار الخبز في حلب", translation_key=english.translation_key, section=english.section,
        body=BODY,
    )
    return english, arabic


def positions(page, *selectors):
    return [page.locator(selector).bounding_box()["y"] for selector in selectors]


def test_closing_with_javascript_hides_in_place_and_stays_closed_in_both_editions(live_server, page, story):
    english, arabic = story
    banner = BannerFactory()
    page.goto(live_server.url + english.get_absolute_url())
    page.evaluate("window.sameDocument = true")
    page.locator(BANNER).scroll_into_view_if_needed()
    before = positions(page, ".story__title", ".story__body p:last-child", ".site-footer")

    page.get_by_role("button", name="Close this appeal").click()
    page.locator(".support-banner__closed").wait_for()

    assert page.evaluate("window.sameDocument") is True  # no navigation: closed in place
    assert page.locator(".support-banner__cta").count() == 0
    assert page.locator(".support-banner__headline").count() == 0
    assert positions(page, ".story__title", ".story__body p:last-child", ".site-footer") == before  # nothing moved
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert page.locator(".support-banner__closed").text_content() == "Appeal closed. It will stay hidden for 30 days."
    page.reload()
    assert page.locator(BANNER).count() == 0
    page.goto(live_server.url + arabic.get_absolute_url())
    assert page.locator(BANNER).count() == 0
    banner.refresh_from_db()
    assert banner.dismissals == 1


def test_close_button_is_reachable_and_usable_from_the_keyboard(live_server, page, story):
    english, _arabic = story
    BannerFactory()
    page.goto(live_server.url + english.get_absolute_url())
    page.locator(".support-banner__cta").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Close this appeal"
    page.keyboard.press("Enter")
    page.locator(".support-banner__closed").wait_for()
    assert page.locator(".support-banner__close-button").count() == 0


def test_closing_without_javascript_returns_to_the_page_and_stays_closed(live_server, browser, story):
    english, arabic = story
    BannerFactory()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + english.get_absolute_url())
        arabic_close = "إغلاق هذه الدعوة"
        page.get_by_role("button", name="Close this appeal").click()
        page.wait_for_load_state()
        assert page.url == live_server.url + english.get_absolute_url()
        assert page.locator(BANNER).count() == 0
        page.goto(live_server.url + arabic.get_absolute_url())
        assert page.locator(BANNER).count() == 0
        assert page.get_by_role("button", name=arabic_close).count() == 0
    finally:
        context.close()


@pytest.mark.parametrize(
    "placement",
    [
        {"placement": Banner.Placement.END_OF_ARTICLE},
        {"placement": Banner.Placement.AFTER_PARAGRAPH, "paragraph": 2},
        {"placement": Banner.Placement.SITE_FOOTER},
    ],
)
def test_showing_the_appeal_causes_no_layout_shift(live_server, page, story, placement):
    BannerFactory(**placement)
    for article in story:
        page.goto(live_server.url + article.get_absolute_url())
        page.wait_for_load_state("load")
        assert page.locator(BANNER).is_visible()
        assert page.evaluate(LAYOUT_SHIFT_TOTAL) < NO_SHIFT


def test_the_layout_shift_measure_does_see_a_banner_that_arrives_late(live_server, page, story):
    """The no-shift test above can fail: a banner injected after load (as JS banners do) is measured."""
    english, _arabic = story
    page.goto(live_server.url + english.get_absolute_url())
    page.wait_for_load_state("load")
    page.evaluate(
        "() => { const aside = document.createElement('aside'); aside.style.blockSize = '200px';"
        " document.querySelector('.story__body').prepend(aside); }"
    )
    assert page.evaluate(LAYOUT_SHIFT_TOTAL) > NO_SHIFT


def test_arabic_appeal_is_laid_out_right_to_left(live_server, page, story):
    _english, arabic = story
    BannerFactory()
    page.goto(live_server.url + arabic.get_absolute_url())
    assert page.eval_on_selector(BANNER, "el => getComputedStyle(el).direction") == "rtl"
    banner_box = page.locator(BANNER).bounding_box()
    close_box = page.locator(".support-banner__close-button").bounding_box()
    # The close button sits at the inline end: on the left in Arabic.
    assert close_box["x"] < banner_box["x"] + banner_box["width"] / 2
    assert page.get_by_role("complementary", name="ادعموا صحافتنا").is_visible()
