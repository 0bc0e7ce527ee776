"""Pages work under their Content-Security-Policy in a real browser: nothing is blocked.

The policy is only useful if it is strict, and only bearable if the site runs
under it untouched. Every blocked script, style or image fires a
``securitypolicyviolation`` event; a script added to each page before it loads
collects them, and each test asserts there were none on reader pages (both
editions, every piece a story can carry, the error pages) and on the admin
screens editors use (the rich-text editor, language tabs, autocomplete).
"""

import pytest

from articles.views import EditionHomeView
from tests.factories import ArticleFactory, EditorFactory, SectionFactory
from tests.pages import build_full_site
from tests.browser.login import log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with CSP violations and console errors collected from the first byte of every document."""
    page.add_init_script(COLLECT_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    return page, console


def violations(page):
    return page.evaluate("window.cspViolations")


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return violations(page)


def test_reader_pages_break_no_rule_of_their_policy(live_server, watched):
    page, console = watched
    site = build_full_site()
    for url in [*site["en"], *site["ar"], "/en/no-such-page/"]:
        assert visit(page, live_server.url + url) == [], url
        # The appeal's script runs: it is the site's own file, not inline.
        assert page.evaluate("window.newsroomSupportBanner === true || !document.querySelector('[data-support-banner]')"), url
    assert [line for line in console if "Content Security Policy" in line] == []


def test_the_server_error_page_keeps_its_inline_styles(live_server, watched, monkeypatch):
    page, _console = watched

    def broken(self):
        raise RuntimeError("the database is on fire")

    monkeypatch.setattr(EditionHomeView, "get_queryset", broken)
    response = page.goto(live_server.url + "/ar/")
    assert response.status == 500
    assert violations(page) == []
    # The inline stylesheet applied: the header rule is drawn.
    assert page.evaluate("getComputedStyle(document.querySelector('header')).borderBottomWidth") == "3px"


def test_the_policy_blocks_an_injected_inline_script(live_server, watched):
    # Guard against a policy that allows everything: an inline script must be refused.
    page, _console = watched
    page.goto(live_server.url + "/en/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.append(s); }""")
    assert page.evaluate("window.ran") is None
    assert any("script-src" in violation for violation in violations(page))


@pytest.fixture
def editor_page(live_server, watched):
    page, console = watched
    EditorFactory(username="csp-editor", password="secret-pass-123")
    log_in_to_admin(page, live_server.url, "csp-editor", "secret-pass-123")
    page.wait_for_url("**/admin/")
    return page, console


def test_admin_screens_work_under_their_policy(live_server, editor_page):
    page, _console = editor_page
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    article = ArticleFactory(arabic=True)
    section = SectionFactory(name_en="Economy", name_ar="اقتصاد")
    for url in [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/article/add/",
        f"/admin/articles/section/{section.pk}/change/",
        "/admin/banners/banner/add/",
        "/admin/translations/translationqueueentry/",
    ]:
        assert visit(page, live_server.url + url) == [], url
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    editor = page.locator(".field-body [contenteditable=true]")
    editor.click()
    page.keyboard.type(" نص جديد")
    page.locator(".field-tags .select2-selection").click()  # the autocomplete widget opens
    page.locator(".select2-dropdown .select2-results").wait_for()
    assert violations(page) == []
    assert errors == []
