"""The copy-link button under a story works in a real browser, in the reader's language, with the site's own script."""

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clipboard_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def test_copy_link_copies_the_story_address_and_says_so(clipboard_page, live_server):
    article = ArticleFactory(arabic=True)
    page = clipboard_page
    page.goto(live_server.url + article.get_absolute_url())
    button = page.get_by_role("button", name="نسخ الرابط")
    button.click()
    status = page.locator("[data-share-status]")
    status.wait_for(state="attached")
    page.wait_for_function("document.querySelector('[data-share-status]').textContent !== ''")
    assert status.text_content() == "نُسخ الرابط"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(article.get_absolute_url()) or copied.endswith(
        page.evaluate("location.pathname")
    )


def test_without_script_the_button_stays_out_of_the_way(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + ArticleFactory().get_absolute_url())
    assert page.locator(".share__copy").is_hidden()
    assert page.get_by_role("link", name="WhatsApp").count() == 1
    context.close()
