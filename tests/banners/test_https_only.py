"""The button leads only to https:// pages: the form, the model, the database and the click-through agree.

On a plain-http support page anyone on a reader's network (an internet café,
a provider, a state) could see who gives, or swap the page for a fake one.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from newsroom.banners import views
from newsroom.banners.models import Banner

from .factories import BannerFactory
from .test_admin import form_data

pytestmark = pytest.mark.django_db

INSECURE = ["http://example.org/support", "ftp://example.org/support", "HTTP://example.org/support"]


@pytest.mark.parametrize("address", INSECURE)
@pytest.mark.parametrize("code", ["en", "ar"])
def test_the_form_refuses_an_insecure_address_with_a_clear_message(editor_client, address, code):
    response = editor_client.post(reverse("admin:banners_banner_add"), form_data(**{f"cta_url_{code}": address}))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[f"cta_url_{code}"]
    assert errors == ["Enter a secure address that starts with https://, for example https://example.org/support."]
    assert not Banner.objects.exists()


def test_the_message_is_in_the_editors_language(editor_client):
    # override(): the request switches this thread to Arabic, which must not leak into the next test.
    with translation.override("en"):
        response = editor_client.post(
            reverse("admin:banners_banner_add"),
            form_data(cta_url_ar="http://example.org/ar"),
            HTTP_ACCEPT_LANGUAGE="ar",
        )
        assert "يبدأ بـ https://" in response.text


def test_model_validation_refuses_http_in_each_language():
    for code in ("en", "ar"):
        banner = BannerFactory.build(**{f"cta_url_{code}": "http://example.org/support"})
        with pytest.raises(ValidationError) as error:
            banner.full_clean()
        # cta_url is modeltranslation's copy of the active language's address, checked with it.
        assert f"cta_url_{code}" in error.value.message_dict


@pytest.mark.parametrize("code", ["en", "ar"])
def test_the_database_refuses_an_insecure_address_written_around_the_model(code):
    banner = BannerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Banner.objects.filter(pk=banner.pk).update(**{f"cta_url_{code}": "http://example.org/support"})
    # Empty is still allowed (a draft, or a banner for one edition only).
    Banner.objects.filter(pk=banner.pk).update(is_active=False, **{f"cta_url_{code}": ""})


def test_the_click_through_never_follows_an_insecure_address(client, monkeypatch):
    """Even a row that got past every other guard (restored from an old backup, say) sends nobody there."""
    banner = BannerFactory()
    banner.cta_url_en = "http://example.org/support"  # as such a row would read
    monkeypatch.setattr(views, "get_object_or_404", lambda *args, **kwargs: banner)
    with translation.override("en"):
        response = client.get(reverse("banners:go", args=[banner.pk]))
    assert response.status_code == 404
    banner.refresh_from_db()
    assert banner.clicks == 0


# --- Banners saved before the rule -------------------------------------------------------------

BEFORE, AFTER = [("banners", "0001_initial")], [("banners", "0003_https_only_button_addresses")]


@pytest.fixture
def migrator(transactional_db):
    """Migrations run back to before the rule; the schema is put back afterwards whatever happens."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_http_addresses_are_upgraded_and_unusable_ones_switched_off(migrator):
    OldBanner = migrator.loader.project_state(BEFORE).apps.get_model("banners", "Banner")
    copy = {
        "lines_en": "Help", "lines_ar": "ساعدونا", "cta_label_en": "Give", "cta_label_ar": "تبرعوا", "is_active": True
    }
    upgraded = OldBanner.objects.create(
        name="Old", cta_url_en="http://example.org/give", cta_url_ar="HTTP://example.org/ar/give", **copy
    )
    kept = OldBanner.objects.create(
        name="Fine", cta_url_en="https://example.org/give", cta_url_ar="https://example.org/ar/give", **copy
    )
    unusable = OldBanner.objects.create(
        name="Odd", cta_url_en="ftp://example.org/give", cta_url_ar="https://example.org/ar/give", **copy
    )
    migrator.loader.build_graph()
    migrator.migrate(AFTER)
    NewBanner = migrator.loader.project_state(AFTER).apps.get_model("banners", "Banner")
    rows = {row.pk: row for row in NewBanner.objects.all()}
    assert (rows[upgraded.pk].cta_url_en, rows[upgraded.pk].cta_url_ar) == (
        "https://example.org/give",
        "https://example.org/ar/give",
    )
    assert rows[upgraded.pk].is_active  # the appeal keeps running
    assert rows[kept.pk].cta_url_en == "https://example.org/give" and rows[kept.pk].is_active
    # An address with no https form was never followed; it is cleared and the banner stops.
    assert rows[unusable.pk].cta_url_en == "" and not rows[unusable.pk].is_active
