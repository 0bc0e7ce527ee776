"""Screenshots of both editions, desktop and phone, light and dark, for people to look at.

Saved in ``test-artifacts/screenshots/`` (git-ignored). Each run also checks
what a reader would notice at once: the page is in the scheme asked for and
no wider than the screen.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.pages import build_full_site

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 812}}
PAPER = {"light": "rgb(255, 255, 255)", "dark": "rgb(20, 20, 20)"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_screenshots_of_both_editions(live_server, browser, scheme, size):
    site = build_full_site()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=SIZES[size], color_scheme=scheme, device_scale_factor=1)
    page = context.new_page()
    for language in ("en", "ar"):
        for kind, url in (("home", site[language][0]), ("article", site[language][1])):
            page.goto(live_server.url + url)
            page.evaluate("document.fonts.ready.then(() => true)")
            assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == PAPER[scheme]
            assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
            page.screenshot(path=str(SCREENSHOTS / f"{language}-{kind}-{size}-{scheme}.png"), full_page=True)
    context.close()
