"""Counters and switching banners on and off."""

import datetime

import pytest
from django.db import OperationalError
from django.db.models import QuerySet
from django.utils import timezone

from newsroom.banners import dismissals, services
from newsroom.banners.models import Banner

from .factories import BannerFactory

pytestmark = pytest.mark.django_db


def test_clicks_are_added_with_f_updates():
    banner = BannerFactory(clicks=4)
    services.record_click(banner_id=banner.pk)
    banner.refresh_from_db()
    assert banner.clicks == 5


def test_dismissing_counts_once_per_reader_and_returns_the_new_cookie():
    banner = BannerFactory(dismissals=1)
    now = timezone.now()
    value = services.dismiss(banner=banner, cookie_value=None, now=now)
    assert dismissals.dismissed_ids(value, now=now) == {banner.pk}
    later = now + datetime.timedelta(hours=1)
    again = services.dismiss(banner=banner, cookie_value=value, now=later)
    assert again == f"{banner.pk}:{int(later.timestamp())}"  # renewed, not counted
    banner.refresh_from_db()
    assert banner.dismissals == 2


@pytest.mark.parametrize("traits", [{"off": True}, {"scheduled": True}, {"ended": True}])
def test_a_banner_that_is_not_live_is_neither_counted_nor_remembered(traits):
    banner = BannerFactory(**traits)
    assert services.dismiss(banner=banner, cookie_value="7:1718000000", now=timezone.now()) is None
    banner.refresh_from_db()
    assert banner.dismissals == 0


def test_a_banner_switched_off_after_it_was_read_is_not_counted():
    banner = BannerFactory()
    Banner.objects.filter(pk=banner.pk).update(is_active=False)  # the instance still says "on"
    services.dismiss(banner=banner, cookie_value=None, now=timezone.now())
    banner.refresh_from_db()
    assert banner.dismissals == 0


def test_impressions_reach_the_database_once_per_batch(settings, django_assert_num_queries, committed):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 3
    banner = BannerFactory()
    with django_assert_num_queries(0), committed():
        services.record_impression(banner_id=banner.pk)
        services.record_impression(banner_id=banner.pk)
    banner.refresh_from_db()
    assert banner.impressions == 0
    # The third view queues the flush job (run here by the immediate backend): one write.
    with django_assert_num_queries(1), committed():
        services.record_impression(banner_id=banner.pk)
    for _ in range(4):
        with committed():
            services.record_impression(banner_id=banner.pk)
    banner.refresh_from_db()
    assert banner.impressions == 6  # the seventh view waits in the cache for the next batch


def test_the_periodic_flush_writes_the_end_of_an_unfinished_batch(settings, committed):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 20
    banner, idle = BannerFactory(), BannerFactory()
    for _ in range(7):
        services.record_impression(banner_id=banner.pk)
    with committed():
        assert services.enqueue_impression_flushes() == [banner.pk]
    banner.refresh_from_db()
    assert banner.impressions == 7
    assert services.enqueue_impression_flushes() == []
    idle.refresh_from_db()
    assert idle.impressions == 0


def test_two_flushes_that_read_the_same_count_take_each_view_once(settings, monkeypatch):
    # Both flushes read 5 before either subtracts, and 2 more views arrive in between.
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 100
    banner = BannerFactory()
    for _ in range(5):
        services.record_impression(banner_id=banner.pk)
    real_get = services.cache.get
    reads = []

    def get_then_more_views(key, *args):
        value = real_get(key, *args)
        reads.append(value)
        if len(reads) == 1:
            # The second flush runs entirely between the first one's read and its subtraction.
            services.record_impression(banner_id=banner.pk)
            services.record_impression(banner_id=banner.pk)
            second.append(services.flush_impressions(banner_id=banner.pk))
        return value

    second = []
    monkeypatch.setattr(services.cache, "get", get_then_more_views)
    first = services.flush_impressions(banner_id=banner.pk)
    monkeypatch.undo()
    assert reads == [5, 7]
    banner.refresh_from_db()
    assert first + second[0] == banner.impressions == 7
    assert services.cache.get(services._impressions_key(banner.pk)) == 0


def test_a_flush_that_cannot_write_leaves_the_count_for_the_next(settings, monkeypatch):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 100
    banner = BannerFactory()
    for _ in range(4):
        services.record_impression(banner_id=banner.pk)

    def database_down(self, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(QuerySet, "update", database_down)
    with pytest.raises(OperationalError):
        services.flush_impressions(banner_id=banner.pk)
    monkeypatch.undo()
    assert services.flush_impressions(banner_id=banner.pk) == 4
    banner.refresh_from_db()
    assert banner.impressions == 4


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
