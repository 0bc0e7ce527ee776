"""Counters and switching banners on and off."""

import pytest

from newsroom.banners import services
from newsroom.banners.models import Banner

from .factories import BannerFactory

pytestmark = pytest.mark.django_db


def test_clicks_and_dismissals_are_added_with_f_updates():
    banner = BannerFactory(clicks=4, dismissals=1)
    services.record_click(banner_id=banner.pk)
    services.record_dismissal(banner_id=banner.pk)
    banner.refresh_from_db()
    assert (banner.clicks, banner.dismissals) == (5, 2)


def test_impressions_reach_the_database_once_per_batch(settings, django_assert_num_queries):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 3
    banner = BannerFactory()
    with django_assert_num_queries(0):
        services.record_impression(banner_id=banner.pk)
        services.record_impression(banner_id=banner.pk)
    banner.refresh_from_db()
    assert banner.impressions == 0
    with django_assert_num_queries(1):
        services.record_impression(banner_id=banner.pk)
    for _ in range(4):
        services.record_impression(banner_id=banner.pk)
    banner.refresh_from_db()
    assert banner.impressions == 6


def test_impression_counting_can_be_turned_off(settings):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 0
    banner = BannerFactory()
    for _ in range(5):
        services.record_impression(banner_id=banner.pk)
    banner.refresh_from_db()
    assert banner.impressions == 0


def test_switching_on_refuses_banners_with_incomplete_copy():
    complete = BannerFactory(off=True)
    incomplete = BannerFactory(off=True, cta_label_ar="")
    switched, refused = services.switch_banners(banners=Banner.objects.order_by("pk"), on=True)
    assert [b.pk for b in switched] == [complete.pk] and [b.pk for b in refused] == [incomplete.pk]
    assert set(Banner.objects.filter(is_active=True).values_list("pk", flat=True)) == {complete.pk}
    services.switch_banners(banners=Banner.objects.all(), on=False)
    assert not Banner.objects.filter(is_active=True).exists()
