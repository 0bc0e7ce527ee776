"""A staff member previews a draft Arabic story from the admin and sees it as Arabic readers will, marked as a preview."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import ArticleFactory, EditorFactory
from tests.browser.login import log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logged_in(live_server, page):
    EditorFactory(username="preview-editor", password="secret-pass-123")
    log_in_to_admin(page, live_server.url, "preview-editor", "secret-pass-123")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def test_a_draft_arabic_story_is_previewed_right_to_left_with_the_preview_bar(live_server, logged_in):
    page, errors = logged_in
    article = ArticleFactory(arabic=True, draft=True, title="مسودة عن أسعار الخبز", slug="مسودة-عن-أسعار-الخبز")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    assert page.locator("a.viewsitelink").count() == 0  # not live: nothing for readers to view yet
    with page.expect_navigation():
        page.click("a.previewlink")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.eval_on_selector("html", "el => getComputedStyle(el).direction") == "rtl"
    assert page.eval_on_selector(".story__body", "el => getComputedStyle(el).direction") == "rtl"
    bar = page.locator(".preview-bar")
    assert bar.is_visible()
    # In the edition's language, as the whole page is, whatever language the admin is in
    # (read from the catalogue: "معاينة — غير منشور" once the branch's strings are in it).
    with translation.override("ar"):
        assert gettext("Preview — not published") in bar.inner_text()
    assert page.locator(".story__title").inner_text() == "مسودة عن أسعار الخبز"
    # The bar sits at the top of the page, across it, above the story.
    assert bar.bounding_box()["y"] < page.locator(".story__title").bounding_box()["y"]
    assert page.get_attribute('meta[name="robots"]', "content") == "noindex"
    assert errors == []


def test_the_share_link_copy_button_works_and_the_link_opens_without_a_login(live_server, logged_in, browser):
    page, errors = logged_in
    article = ArticleFactory(draft=True, title="Draft for the lawyer")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    button = page.locator(".preview-share__copy")
    assert button.is_visible()  # shown once its script runs
    link = page.input_value("#preview-share-url")
    button.click()
    page.wait_for_function("() => document.querySelector('.preview-share__copy').textContent === 'Copied'")
    outsider = browser.new_context()
    try:
        other = outsider.new_page()
        other.goto(link)
        assert other.locator(".story__title").inner_text() == "Draft for the lawyer"
        assert other.locator(".preview-bar").is_visible()
    finally:
        outsider.close()
    assert errors == []
