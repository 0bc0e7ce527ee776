"""The outlet's own pages (about us, contact, corrections policy) as readers see them and as staff edit them."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from newsroom.demo import load_demo_content
from newsroom.footer.models import FooterLink
from newsroom.pages.models import SitePage
from newsroom.pages.services import save_site_page
from tests.factories import ArticleFactory
from tests.roles.conftest import member_of

pytestmark = pytest.mark.django_db

#: Queries of a site page for an anonymous reader: the page, its other versions, the section menu, the footer,
#: the appeal; the same however many versions or footer links there are.
SITE_PAGE_BUDGET = 6


def add_page(language="en", slug="about", title="About us", body="<p>Who we are.</p>", published=True, counterpart=None):
    page = SitePage(language=language, slug=slug, title=title, body=body, is_published=published)
    return save_site_page(page=page, counterpart=counterpart)


def about_in_both_editions():
    english = add_page(title="About us", body="<p>An independent newsroom.</p>")
    arabic = add_page(language="ar", title="من نحن", body="<p>غرفة أخبار مستقلة.</p>", counterpart=english)
    return english, arabic


def edition_switch(html):
    return re.search(r'<nav class="edition-switch".*?</nav>', html, re.S).group(0)


# Readers ------------------------------------------------------------------------------


def test_each_edition_shows_its_own_version_of_a_page(client):
    english, arabic = about_in_both_editions()
    response = client.get("/en/pages/about/")
    assert response.status_code == 200
    assert "<h1 class=\"story__title\">About us</h1>" in response.text
    assert "An independent newsroom." in response.text

    response = client.get("/ar/pages/about/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl"' in response.text
    assert "من نحن" in response.text and "غرفة أخبار مستقلة." in response.text
    assert "An independent newsroom." not in response.text


def test_the_language_switch_leads_to_the_other_version(client):
    english, arabic = about_in_both_editions()
    arabic.slug = "من-نحن"
    save_site_page(page=arabic)
    switch = edition_switch(client.get("/en/pages/about/").text)
    assert 'href="/ar/pages/%D9%85%D9%86-%D9%86%D8%AD%D9%86/" hreflang="ar"' in switch
    page = client.get(arabic.get_absolute_url()).text
    assert 'href="/en/pages/about/" hreflang="en"' in edition_switch(page)
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/pages/about/">' in page


def test_a_page_without_a_published_version_switches_to_the_other_editions_home(client):
    english = add_page()
    add_page(language="ar", title="من نحن", published=False, counterpart=english)
    page = client.get("/en/pages/about/").text
    assert 'href="/ar/" hreflang="ar"' in edition_switch(page)
    assert 'hreflang="ar" href=' not in page  # no alternate for a page the other edition does not have


@pytest.mark.parametrize("url", ["/en/pages/draft/", "/en/pages/no-such-page/", "/ar/pages/about/"])
def test_a_draft_a_missing_page_or_a_page_of_the_other_edition_is_a_404(client, url):
    add_page(slug="about")  # English only
    add_page(slug="draft", title="Coming soon", published=False)
    response = client.get(url)
    assert response.status_code == 404
    assert "Coming soon" not in response.text


def test_a_page_slug_cannot_shadow_a_story_or_section(client):
    story = ArticleFactory(slug="about")
    add_page(slug="about", title="About us")
    assert "About us" in client.get("/en/pages/about/").text
    assert story.title in client.get(story.get_absolute_url()).text


def test_the_body_is_cleaned_of_scripts_and_event_handlers(client):
    add_page(body='<p onclick="steal()">Hello</p><script>alert(1)</script><img src=x onerror="alert(2)"><p>World</p>')
    stored = SitePage.objects.get().body
    assert "<script" not in stored and "onclick" not in stored and "onerror" not in stored
    html = client.get("/en/pages/about/").text
    assert "alert(" not in html and "steal()" not in html
    assert "<p>Hello</p>" in html and "<p>World</p>" in html


def test_a_page_costs_the_same_queries_however_many_footer_links(client, django_assert_max_num_queries):
    about_in_both_editions()
    with django_assert_max_num_queries(SITE_PAGE_BUDGET):
        assert client.get("/ar/pages/about/").status_code == 200
    for position in range(8):
        FooterLink.objects.create(label_en=f"Link {position}", url_en=f"/en/{position}/", position=position)
    with django_assert_max_num_queries(SITE_PAGE_BUDGET):
        assert client.get("/en/pages/about/").status_code == 200


# The page cache -----------------------------------------------------------------------


def test_an_edit_shows_at_once_and_purges_no_other_page(client, settings, empty_cache, django_assert_num_queries):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    english, arabic = about_in_both_editions()
    story = ArticleFactory(title="Bread prices")
    first = client.get("/en/pages/about/")
    assert f"site-page-{english.translation_key}" in first["Surrogate-Key"]
    client.get(story.get_absolute_url())
    client.get("/ar/pages/about/")

    english.title = "About Newsroom"
    save_site_page(page=english)

    assert "About Newsroom" in client.get("/en/pages/about/").text
    # The Arabic version's switch names the English one: it is rendered afresh too (it costs queries).
    assert client.get("/ar/pages/about/").status_code == 200
    with django_assert_num_queries(0):  # the story page was not purged
        assert client.get(story.get_absolute_url()).status_code == 200


def test_unpublishing_a_page_takes_it_off_the_cache_at_once(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    english = add_page()
    assert client.get("/en/pages/about/").status_code == 200
    english.is_published = False
    save_site_page(page=english)
    assert client.get("/en/pages/about/").status_code == 404


# The sitemap --------------------------------------------------------------------------


def test_the_sitemap_lists_published_pages_with_their_versions(client, django_assert_max_num_queries):
    english, _arabic = about_in_both_editions()
    add_page(slug="draft", title="Coming soon", published=False)
    assert "http://testserver/sitemap-pages-en.xml" in client.get("/sitemap.xml").text
    with django_assert_max_num_queries(3):  # count, the rows, the versions of all of them
        xml = client.get("/sitemap-pages-en.xml").text
    assert "<loc>http://testserver/en/pages/about/</loc>" in xml
    assert 'hreflang="ar" href="http://testserver/ar/pages/about/"' in xml
    assert "/pages/draft/" not in xml
    assert "<loc>http://testserver/ar/pages/about/</loc>" in client.get("/sitemap-pages-ar.xml").text


# Rules the model and the database keep -------------------------------------------------


def test_the_database_refuses_a_second_page_at_the_same_address_in_one_edition():
    add_page(slug="about")
    add_page(language="ar", slug="about", title="من نحن")  # the same slug in the other edition is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        SitePage.objects.create(language="en", slug="about", title="Another")


def test_the_service_refuses_a_taken_slug_and_writes_nothing():
    add_page(slug="about")
    with pytest.raises(ValidationError, match="already has a page at this address"):
        add_page(slug="about", title="Another")
    assert SitePage.objects.count() == 1


def test_a_version_must_be_in_another_language_and_one_per_language():
    english = add_page()
    with pytest.raises(ValidationError, match="another language"):
        add_page(slug="contact", counterpart=english)
    add_page(language="ar", title="من نحن", counterpart=english)
    with pytest.raises(ValidationError, match="already has a version in this language"):
        add_page(language="ar", slug="other", title="صفحة أخرى", counterpart=english)


# Editing in the admin -------------------------------------------------------------------


def form_data(**fields):
    return {"language": "en", "title": "About us", "slug": "about", "body": "<p>Who we are.</p>",
            "is_published": "on", "counterpart": "", **fields}


def test_an_editor_adds_the_arabic_version_in_the_admin(client):
    english = add_page()
    client.force_login(member_of("Editor"))
    response = client.post(
        reverse("admin:pages_sitepage_add"),
        form_data(language="ar", title="من نحن", slug="من-نحن", body="<p>نحن</p><script>x()</script>", counterpart=english.pk),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    arabic = SitePage.objects.get(language="ar")
    assert arabic.translation_key == english.translation_key
    assert arabic.body == "<p>نحن</p>"
    reader = Client()
    assert 'hreflang="ar"' in edition_switch(reader.get("/en/pages/about/").text)


def test_an_editor_changes_a_page_and_readers_see_it(client, settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    english = add_page()
    reader = Client()
    assert "Who we are." in reader.get("/en/pages/about/").text  # now in the page cache
    client.force_login(member_of("Editor"))
    response = client.post(
        reverse("admin:pages_sitepage_change", args=[english.pk]), form_data(body="<p>Our story.</p>")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Our story." in reader.get("/en/pages/about/").text


def test_clearing_the_other_version_in_the_admin_unlinks_the_pages(client):
    english, arabic = about_in_both_editions()
    client.force_login(member_of("Editor"))
    form = client.get(reverse("admin:pages_sitepage_change", args=[english.pk])).context["adminform"].form
    assert form.initial["counterpart"] == arabic.pk
    response = client.post(reverse("admin:pages_sitepage_change", args=[english.pk]), form_data())
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.translation_key != arabic.translation_key


def test_a_taken_slug_is_a_form_error_in_the_editors_language(client):
    add_page(language="ar", slug="من-نحن", title="من نحن")
    client.force_login(member_of("Editor"))
    response = client.post(
        reverse("admin:pages_sitepage_add"),
        form_data(language="ar", title="صفحة أخرى", slug="من-نحن"),
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 200
    with translation.override("ar"):
        message = str(SitePage._meta.constraints[0].violation_error_message)
    assert message != "This edition already has a page at this address: choose another slug."
    assert message in response.text
    assert SitePage.objects.count() == 1


def test_the_admin_list_costs_the_same_however_many_pages(client, django_assert_max_num_queries):
    client.force_login(member_of("Editor"))
    about_in_both_editions()
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("admin:pages_sitepage_changelist")).status_code == 200
    for slug in ("contact", "corrections", "jobs", "donate"):
        add_page(slug=slug, title=slug.title())
        add_page(language="ar", slug=slug, title=slug.title())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("admin:pages_sitepage_changelist"))
    assert response.text.count('class="field-title"') == 10


def test_a_reporter_may_not_edit_site_pages(client):
    client.force_login(member_of("Reporter"))
    assert client.get(reverse("admin:pages_sitepage_add")).status_code == 403


# The demo ----------------------------------------------------------------------------------


def test_the_demo_footer_leads_to_the_demo_pages_in_both_editions(client):
    load_demo_content(io.StringIO())
    for language in ("en", "ar"):
        links = FooterLink.objects.filter(**{f"url_{language}__startswith": f"/{language}/pages/"})
        assert links.count() == 3, language
        for link in links:
            response = client.get(getattr(link, f"url_{language}"))
            assert response.status_code == 200
            assert getattr(link, f"label_{language}") in response.text
            assert 'hreflang="' in edition_switch(response.text)  # the other edition's version
    assert SitePage.objects.values("translation_key").distinct().count() == 3
