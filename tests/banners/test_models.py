"""The banner's own rules: when it may go live, its schedule, and the constraints behind them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from newsroom.banners.models import Banner

from .factories import BannerFactory

pytestmark = pytest.mark.django_db


def errors_of(banner):
    with pytest.raises(ValidationError) as raised:
        banner.full_clean()
    return raised.value.message_dict


def test_live_banner_needs_its_copy_in_every_edition_it_targets():
    banner = BannerFactory.build(lines_ar="", cta_url_ar=None)
    errors = errors_of(banner)
    assert errors["is_active"] == [
        "The banner cannot be switched on yet.",
        "Its Arabic copy is missing: appeal and button address.",
    ]
    assert errors["lines_ar"] == ["Required in Arabic while the banner is switched on."]
    assert "cta_label_ar" not in errors and "lines_en" not in errors


def test_missing_copy_is_named_in_the_editors_language():
    banner = BannerFactory.build(lines_en="", cta_label_en="", cta_url_en="")
    with translation.override("ar"):
        errors = errors_of(banner)
    assert "ينقص نصَّها باللغة الإنكليزية: نص الدعوة، نص الزر ورابط الزر." in errors["is_active"]


def test_banner_for_one_edition_needs_only_that_copy():
    banner = BannerFactory.build(edition="ar", lines_en="", cta_label_en="", cta_url_en="")
    banner.full_clean()
    banner.save()
    assert Banner.objects.live().filter(pk=banner.pk).exists()


def test_banner_that_is_off_may_be_an_incomplete_draft():
    banner = BannerFactory.build(is_active=False, lines_ar="", cta_label_ar="", cta_url_ar="")
    banner.full_clean()
    banner.save()
    assert banner.state(timezone.now()) == Banner.State.OFF


def test_blank_lines_do_not_count_as_copy():
    assert "lines_ar" in errors_of(BannerFactory.build(lines_ar="  \n "))


def test_end_must_follow_start_and_paragraph_placement_needs_a_number():
    now = timezone.now()
    errors = errors_of(BannerFactory.build(starts_at=now, ends_at=now, placement="paragraph", paragraph=None))
    assert errors["ends_at"] == ["The end must come after the start."]
    assert errors["paragraph"] == ["Say after which paragraph the banner goes (1 or more)."]
    assert "paragraph" in errors_of(BannerFactory.build(placement="paragraph", paragraph=0))


def test_weight_must_be_at_least_one():
    assert "weight" in errors_of(BannerFactory.build(weight=0))


def test_call_to_action_must_be_a_web_address():
    assert "cta_url_en" in errors_of(BannerFactory.build(cta_url_en="javascript:alert(1)"))


@pytest.mark.parametrize(
    "fields",
    [
        {"weight": 0},
        {"ends_at": timezone.now() - datetime.timedelta(days=3)},
        {"placement": "paragraph", "paragraph": None},
        {"lines_ar": ""},
        {"cta_url_en": None},
        {"edition": "fr"},
    ],
)
def test_database_refuses_what_the_form_refuses(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        BannerFactory(**fields)


def test_database_accepts_an_incomplete_banner_while_it_is_off():
    banner = BannerFactory(is_active=False, lines_ar="", cta_url_ar=None)
    assert Banner.objects.filter(pk=banner.pk, is_active=False).exists()


def test_state_follows_the_switch_and_the_schedule():
    now = timezone.now()
    assert BannerFactory(off=True).state(now) == Banner.State.OFF
    assert BannerFactory(scheduled=True).state(now) == Banner.State.SCHEDULED
    assert BannerFactory(ended=True).state(now) == Banner.State.ENDED
    live = BannerFactory(ends_at=now + datetime.timedelta(days=1))
    assert live.state(now) == Banner.State.LIVE
    assert list(Banner.objects.live(now)) == [live]


def test_click_through_rate_only_where_impressions_are_known():
    assert BannerFactory(clicks=3).click_through_rate is None
    assert BannerFactory(clicks=3, impressions=200).click_through_rate == pytest.approx(0.015)
