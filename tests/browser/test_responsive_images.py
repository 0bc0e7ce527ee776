"""A phone downloads a small copy of the story's photo, not the original made for a wide screen."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from articles import services
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wide_photo():
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1350), (30, 90, 160)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def shown_image(browser, url, *, width, scale):
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=scale)
    page = context.new_page()
    try:
        page.goto(url)
        image = page.locator(".story__figure img")
        image.wait_for()
        page.wait_for_function("document.querySelector('.story__figure img').complete")
        return image.evaluate("img => ({src: img.currentSrc, drawn: img.clientWidth})")
    finally:
        context.close()


def test_a_phone_gets_a_small_webp_copy_and_a_wide_screen_a_larger_one(live_server, browser):
    article = ArticleFactory(image=wide_photo(), image_alt="A blue sky")
    services.make_image_variants(name=article.image.name)
    url = live_server.url + article.get_absolute_url()

    phone = shown_image(browser, url, width=375, scale=1)
    assert phone["src"].endswith(".w480.webp")  # drawn 343 px wide: the 480 copy is the smallest that covers it
    assert phone["drawn"] == 343

    retina_desktop = shown_image(browser, url, width=1280, scale=2)
    assert retina_desktop["src"].endswith(".w1600.webp")  # 672 CSS px at twice the density, not the 2400 px original
