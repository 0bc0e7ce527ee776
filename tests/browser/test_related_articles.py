"""An editor pins a related article with the autocomplete and reorders pins; the reader sees the result."""

import pytest

from tests.factories import ArticleFactory, EditorFactory, TagFactory
from tests.browser.login import log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server):
    EditorFactory(username="browser-editor")
    log_in_to_admin(page, live_server.url, "browser-editor", "correct horse battery staple")


def test_editor_pins_with_autocomplete_reorders_and_the_block_follows(live_server, page):
    tag = TagFactory()
    story = ArticleFactory(title="Putin meets the Turkish minister", tags=[tag])
    ArticleFactory(title="Hmeimim base expands", tags=[tag])
    first = ArticleFactory(title="Baghdad mediation continues")
    ArticleFactory(arabic=True, title="Baghdad in Arabic")  # never offered: another language
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")

    page.locator("#related_pins-group .select2-selection").first.click()
    page.keyboard.type("Baghdad")
    option = page.locator(".select2-results__option", has_text="Baghdad mediation continues")
    option.wait_for()
    assert "Section" in option.inner_text()
    assert page.locator(".select2-results__option", has_text="Baghdad in Arabic").count() == 0
    option.click()
    page.click("input[name=_continue]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    overview = page.locator("#related-overview").inner_text()
    assert overview.index("Baghdad mediation continues") < overview.index("Hmeimim base expands")
    assert "1 shared tag" in overview

    # Promote the suggestion, then move it above the first pin with the arrows.
    page.locator("#related-overview button", has_text="Pin").first.click()
    page.locator("#related_pins-group tr.form-row:not(.empty-form)").nth(1).locator(".related-move").first.click()
    page.click("input[name=_continue]")

    page.goto(live_server.url + story.get_absolute_url())
    titles = page.locator(".related__title").all_inner_texts()
    assert titles == ["Hmeimim base expands", first.title]
