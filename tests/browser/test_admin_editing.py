"""The admin in a real browser: translated-field tabs, the language menu, the Arabic editor."""

import pytest

from tests.factories import ArticleFactory, EditorFactory, SectionFactory
from tests.browser.login import log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def logged_in(live_server, page):
    EditorFactory(username="tabs-editor", password="secret-pass-123")
    log_in_to_admin(page, live_server.url, "tabs-editor", "secret-pass-123")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def test_translated_fields_are_in_language_tabs(live_server, logged_in):
    page, errors = logged_in
    section = SectionFactory(name_en="Economy", name_ar="اقتصاد")
    page.goto(f"{live_server.url}/admin/articles/section/{section.pk}/change/")
    page.click("a[href='#tab_id_name_en']")
    assert page.is_visible("#id_name_en") and not page.is_visible("#id_name_ar")
    page.click("a[href='#tab_id_name_ar']")
    assert page.is_visible("#id_name_ar") and not page.is_visible("#id_name_en")
    assert page.get_attribute("a[href='#tab_id_name_ar']", "aria-selected") == "true"
    assert errors == []


def test_language_menu_switches_the_admin_to_arabic(live_server, logged_in):
    page, _errors = logged_in
    page.goto(live_server.url + "/admin/")
    # The label is for screen readers only: Django's visually-hidden class shrinks it to one pixel.
    box = page.locator("label[for=admin-language-select]").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    with page.expect_navigation():
        page.select_option("#admin-language-select", "ar")
    assert page.get_attribute("html", "dir") == "rtl"


def test_arabic_article_body_editor_is_right_to_left(live_server, logged_in):
    page, errors = logged_in
    article = ArticleFactory(arabic=True)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".field-body [contenteditable=true]")
    editor.wait_for()
    assert editor.evaluate("el => getComputedStyle(el).direction") == "rtl"
    page.select_option("#id_language", "en")
    assert editor.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert errors == []
