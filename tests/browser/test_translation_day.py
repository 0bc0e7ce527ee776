"""A day of a bilingual desk in a real browser: write, preview, publish, translate side by side, review, keep in step.

A reporter writes a draft and previews it; an editor publishes it; a
translator takes the story from the queue, creates the Arabic version and
translates it side by side, then marks it ready; the editor marks it up to
date and publishes it; the reporter corrects the English; the Arabic version
now shows as outdated, with what changed.
"""

import pytest

from articles.models import Article
from tests.factories import AuthorFactory, SectionFactory, UserFactory
from tests.roles.groups import role_group
from tests.browser.login import log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-demo-password-1"


def member(username, group, **fields):
    user = UserFactory(username=username, is_staff=True, password=PASSWORD, **fields)
    user.groups.add(role_group(group))
    return user


@pytest.fixture
def desk(live_server, browser):
    """One browser context per person, each logged in as themselves."""
    contexts = []

    def login(username):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        log_in_to_admin(page, live_server.url, username, PASSWORD)
        return page

    yield login
    for context in contexts:
        context.close()


def choose(page, field, text):
    """Pick *text* in the admin's select2 autocomplete for *field*."""
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def run_action(page, server, action, title):
    page.goto(f"{server}/admin/articles/article/")
    page.locator("tr", has_text=title).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def test_a_day_on_the_bilingual_desk(live_server, desk):
    server = live_server.url
    SectionFactory(name_en="Economy", name_ar="اقتصاد")
    AuthorFactory(name_en="Rana Issa", name_ar="رنا عيسى")
    member("reporter", "Reporter")
    member("desk-editor", "Editor")
    member("translator", "Translator", first_name="Lina", last_name="Haddad")

    # The reporter writes a draft and previews it.
    reporter = desk("reporter")
    reporter.goto(server + "/admin/articles/article/add/")
    reporter.fill("#id_title", "Bakers in Idlib work through the night")
    reporter.fill("#id_summary", "Power cuts moved the ovens to the small hours.")
    reporter.click(".field-body [contenteditable=true]")
    reporter.keyboard.type("Ovens are lit at midnight when the power comes back.")
    choose(reporter, "section", "Economy")
    choose(reporter, "authors", "Rana Issa")
    reporter.click("input[name=_continue]")
    article = Article.objects.get(title="Bakers in Idlib work through the night")
    assert article.status == Article.Status.DRAFT
    reporter.click("a.previewlink")
    assert "Preview — not published" in reporter.inner_text("body")

    # The editor publishes it.
    editor = desk("desk-editor")
    run_action(editor, server, "publish_now", article.title)
    article.refresh_from_db()
    assert article.is_live

    # The translator takes it from the queue, creates the Arabic version and translates it side by side.
    translator = desk("translator")
    translator.goto(server + "/admin/translations/translationqueueentry/")
    row = translator.locator("#result_list tr", has_text=article.title)
    assert "Missing" in row.inner_text()
    row.locator("input.action-select").check()
    translator.select_option("select[name=action]", "assign_to_me")
    translator.click("button[name=index]")
    # "Assigned to me": the filter's first choice.
    translator.click("#changelist-filter a[href='?assignee=me']")
    translator.locator("#result_list tr", has_text=article.title).locator("text=Create Arabic version").click()
    translator.click("#content-main button[type=submit], #content-main input[type=submit]")
    arabic = Article.objects.get(translation_key=article.translation_key, language="ar")
    translator.goto(f"{server}/admin/articles/article/{arabic.pk}/translations/translate/")
    assert "Not started" in translator.inner_text(".side-by-side__state")
    assert translator.get_attribute("#id_title", "dir") == "rtl"
    assert translator.locator(".side-by-side__source").first.evaluate("el => getComputedStyle(el).direction") == "ltr"
    translator.fill("#id_title", "خبّازو إدلب يعملون طوال الليل")
    translator.fill("#id_summary", "انقطاع الكهرباء نقل الأفران إلى ساعات الفجر.")
    translator.fill("#id_block_0", "تُشعل الأفران عند منتصف الليل حين تعود الكهرباء.")
    translator.click("input[name=_ready]")
    assert "Ready for review" in translator.inner_text(".side-by-side__state")

    # The editor reviews it, marks it up to date and publishes it.
    editor.goto(f"{server}/admin/articles/article/{arabic.pk}/change/")
    editor.click("#translations button:has-text('Mark as up to date')")
    assert "Up to date" in editor.inner_text("#translations")
    run_action(editor, server, "publish_now", "خبّازو إدلب")
    arabic.refresh_from_db()
    assert arabic.is_live and arabic.body == "<p>تُشعل الأفران عند منتصف الليل حين تعود الكهرباء.</p>"

    # The reporter corrects the English; the Arabic version is now outdated, with what changed.
    reporter.goto(f"{server}/admin/articles/article/{article.pk}/change/")
    reporter.fill("#id_title", "Bakers in Idlib work through the cold night")
    reporter.click("input[name=_continue]")
    editor.goto(f"{server}/admin/articles/article/{arabic.pk}/change/")
    panel = editor.inner_text("#translations")
    assert "Outdated" in panel
    assert editor.inner_text("#translation-diff ins") == "cold "
