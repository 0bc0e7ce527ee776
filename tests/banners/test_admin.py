"""The editors' side: the banner list with its results, the form's validation, the previews, the actions."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsroom.banners.models import Banner
from tests.factories import UserFactory

from .factories import BannerFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:banners_banner_changelist"


def form_data(**overrides):
    start = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "name": "Spring appeal",
        "is_active": "on",
        "lines_en": "Free media matter.\nHelp us stay independent.",
        "lines_ar": "الإعلام الحر مهم.\nساعدونا لنبقى مستقلين.",
        "amount_line_en": "",
        "amount_line_ar": "",
        "cta_label_en": "Support us",
        "cta_label_ar": "ادعمونا",
        "cta_url_en": "https://example.org/support",
        "cta_url_ar": "https://example.org/ar/support",
        "edition": "",
        "placement": "end",
        "paragraph": "",
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": "",
        "ends_at_1": "",
        "priority": "0",
        "weight": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_editor_creates_a_live_banner_in_both_languages(editor_client, client):
    response = editor_client.post(reverse("admin:banners_banner_add"), form_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    banner = Banner.objects.get()
    assert banner.is_active and banner.lines_ar.startswith("الإعلام")


def test_an_address_typed_without_a_scheme_is_taken_to_be_https(editor_client):
    data = form_data(cta_url_en="example.org/support", cta_url_ar="example.org/ar/support")
    response = editor_client.post(reverse("admin:banners_banner_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    banner = Banner.objects.get()
    assert (banner.cta_url_en, banner.cta_url_ar) == ("https://example.org/support", "https://example.org/ar/support")


def test_each_languages_copy_is_typed_in_its_direction(editor_client):
    form = editor_client.get(reverse("admin:banners_banner_add")).context["adminform"].form
    for code, direction in (("en", "ltr"), ("ar", "rtl")):
        lines = form.fields[f"lines_{code}"].widget.attrs
        assert (lines["lang"], lines["dir"], lines["rows"]) == (code, direction, 5)
        assert form.fields[f"cta_url_{code}"].widget.attrs["dir"] == "ltr"


def test_switching_on_without_the_arabic_copy_is_a_clear_form_error(editor_client):
    response = editor_client.post(reverse("admin:banners_banner_add"), form_data(lines_ar="", cta_label_ar=""))
    assert response.status_code == 200
    assert "The banner cannot be switched on yet." in response.text
    assert "Its Arabic copy is missing: appeal and button label." in response.text
    assert "Required in Arabic while the banner is switched on." in response.text
    assert not Banner.objects.exists()


def test_the_error_is_in_the_editors_language(editor_client):
    response = editor_client.post(
        reverse("admin:banners_banner_add"), form_data(lines_en="", cta_url_en=""), HTTP_ACCEPT_LANGUAGE="ar"
    )
    assert "لا يمكن تشغيل اللافتة بعد." in response.text
    assert "ينقص نصَّها باللغة الإنكليزية: نص الدعوة ورابط الزر." in response.text


def test_schedule_and_placement_errors(editor_client):
    now = timezone.localtime()
    response = editor_client.post(
        reverse("admin:banners_banner_add"),
        form_data(
            placement="paragraph",
            ends_at_0=(now - datetime.timedelta(days=2)).strftime("%Y-%m-%d"),
            ends_at_1="00:00:00",
        ),
    )
    assert "The end must come after the start." in response.text
    assert "Say after which paragraph the banner goes (1 or more)." in response.text


def test_an_incomplete_draft_may_be_saved_while_off(editor_client):
    response = editor_client.post(
        reverse("admin:banners_banner_add"), form_data(is_active=None, lines_ar="", cta_label_ar="", cta_url_ar="")
    )
    assert response.status_code == 302
    assert not Banner.objects.get().is_active


def test_list_shows_state_placement_and_results_with_ctr_where_impressions_are_known(editor_client):
    BannerFactory(name="Measured", impressions=400, clicks=6, dismissals=9)
    BannerFactory(name="Unmeasured", clicks=2, scheduled=True, placement="footer")
    text = editor_client.get(reverse(CHANGELIST)).text
    assert "Measured" in text and "1.5%" in text
    assert "Unmeasured" in text and "Scheduled" in text and "Site-wide, above the footer" in text
    assert "—" in text


@pytest.mark.parametrize("count", [1, 10])
def test_list_query_count_does_not_grow_with_banners(editor_client, django_assert_max_num_queries, count):
    BannerFactory.create_batch(count)
    with django_assert_max_num_queries(12):
        assert editor_client.get(reverse(CHANGELIST)).status_code == 200


def test_state_filter(editor_client):
    BannerFactory(name="Running now")
    BannerFactory(name="Not yet", scheduled=True)
    BannerFactory(name="All over", ended=True)
    BannerFactory(name="Switched off", off=True)
    expected = {"live": "Running now", "scheduled": "Not yet", "ended": "All over", "off": "Switched off"}
    for state, name in expected.items():
        response = editor_client.get(reverse(CHANGELIST) + f"?state={state}")
        assert [banner.name for banner in response.context["cl"].result_list] == [name]


def test_preview_in_each_language_with_the_readers_template(editor_client):
    banner = BannerFactory(lines_en="Free media matter.", lines_ar="الإعلام الحر مهم.")
    english = editor_client.get(reverse("admin:banners_banner_preview", args=[banner.pk, "en"])).text
    assert '<html lang="en" dir="ltr">' in english
    assert '<aside class="support-banner support-banner--end"' in english and "Free media matter." in english
    assert 'href="https://example.org/support"' in english  # previews never count as clicks

    arabic = editor_client.get(reverse("admin:banners_banner_preview", args=[banner.pk, "ar"])).text
    assert '<html lang="ar" dir="rtl">' in arabic and 'lang="ar" dir="rtl"' in arabic
    assert "الإعلام الحر مهم." in arabic and "Free media matter." not in arabic


def test_preview_of_missing_copy_says_what_is_missing(editor_client):
    banner = BannerFactory(off=True, lines_ar="", cta_label_ar="")
    text = editor_client.get(reverse("admin:banners_banner_preview", args=[banner.pk, "ar"])).text
    assert "support-banner" not in text.split("<main")[1]
    assert "Nothing to preview yet: the Arabic copy lacks: appeal and button label." in text


def test_preview_is_for_staff_only_and_404_for_unknown_language(editor_client):
    banner = BannerFactory()
    url = reverse("admin:banners_banner_preview", args=[banner.pk, "en"])
    anonymous, reader = Client(), Client()
    reader.force_login(UserFactory())
    assert anonymous.get(url).status_code == 302 and reader.get(url).status_code == 302
    assert editor_client.get(reverse("admin:banners_banner_preview", args=[banner.pk, "fr"])).status_code == 404


def test_switch_on_action_refuses_incomplete_banners(editor_client):
    ready = BannerFactory(off=True, name="Ready")
    draft = BannerFactory(off=True, name="Draft", cta_url_ar="")
    response = editor_client.post(
        reverse(CHANGELIST), {"action": "switch_on", "_selected_action": [ready.pk, draft.pk]}, follow=True
    )
    assert "1 banner switched on." in response.text
    assert "“Draft” stays off: its copy is incomplete in Arabic." in response.text
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert ready.is_active and not draft.is_active


def test_article_form_offers_the_opt_out(editor_client):
    text = editor_client.get(reverse("admin:articles_article_add")).text
    assert 'name="no_support_appeal"' in text
