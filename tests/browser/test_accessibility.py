"""Every kind of reader page meets WCAG 2.1 AA as axe-core measures it, in both editions."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.pages import build_site

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


def require_axe():
    if not AXE.exists():
        reason = "axe-core is missing (run `npm install`); the accessibility check did not run."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


def test_reader_pages_have_no_axe_violations(live_server, page):
    require_axe()
    failures = {}
    for urls in build_site().values():
        for url in urls:
            page.goto(live_server.url + url)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(f"axe.run(document, {WCAG_AA})")
            violations = [
                {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
                for v in result["violations"]
            ]
            if violations:
                failures[url] = violations
    assert failures == {}, json.dumps(failures, ensure_ascii=False, indent=1)
