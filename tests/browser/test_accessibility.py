"""Every kind of reader page meets WCAG 2.1 AA as axe-core measures it, in both editions."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import ArticleFactory
from tests.pages import build_full_site, second_page_url

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


def require_axe():
    if not AXE.exists():
        reason = "axe-core is missing (run `npm install`); the accessibility check did not run."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def axe_violations(page, url):
    page.goto(url)
    # Evaluated by the browser's debugger, not added as an inline <script>, which the site's CSP rightly blocks.
    page.evaluate(AXE.read_text(encoding="utf-8") + ";undefined")
    result = page.evaluate(f"axe.run(document, {WCAG_AA})")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def test_reader_pages_have_no_axe_violations(live_server, page, settings):
    """Every kind of page, each with all it can carry: language link, related block, appeal, notice, pagination."""
    require_axe()
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2  # so the lists have a second page and a pagination bar
    failures = {}
    for language, urls in build_full_site().items():
        for url in [*urls, second_page_url(language)]:
            if violations := axe_violations(page, live_server.url + url):
                failures[url] = violations
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


def test_not_found_pages_have_no_axe_violations(live_server, page):
    require_axe()
    draft = ArticleFactory(draft=True)
    failures = {}
    for url in ["/en/articles/no-such-story/", "/ar/articles/no-such-story/", draft.get_absolute_url()]:
        if violations := axe_violations(page, live_server.url + url):
            failures[url] = violations
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


def test_reader_pages_in_dark_mode_have_no_axe_violations(live_server, browser, settings):
    """The dark colours keep every contrast AA asks for."""
    require_axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    failures = {}
    for language, urls in build_full_site().items():
        for url in urls[:2]:  # the home page and a story with everything on it
            if violations := axe_violations(page, live_server.url + url):
                failures[url] = violations
    context.close()
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)


def test_search_and_gone_pages_have_no_axe_violations(live_server, page, settings):
    from articles import services
    from articles.models import Article

    require_axe()
    settings.NEWSROOM_ARTICLES_PER_PAGE = 1
    build_full_site()
    article = Article.objects.get(language="en", slug="power-cuts-rural-aleppo")
    urls = ["/en/search/?q=power+cuts", "/ar/search/?q=التقنين", "/en/search/?q=zzzz", "/ar/search/?q="]
    failures = {}
    for url in urls:
        if violations := axe_violations(page, live_server.url + url):
            failures[url] = violations
    article.status, article.published_at = Article.Status.DRAFT, None
    services.save_article(article=article)
    if violations := axe_violations(page, live_server.url + "/en/articles/power-cuts-rural-aleppo/"):
        failures["gone"] = violations
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)
