"""Dark mode as a browser shows it (system preference, the reader's choice) and the printed page."""

import pytest

from tests.pages import build_full_site

pytestmark = pytest.mark.django_db(transaction=True)

BACKGROUND = "getComputedStyle(document.documentElement).backgroundColor"
INK = "getComputedStyle(document.body).color"
DARK_PAPER, LIGHT_PAPER = "rgb(20, 20, 20)", "rgb(255, 255, 255)"


@pytest.fixture
def site():
    return build_full_site()


@pytest.fixture
def dark_system(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_dark_system_gets_the_dark_page(live_server, dark_system, site, language):
    dark_system.goto(live_server.url + site[language][1])
    assert dark_system.evaluate(BACKGROUND) == DARK_PAPER
    assert dark_system.evaluate(INK) == "rgb(232, 230, 227)"


def test_the_readers_choice_beats_the_system_and_holds_on_the_next_page(live_server, dark_system, site):
    dark_system.goto(live_server.url + site["ar"][1])
    dark_system.click(".theme-switch button[value=light]")
    dark_system.wait_for_selector("html[data-theme=light]", state="attached")
    assert dark_system.evaluate(BACKGROUND) == LIGHT_PAPER
    dark_system.goto(live_server.url + site["en"][0])  # the other edition remembers it
    assert dark_system.evaluate(BACKGROUND) == LIGHT_PAPER
    assert dark_system.get_attribute(".theme-switch button[value=light]", "aria-pressed") == "true"


def test_the_switch_works_without_javascript(live_server, browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + site["en"][1])
    page.click(".theme-switch button[value=dark]")
    page.wait_for_load_state()
    assert page.url == live_server.url + site["en"][1]
    assert page.get_attribute("html", "data-theme") == "dark"
    assert page.evaluate(BACKGROUND) == DARK_PAPER
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_printed_story_has_no_navigation_appeal_or_switches_and_shows_link_addresses(live_server, page, site, language):
    page.goto(live_server.url + site[language][1])
    page.emulate_media(media="print")
    hidden = ".section-nav, .edition-switch, .theme-switch, .support-banner, .story-versions, .skip-link"
    shown = page.eval_on_selector_all(hidden, "els => els.filter(el => getComputedStyle(el).display !== 'none').length")
    assert page.eval_on_selector_all(hidden, "els => els.length") >= 4 and shown == 0
    after = page.eval_on_selector(".story__tags a", "a => getComputedStyle(a, '::after').content")
    assert "/tags/" in after
    assert page.evaluate(BACKGROUND) == LIGHT_PAPER
