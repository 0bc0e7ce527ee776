"""What readers get: the appeal on article pages in both editions, the click-through and the close button."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from newsroom.banners import dismissals
from newsroom.banners.models import Banner
from tests.factories import ArticleFactory, SectionFactory

from .factories import BannerFactory

pytestmark = pytest.mark.django_db

COOKIE = dismissals.COOKIE_NAME


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def appeals(html):
    return re.findall(r'<aside class="support-banner[^"]*" id="support-banner-(\d+)"', html)


def linked_pair(**kwargs):
    english = ArticleFactory(**kwargs)
    arabic = ArticleFactory(arabic=True, translation_key=english.translation_key, section=english.section, **kwargs)
    return english, arabic


# --- On the page ---------------------------------------------------------------------------------


def test_appeal_ends_the_article_in_each_edition_in_its_language_and_direction(client):
    banner = BannerFactory(
        lines_en="Lies prolong the war.\nWe stay independent.", lines_ar="الدعاية تطيل الحرب.\nنبقى مستقلين."
    )
    english, arabic = linked_pair()

    en = client.get(english.get_absolute_url()).text
    assert appeals(en) == [str(banner.pk)]
    assert 'lang="en" dir="ltr"' in en and 'aria-label="Support our journalism"' in en
    assert "Lies prolong the war." in en and "الدعاية" not in en
    assert f'href="/en/banners/{banner.pk}/go/"' in en
    # After the story: the appeal comes after the last paragraph of the body.
    assert en.index("Second paragraph.") < en.index("support-banner-")

    ar = client.get(arabic.get_absolute_url()).text
    assert appeals(ar) == [str(banner.pk)]
    assert 'lang="ar" dir="rtl"' in ar and "الدعاية تطيل الحرب." in ar and "Lies prolong" not in ar
    assert f'href="/ar/banners/{banner.pk}/go/"' in ar
    # The landmark, the close button and its confirmation speak Arabic, with the edition's (Western) digits.
    assert 'aria-label="ادعموا صحافتنا"' in ar and 'aria-label="إغلاق هذه الدعوة"' in ar
    assert "ستبقى مخفية 30 يومًا" in ar


def test_close_button_is_a_form_with_an_accessible_name_and_the_way_back(client):
    banner = BannerFactory()
    article = ArticleFactory()
    html = client.get(article.get_absolute_url() + "?utm=x").text
    assert f'<form class="support-banner__close" method="post" action="/en/banners/{banner.pk}/dismiss/">' in html
    assert '<button class="support-banner__close-button" type="submit"' in html
    assert 'aria-label="Close this appeal"' in html
    assert 'name="next" value="/en/articles/{}/?utm=x"'.format(article.slug) in html


def test_reader_pages_set_no_cookie_and_carry_no_csrf_token(client):
    BannerFactory()
    response = client.get(ArticleFactory().get_absolute_url())
    assert appeals(response.text)
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.text


def test_article_that_opts_out_shows_no_appeal_of_any_placement(client):
    BannerFactory()
    BannerFactory(footer=True)
    article = ArticleFactory(no_support_appeal=True)
    assert appeals(client.get(article.get_absolute_url()).text) == []


def test_after_paragraph_placement_goes_inside_the_body(client):
    banner = BannerFactory(placement=Banner.Placement.AFTER_PARAGRAPH, paragraph=2)
    article = ArticleFactory(body="<p>One.</p><blockquote><p>Quoted.</p></blockquote><p>Two.</p><p>Three.</p>")
    html = client.get(article.get_absolute_url()).text
    assert appeals(html) == [str(banner.pk)]
    assert html.index("Two.") < html.index("support-banner-") < html.index("Three.")
    assert "<blockquote><p>Quoted.</p></blockquote>" in html


def test_after_paragraph_appeal_falls_back_to_the_end_of_a_short_story(client):
    banner = BannerFactory(placement=Banner.Placement.AFTER_PARAGRAPH, paragraph=5)
    html = client.get(ArticleFactory().get_absolute_url()).text
    assert appeals(html) == [str(banner.pk)]
    assert html.index("Second paragraph.") < html.index("support-banner-")


def test_site_wide_appeal_shows_on_lists_and_articles_above_the_footer(client):
    banner = BannerFactory(footer=True)
    article = ArticleFactory()
    for url in (url_in("en", "articles:home"), article.get_absolute_url()):
        html = client.get(url).text
        assert appeals(html) == [str(banner.pk)]
        assert html.index('<footer class="site-footer">') < html.index("support-banner-")


def test_article_placements_never_show_on_list_pages(client):
    BannerFactory()
    assert appeals(client.get(url_in("en", "articles:home")).text) == []


def test_section_limited_appeal_shows_only_in_those_sections(client):
    economy, politics = SectionFactory(), SectionFactory()
    banner = BannerFactory(sections=[economy], priority=1)
    BannerFactory(footer=True, sections=[economy])  # site-wide but limited: not on the section-less home page
    assert appeals(client.get(ArticleFactory(section=economy).get_absolute_url()).text) == [str(banner.pk)]
    assert appeals(client.get(ArticleFactory(section=politics).get_absolute_url()).text) == []
    assert appeals(client.get(url_in("en", "articles:home")).text) == []


def test_edition_limited_appeal_shows_only_in_that_edition(client):
    BannerFactory(edition="en", lines_ar="", cta_label_ar="", cta_url_ar="")
    english, arabic = linked_pair()
    assert appeals(client.get(english.get_absolute_url()).text)
    assert appeals(client.get(arabic.get_absolute_url()).text) == []


def test_one_appeal_per_page_however_many_compete(client):
    BannerFactory()
    BannerFactory(footer=True)
    BannerFactory(placement=Banner.Placement.AFTER_PARAGRAPH, paragraph=1)
    assert len(appeals(client.get(ArticleFactory().get_absolute_url()).text)) == 1


@pytest.mark.parametrize("traits", [{"off": True}, {"scheduled": True}, {"ended": True}])
def test_banners_off_or_outside_their_schedule_are_not_shown(client, traits):
    BannerFactory(**traits)
    assert appeals(client.get(ArticleFactory().get_absolute_url()).text) == []


def test_banner_stops_at_its_end_even_while_the_list_is_cached(client):
    banner = BannerFactory(ends_at=timezone.now() + datetime.timedelta(hours=1))
    article = ArticleFactory()
    assert appeals(client.get(article.get_absolute_url()).text) == [str(banner.pk)]  # fills the cache
    later = timezone.now() + datetime.timedelta(hours=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: later)
        assert appeals(client.get(article.get_absolute_url()).text) == []


def test_editing_a_banner_shows_at_once_despite_the_cache(client):
    banner = BannerFactory()
    article = ArticleFactory()
    assert appeals(client.get(article.get_absolute_url()).text)
    banner.is_active = False
    banner.save()
    assert appeals(client.get(article.get_absolute_url()).text) == []


# --- Query budget -------------------------------------------------------------------------------


def _article_page_queries(client, django_assert_max_num_queries, url, budget):
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured


@pytest.mark.parametrize("live_banners", [1, 10])
def test_appeal_adds_one_query_to_the_article_page_however_many_banners_exist(
    client, django_assert_max_num_queries, django_assert_num_queries, settings, live_banners
):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 1000  # no batch write during this test
    article = ArticleFactory(no_support_appeal=True)
    with django_assert_max_num_queries(50) as without:
        client.get(article.get_absolute_url())
    baseline = len(without)

    sections = SectionFactory.create_batch(3)
    for index in range(live_banners):
        BannerFactory(weight=index + 1, sections=sections[: index % 3], placement=["end", "footer"][index % 2])
    article.no_support_appeal = False
    article.save()
    with django_assert_max_num_queries(baseline + 1) as cold:
        html = client.get(article.get_absolute_url()).text
    assert len(appeals(html)) == 1
    assert sum("banners_banner" in query["sql"] for query in cold.captured_queries) == 1
    # Once cached, the appeal costs no query at all.
    with django_assert_num_queries(baseline):
        client.get(article.get_absolute_url())


# --- Click-through ------------------------------------------------------------------------------


def test_click_through_counts_and_redirects_to_the_editions_address(client):
    banner = BannerFactory(cta_url_en="https://example.org/support", cta_url_ar="https://example.org/ar/support")
    response = client.get(url_in("en", "banners:go", banner.pk))
    assert response.status_code == 302 and response["Location"] == "https://example.org/support"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # Another reader (one reader's second click within the window counts once: test_click_counting.py).
    other_reader = {"HTTP_USER_AGENT": "Another browser"}
    assert client.get(url_in("ar", "banners:go", banner.pk), **other_reader)["Location"] == "https://example.org/ar/support"
    banner.refresh_from_db()
    assert banner.clicks == 2
    assert not response.cookies


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
)
def test_a_browsers_prefetch_of_the_link_is_redirected_but_not_counted(client, headers):
    banner = BannerFactory()
    response = client.get(url_in("en", "banners:go", banner.pk), **headers)
    assert response.status_code == 302 and response["Location"] == "https://example.org/support"
    banner.refresh_from_db()
    assert banner.clicks == 0
    client.get(url_in("en", "banners:go", banner.pk))  # the reader's own click
    banner.refresh_from_db()
    assert banner.clicks == 1


@pytest.mark.parametrize(
    "query", ["?url=https://evil.example/", "?next=https://evil.example/", "?next=//evil.example/&url=javascript:x"]
)
def test_click_through_ignores_any_other_address(client, query):
    banner = BannerFactory()
    response = client.get(url_in("en", "banners:go", banner.pk) + query)
    assert response["Location"] == "https://example.org/support"


@pytest.mark.parametrize("traits", [{"off": True}, {"scheduled": True}, {"ended": True}])
def test_click_through_of_a_banner_that_is_not_live_is_404(client, traits):
    banner = BannerFactory(**traits)
    assert client.get(url_in("en", "banners:go", banner.pk)).status_code == 404
    banner.refresh_from_db()
    assert banner.clicks == 0


def test_click_through_of_unknown_banner_or_untargeted_edition_is_404(client):
    english_only = BannerFactory(edition="en", cta_url_ar="")
    assert client.get(url_in("en", "banners:go", 999999)).status_code == 404
    assert client.get(url_in("ar", "banners:go", english_only.pk)).status_code == 404
    assert client.get(url_in("en", "banners:go", english_only.pk)).status_code == 302


# --- Dismissal ----------------------------------------------------------------------------------


def dismiss(client, banner, next_url="", language="en", **headers):
    return client.post(url_in(language, "banners:dismiss", banner.pk), {"next": next_url}, **headers)


def test_dismissal_without_javascript_sets_the_cookie_and_returns_to_the_page(client, settings):
    settings.NEWSROOM_BANNER_DISMISS_DAYS = 12
    banner = BannerFactory()
    article = ArticleFactory()
    response = dismiss(client, banner, article.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    cookie = response.cookies[COOKIE]
    assert cookie["path"] == "/"
    assert cookie["max-age"] == 12 * 24 * 3600
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
    assert cookie.value.startswith(f"{banner.pk}:")
    banner.refresh_from_db()
    assert banner.dismissals == 1


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_dismissal_never_returns_to_another_site(client, next_url):
    banner = BannerFactory()
    response = dismiss(client, banner, next_url, language="ar")
    assert response.status_code == 302 and response["Location"] == url_in("ar", "articles:home")
    assert COOKIE in response.cookies


def test_dismissed_appeal_is_hidden_in_both_editions(client):
    banner = BannerFactory()
    english, arabic = linked_pair()
    dismiss(client, banner, english.get_absolute_url())
    assert appeals(client.get(english.get_absolute_url()).text) == []
    assert appeals(client.get(arabic.get_absolute_url()).text) == []


def test_dismissing_one_appeal_lets_the_next_one_compete(client):
    first, second = BannerFactory(priority=5), BannerFactory(priority=1)
    article = ArticleFactory()
    assert appeals(client.get(article.get_absolute_url()).text) == [str(first.pk)]
    dismiss(client, first, article.get_absolute_url())
    assert appeals(client.get(article.get_absolute_url()).text) == [str(second.pk)]


def test_dismissed_appeal_returns_after_the_configured_days(client, settings):
    settings.NEWSROOM_BANNER_DISMISS_DAYS = 30
    banner = BannerFactory()
    article = ArticleFactory()
    now = timezone.now()
    client.cookies[COOKIE] = f"{banner.pk}:{int((now - datetime.timedelta(days=29)).timestamp())}"
    assert appeals(client.get(article.get_absolute_url()).text) == []
    client.cookies[COOKIE] = f"{banner.pk}:{int((now - datetime.timedelta(days=31)).timestamp())}"
    assert appeals(client.get(article.get_absolute_url()).text) == [str(banner.pk)]


@pytest.mark.parametrize("value", ["garbage|:|x:y|1:", "²:1718000000", "1:²", "1:" + "9" * 5000])
def test_malformed_cookie_is_ignored(client, value):
    """"²" passes str.isdigit() but int() refuses it: a crafted cookie must not break every page."""
    banner = BannerFactory()
    article = ArticleFactory()
    client.cookies[COOKIE] = value
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert appeals(response.text) == [str(banner.pk)]
    assert dismiss(client, banner, article.get_absolute_url()).status_code == 302
    banner.refresh_from_db()
    assert banner.dismissals == 1


def test_dismissal_with_javascript_gets_no_content_and_the_cookie(client):
    banner = BannerFactory()
    response = dismiss(client, banner, "/en/", HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204
    assert COOKIE in response.cookies


def test_dismissing_twice_counts_once(client):
    banner = BannerFactory()
    dismiss(client, banner, "/en/")
    dismiss(client, banner, "/en/")
    banner.refresh_from_db()
    assert banner.dismissals == 1


def test_dismissal_refuses_get_cross_site_posts_and_unknown_banners(client):
    banner = BannerFactory()
    assert client.get(url_in("en", "banners:dismiss", banner.pk)).status_code == 405
    assert dismiss(client, banner, "/en/", HTTP_ORIGIN="https://evil.example").status_code == 403
    assert dismiss(client, banner, "/en/", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
    assert dismiss(client, banner, "/en/", HTTP_ORIGIN="http://testserver").status_code == 302
    assert client.post(url_in("en", "banners:dismiss", 999999)).status_code == 404
    banner.refresh_from_db()
    assert banner.dismissals == 1


@pytest.mark.parametrize("traits", [{"off": True}, {"scheduled": True}, {"ended": True}])
def test_closing_a_banner_that_is_not_live_goes_back_without_counting(client, traits):
    """A reader may close an appeal that ended meanwhile; nobody can inflate the count of a banner that is off."""
    banner = BannerFactory(**traits)
    article = ArticleFactory()
    response = dismiss(client, banner, article.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert COOKIE not in response.cookies
    assert dismiss(client, banner, "/en/", HTTP_X_REQUESTED_WITH="fetch").status_code == 204
    banner.refresh_from_db()
    assert banner.dismissals == 0


def test_the_cookie_keeps_older_dismissals_and_drops_expired_ones(client):
    first, second = BannerFactory(), BannerFactory()
    old = int((timezone.now() - datetime.timedelta(days=400)).timestamp())
    client.cookies[COOKIE] = f"{first.pk}:{int(timezone.now().timestamp())}|777:{old}"
    value = dismiss(client, second, "/en/").cookies[COOKIE].value
    assert {entry.split(":")[0] for entry in value.split("|")} == {str(first.pk), str(second.pk)}


# --- Chosen by the view, rendered by the template ------------------------------------------------


def test_each_page_view_counts_one_impression_of_the_appeal_it_shows(client, settings):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 1
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    article = ArticleFactory()
    for url in (url_in("en", "articles:home"), article.get_absolute_url(), url_in("ar", "articles:home")):
        assert appeals(client.get(url).text) == [str(banner.pk)]
    banner.refresh_from_db()
    assert banner.impressions == 3


def test_a_page_with_the_appeal_closed_counts_no_impression_and_is_private(client, settings):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 1
    banner = BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    client.cookies[COOKIE] = dismissals.with_dismissal("", banner_id=banner.pk, now=timezone.now())
    response = client.get(url_in("en", "articles:home"))
    assert appeals(response.text) == []
    banner.refresh_from_db()
    assert banner.impressions == 0
    # A shared cache must not hand this reader's page (no appeal) to readers who never closed it.
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_pages_that_may_show_an_appeal_vary_with_the_readers_cookies(client):
    BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    for url in (url_in("en", "articles:home"), ArticleFactory().get_absolute_url()):
        response = client.get(url)
        assert "Cookie" in response["Vary"]
        assert "private" not in response.get("Cache-Control", "")


def test_error_pages_carry_no_appeal(client):
    BannerFactory(placement=Banner.Placement.SITE_FOOTER)
    response = client.get(url_in("en", "articles:article", "no-such-story"))
    assert response.status_code == 404
    assert appeals(response.text) == []
