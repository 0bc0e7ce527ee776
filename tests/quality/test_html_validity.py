"""Every kind of reader page is valid HTML5 for the W3C Nu HTML Checker, in both editions.

The checker is the real one (``vnu.jar`` from npm, run on Java 17). Where it is not
installed the test is skipped with the reason; under ``CI=true`` that is a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tests.factories import ArticleFactory
from tests.pages import build_full_site, second_page_url

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require_checker():
    missing = None
    if not shutil.which("java"):
        missing = "Java is not installed; the Nu HTML Checker did not run."
    elif not VNU_JAR.exists():
        missing = "vnu.jar is missing (run `npm install`); the Nu HTML Checker did not run."
    if missing:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(missing, pytrace=False)
        pytest.skip(missing)


def run_checker(paths):
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    return json.loads(result.stdout)["messages"]


def check_pages(tmp_path, pages):
    """Run the checker over ``{name: html}``; fail with its errors, or its doubts about the page's language."""
    paths = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    messages = run_checker(paths)
    errors = [m for m in messages if m.get("type") == "error"]
    # The checker warns when a page's text does not look like its declared lang,
    # which is exactly the mistake an untranslated Arabic page would make.
    wrong_language = [m for m in messages if "appears to be written in" in m.get("message", "")]
    assert errors == [], json.dumps(errors, ensure_ascii=False, indent=1)
    assert wrong_language == [], json.dumps(wrong_language, ensure_ascii=False, indent=1)


def test_reader_pages_have_no_html_errors_and_match_their_language(client, tmp_path, settings):
    """Every kind of page, each with all it can carry: language link, related block, appeal, notice, pagination."""
    require_checker()
    settings.NEWSROOM_ARTICLES_PER_PAGE = 2  # so the lists have a second page and a pagination bar
    pages = {}
    for language, urls in build_full_site().items():
        for index, url in enumerate([*urls, second_page_url(language)]):
            response = client.get(url)
            assert response.status_code == 200, url
            pages[f"{language}-{index}"] = response.text
    check_pages(tmp_path, pages)


def test_error_pages_have_no_html_errors_and_match_their_language(client, tmp_path):
    require_checker()
    draft = ArticleFactory(arabic=True, draft=True, title="مسودة لم تنشر بعد", slug="مسودة-لم-تنشر")
    pages = {}
    for url in ["/en/articles/no-such-story/", "/ar/articles/no-such-story/", "/ar/sections/لا-يوجد/", f"/ar/articles/{draft.slug}/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        pages[f"404-{len(pages)}"] = response.text
    for language in ("en", "ar"):
        with translation.override(language):
            pages[f"500-{language}"] = server_error(RequestFactory().get(f"/{language}/")).content.decode()
    check_pages(tmp_path, pages)


def search_and_gone_pages(client):
    """The search page (results with highlights, no results, no query) in both editions, and a 410 page."""
    from articles import services
    from articles.models import Article

    build_full_site()
    urls = ["/en/search/?q=power+cuts", "/ar/search/?q=التقنين", "/en/search/?q=zzzz", "/ar/search/?q=", "/ar/search/?q=" + "x" * 300]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[f"search-{len(pages)}"] = response.text
    article = Article.objects.get(language="ar", slug="ساعات-التقنين-في-ريف-حلب")
    article.status, article.published_at = Article.Status.DRAFT, None
    services.save_article(article=article)
    response = client.get(f"/ar/articles/{article.slug}/")
    assert response.status_code == 410
    pages["gone"] = response.text
    return pages


def test_search_and_gone_pages_have_no_html_errors(client, tmp_path, settings):
    require_checker()
    settings.NEWSROOM_ARTICLES_PER_PAGE = 1  # so a result page has a "more results" link
    check_pages(tmp_path, search_and_gone_pages(client))
