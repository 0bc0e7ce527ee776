"""The demo step: our own reader-support appeal, in the spirit of the ones Syrian news sites run, live in both editions."""

import io

import pytest

from newsroom.banners.models import Banner
from newsroom.demo import STEPS
from newsroom.demo import banners as demo_banners

pytestmark = pytest.mark.django_db


def test_demo_appeal_is_live_in_both_editions_and_loads_once():
    assert "newsroom.demo.banners" in STEPS
    demo_banners.load({}, io.StringIO())
    demo_banners.load({}, io.StringIO())
    banner = Banner.objects.get()
    banner.full_clean()
    assert banner.state() == Banner.State.LIVE and banner.placement == Banner.Placement.END_OF_ARTICLE
    assert banner.cta_url_en == "https://example.org/support" and banner.cta_url_ar == "https://example.org/ar/support"
    assert "Enab Baladi" not in banner.lines_en and "عنب بلدي" not in banner.lines_ar
