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

from tests.pages import build_site

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


def test_reader_pages_have_no_html_errors_and_match_their_language(client, tmp_path):
    require_checker()
    pages = []
    for language, urls in build_site().items():
        for index, url in enumerate(urls):
            response = client.get(url)
            assert response.status_code == 200, url
            path = tmp_path / f"{language}-{index}.html"
            path.write_text(response.text, encoding="utf-8")
            pages.append(path)

    messages = run_checker(pages)
    errors = [m for m in messages if m.get("type") == "error"]
    # The checker warns when a page's text does not look like its declared lang,
    # which is exactly the mistake an untranslated Arabic page would make.
    wrong_language = [m for m in messages if "appears to be written in" in m.get("message", "")]
    assert errors == [], json.dumps(errors, ensure_ascii=False, indent=1)
    assert wrong_language == [], json.dumps(wrong_language, ensure_ascii=False, indent=1)
