"""Two editors in two browsers edit one article: the second save is refused, shows the first's change, keeps what was typed."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, EditorFactory
from tests.browser.login import log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(browser, live_server, username, **names):
    EditorFactory(username=username, password="secret-pass-123", **names)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in_to_admin(page, live_server.url, username, "secret-pass-123")
    return context, page


def save(page):
    with page.expect_navigation():
        page.click("input[name=_continue]")


def test_the_second_save_is_refused_and_keeps_the_editors_text(browser, live_server):
    article = ArticleFactory(title="Bakeries ration bread", summary="Flour deliveries fell.")
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    first_context, first = logged_in(browser, live_server, "aisha", first_name="Aisha", last_name="Haddad")
    second_context, second = logged_in(browser, live_server, "omar")
    try:
        first.goto(url)
        second.goto(url)
        first.fill("#id_title", "Bakeries ration bread in Idlib")
        second.fill("#id_summary", "Flour deliveries fell by a third this month.")
        save(first)
        save(second)

        assert "Aisha Haddad saved this article at" in second.locator(".errorlist").inner_text()
        conflict = second.locator("#edit-conflict")
        assert conflict.is_visible()
        assert conflict.locator("del", has_text="in Idlib").count() == 1  # the first editor's change
        assert second.input_value("#id_summary") == "Flour deliveries fell by a third this month."
        assert Article.objects.get(pk=article.pk).summary == "Flour deliveries fell."

        second.check("#id_save_mine_anyway")
        save(second)
        assert second.locator(".errorlist").count() == 0
        stored = Article.objects.get(pk=article.pk)
        assert stored.summary == "Flour deliveries fell by a third this month."
    finally:
        first_context.close()
        second_context.close()
