"""The editions' own fonts really load in a browser, and swapping them in moves nothing."""

import pytest

from tests.pages import build_full_site

pytestmark = pytest.mark.django_db(transaction=True)

LOADED_FAMILIES = """async () => {
  await document.fonts.ready;
  return [...document.fonts].filter(face => face.status === "loaded").map(face => face.family.replaceAll('"', ""));
}"""
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const entry of list.getEntries()) total += entry.value; })
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""
FAMILY_OF = "selector => getComputedStyle(document.querySelector(selector)).fontFamily.split(',')[0].replaceAll('\"', '')"


@pytest.fixture
def site():
    from newsroom import fonts

    if not fonts.installed():
        pytest.skip("The web fonts are not installed (make setup needs npm).")
    return build_full_site()


def test_the_arabic_story_is_set_in_naskh_with_plex_headlines(live_server, page, site):
    page.goto(live_server.url + site["ar"][1])
    loaded = page.evaluate(LOADED_FAMILIES)
    assert "Noto Naskh Arabic" in loaded and "IBM Plex Sans Arabic" in loaded
    assert page.evaluate(FAMILY_OF, ".story__body") == "Noto Naskh Arabic"
    assert page.evaluate(FAMILY_OF, ".story__title") == "IBM Plex Sans Arabic"
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'بيت')")


def test_the_english_story_is_set_in_source_serif_and_sans(live_server, page, site):
    page.goto(live_server.url + site["en"][1])
    loaded = page.evaluate(LOADED_FAMILIES)
    assert "Source Serif 4" in loaded and "Source Sans 3" in loaded
    assert page.evaluate(FAMILY_OF, ".story__body") == "Source Serif 4"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_fonts_swap_in_without_moving_the_page(live_server, page, site, language):
    page.goto(live_server.url + site[language][1])
    page.evaluate(LOADED_FAMILIES)
    # Far below what Lighthouse reports as 0 (it rounds to 0.001): sub-pixel rounding of a text run.
    assert page.evaluate(LAYOUT_SHIFT) < 0.001
