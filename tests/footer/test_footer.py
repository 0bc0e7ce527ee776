"""The site footer and header as a reader sees them, and as staff edit them in the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles import editions
from newsroom.footer.models import FooterLink
from newsroom.footer.services import save_footer_link
from newsroom.views import next_changes_by_the_clock, next_midnight
from tests.factories import ArticleFactory, SectionFactory
from tests.roles.conftest import member_of

pytestmark = pytest.mark.django_db


def footer_of(html):
    return html[html.index('<footer class="site-footer">') :]


def add_link(**fields):
    return save_footer_link(link=FooterLink(**fields))


# The footer in each edition ---------------------------------------------------------


def test_each_edition_shows_its_own_footer_links_and_its_feeds(client):
    add_link(label_en="Corrections policy", label_ar="سياسة التصحيح", url_en="/en/corrections/", url_ar="/ar/corrections/")
    add_link(group=FooterLink.Group.SOCIAL, label_en="Mastodon", label_ar="ماستودون", url_en="https://m.example/@n",
             url_ar="https://m.example/@n")

    english = client.get("/en/")
    footer = footer_of(english.text)
    assert '<a href="/en/corrections/"><bdi>Corrections policy</bdi></a>' in footer
    assert '<a href="https://m.example/@n" rel="me noopener"><bdi>Mastodon</bdi></a>' in footer
    assert reverse("feeds:edition-rss", args=()) in footer

    arabic = client.get("/ar/")
    assert 'dir="rtl"' in arabic.text
    footer = footer_of(arabic.text)
    assert '<a href="/ar/corrections/"><bdi>سياسة التصحيح</bdi></a>' in footer
    assert "ماستودون" in footer and "Corrections" not in footer
    assert 'href="/ar/feed/"' in footer and 'href="/ar/feed/atom/"' in footer


def test_a_link_missing_in_one_language_shows_only_in_the_other_edition(client):
    add_link(label_ar="قناتنا على تلغرام", url_ar="https://t.example/newsroom_ar")
    assert "t.example" not in footer_of(client.get("/en/").text)
    assert "قناتنا على تلغرام" in footer_of(client.get("/ar/").text)


# Addresses: https or on this site -----------------------------------------------------


@pytest.mark.parametrize("address", ["http://example.org/about", "//evil.example/", "javascript:alert(1)", "about"])
def test_the_database_refuses_an_address_neither_https_nor_on_this_site(address):
    with pytest.raises(IntegrityError), transaction.atomic():
        FooterLink.objects.create(label_en="About", url_en=address)
    with pytest.raises(IntegrityError), transaction.atomic():
        FooterLink.objects.create(label_ar="من نحن", url_ar=address)


@pytest.mark.parametrize("address", ["http://example.org/about", "//evil.example/"])
def test_the_service_refuses_it_with_a_clear_message(address):
    with pytest.raises(ValidationError, match="https://"):
        add_link(label_en="About", url_en=address)
    assert not FooterLink.objects.exists()


@pytest.mark.parametrize("address", ["https://example.org/about", "/en/about/"])
def test_https_and_site_relative_addresses_are_accepted(address):
    assert add_link(label_en="About", url_en=address).pk


# Editing in the admin -----------------------------------------------------------------


def test_an_editor_adds_a_footer_link_in_the_admin_and_cached_pages_show_it(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 3600  # the footer's links are kept per edition too
    assert "Contact the newsroom" not in client.get("/en/").text  # now in the page cache

    staff = client.__class__(client._committed)
    staff.force_login(member_of("Editor"))
    response = staff.post(
        reverse("admin:footer_footerlink_add"),
        {"group": "outlet", "label_en": "Contact the newsroom", "url_en": "/en/contact/", "label_ar": "راسلونا",
         "url_ar": "/ar/contact/", "position": 1},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Contact the newsroom" in footer_of(client.get("/en/").text)
    assert "راسلونا" in footer_of(client.get("/ar/").text)


def test_the_admin_form_explains_an_insecure_address(editor_client):
    response = editor_client.post(
        reverse("admin:footer_footerlink_add"),
        {"group": "outlet", "label_en": "About", "url_en": "http://example.org/", "position": 0},
    )
    assert response.status_code == 200
    assert "starts with https://" in response.text
    assert not FooterLink.objects.exists()


def test_a_reporter_may_not_edit_the_footer(client):
    client.force_login(member_of("Reporter"))
    assert client.get(reverse("admin:footer_footerlink_add")).status_code == 403


# The header: today's date, the section being read -----------------------------------


def test_the_header_shows_today_in_each_editions_style(client, settings):
    settings.NEWSROOM_ARABIC_DIGITS = "arabic-indic"
    now = timezone.now()
    english = client.get("/en/").text
    assert f'<time datetime="{timezone.localtime(now).date().isoformat()}">{editions.format_date(now, "en")}</time>' in english
    arabic = client.get("/ar/").text
    assert editions.format_date(now, "ar") in arabic
    assert any("\u0660" <= char <= "\u0669" for char in editions.format_date(now, "ar"))


def test_a_cached_page_ends_by_midnight_so_the_date_is_never_yesterdays():
    now = timezone.now()
    midnight = next_midnight(now)
    assert datetime.timedelta(0) < midnight - now <= datetime.timedelta(days=1)
    assert timezone.localtime(midnight).time() == datetime.time.min
    assert min(seconds for seconds in next_changes_by_the_clock() if seconds is not None) <= (midnight - now).total_seconds()


def test_the_menu_marks_the_section_being_read(client):
    politics, economy = SectionFactory(name_en="Politics"), SectionFactory(name_en="Economy")
    article = ArticleFactory(section=economy)

    def current(url):
        html = client.get(url).text
        nav = html[html.index('<nav class="section-nav"') :]
        nav = nav[: nav.index("</nav>")]
        return nav.count('aria-current="page"'), nav

    count, nav = current(economy.get_absolute_url())
    assert count == 1 and f'href="{economy.get_absolute_url()}" aria-current="page"' in nav
    count, nav = current(article.get_absolute_url())
    assert count == 1 and f'href="{economy.get_absolute_url()}" aria-current="page"' in nav
    assert current("/en/")[0] == 0
    assert politics.get_absolute_url() in nav


def test_the_demo_content_fills_the_footer_in_both_editions(client):
    from tests.newsroom.test_demo import load_demo

    load_demo()
    load_demo()  # twice: nothing doubled
    english, arabic = footer_of(client.get("/en/").text), footer_of(client.get("/ar/").text)
    assert english.count("Corrections policy") == 1 and "Contact the newsroom" in english
    assert arabic.count("سياسة التصحيح") == 1 and "Mastodon" not in arabic
