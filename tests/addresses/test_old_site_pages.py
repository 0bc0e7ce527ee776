"""An old site's home, feeds and archive pages answer with ours, on the old site's host only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addresses.archives import ArchiveForm, archive_form
from addresses.models import OldHost
from addresses.services import remember_old_hosts
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory

EN_HOST, AR_HOST, BOTH_HOST = "en.example.org", "ar.example.org", "example.org"


@pytest.mark.parametrize("key, form", [
    ("/", ArchiveForm("home")),
    ("/page/2", ArchiveForm("home")),
    ("/feed", ArchiveForm("home", feed="rss")),
    ("/feed/rss2", ArchiveForm("home", feed="rss")),
    ("/feed/atom", ArchiveForm("home", feed="atom")),
    ("/ar", ArchiveForm("home", language="ar")),
    ("/category/news", ArchiveForm("section", slug="news")),
    ("/category/world/middle-east", ArchiveForm("section", slug="middle-east")),  # a child category
    ("/category/news/page/3", ArchiveForm("section", slug="news")),
    ("/category/news/feed", ArchiveForm("section", slug="news", feed="rss")),
    ("/tag/aleppo", ArchiveForm("tag", slug="aleppo")),
    ("/tag/aleppo/feed/atom", ArchiveForm("tag", slug="aleppo", feed="atom")),
    ("/author/rania", ArchiveForm("author", slug="rania")),
    ("/ar/category/أخبار", ArchiveForm("section", slug="أخبار", language="ar")),
    ("/index.php/category/news", ArchiveForm("section", slug="news")),
    ("/search/water prices", ArchiveForm("search", slug="water prices")),
    ("/ar/search/سعر الخبز/page/2", ArchiveForm("search", slug="سعر الخبز", language="ar")),
])
def test_wordpress_archive_addresses_are_read(key, form):
    assert archive_form(key) == form


@pytest.mark.parametrize("key, bases, form", [
    ("/section/news", ("section", "tag"), ArchiveForm("section", slug="news")),
    ("/topics/aleppo/feed", ("category", "topics"), ArchiveForm("tag", slug="aleppo", feed="rss")),
    ("/قسم/أخبار", ("قسم", "وسم"), ArchiveForm("section", slug="أخبار")),
    ("/news", ("", "tag"), ArchiveForm("section", slug="news")),  # an SEO plugin removed the base
    ("/ar/news/page/2", ("", "tag"), ArchiveForm("section", slug="news", language="ar")),
    ("/news/feed/atom", ("", "tag"), ArchiveForm("section", slug="news", feed="atom")),
    ("/feed", ("", "tag"), ArchiveForm("home", feed="rss")),
    ("/uk", ("", "tag"), ArchiveForm("section", slug="uk")),  # two letters, but no language of this site
    ("/tv/feed", ("", "tag"), ArchiveForm("section", slug="tv", feed="rss")),
    ("/category/news", ("section", "tag"), None),  # not this site's base
    ("/2024", ("", "tag"), None),
    ("/robots.txt", ("", "tag"), None),
    ("/wp-admin", ("", "tag"), None),
    ("/2024/05/flood", ("", "tag"), None),
])
def test_a_sites_own_bases_are_read(key, bases, form):
    assert archive_form(key, category_base=bases[0], tag_base=bases[1]) == form


@pytest.mark.parametrize("key", [
    "/2024/05/flood", "/?p=5", "/de/category/news", "/category", "/categories/news", "/2024/05", "/about-us",
    "/feed/podcast", "/page/0",
])
def test_other_addresses_are_no_archive(key):
    assert archive_form(key) is None


@pytest.fixture
def old_hosts(db):
    OldHost.objects.create(host=EN_HOST, language="en")
    OldHost.objects.create(host=AR_HOST, language="ar")
    OldHost.objects.create(host=BOTH_HOST, language="")


@pytest.fixture
def reader(client, settings, old_hosts):
    settings.ALLOWED_HOSTS = ["*"]

    def get(host, address, **headers):
        return client.get(address, headers={"host": host, **headers})

    return get


def test_a_category_of_the_english_site_leads_to_its_section(reader):
    SectionFactory(slug_en="news", slug_ar="news")  # in both editions: the host chooses English
    assert reader(EN_HOST, "/category/news/").headers["Location"] == "/en/sections/news/"
    assert reader(EN_HOST, "/category/world/news/page/2/").headers["Location"] == "/en/sections/news/"
    assert reader(EN_HOST, "/category/news/").status_code == 301


def test_a_category_of_the_arabic_site_leads_to_the_arabic_section(reader):
    SectionFactory(slug_en="news-en", slug_ar="أخبار")
    response = reader(AR_HOST, "/category/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/ar/sections/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/"


def test_the_hosts_edition_decides_when_both_editions_have_the_slug(reader):
    # Arabic sites often keep English slugs: "news" is an English section here and an Arabic one there.
    SectionFactory(slug_en="news", slug_ar="news-ar-only-in-name")
    SectionFactory(slug_en="akhbar", slug_ar="news")
    assert reader(AR_HOST, "/category/news/").headers["Location"] == "/ar/sections/news/"
    assert reader(EN_HOST, "/category/news/").headers["Location"] == "/en/sections/news/"


def test_polylangs_language_prefix_chooses_the_edition_on_a_host_of_both(reader):
    SectionFactory(slug_en="news", slug_ar="news")
    assert reader(BOTH_HOST, "/ar/category/news/").headers["Location"] == "/ar/sections/news/"
    assert reader(BOTH_HOST, "/category/news/").headers["Location"] == "/en/sections/news/"


def test_tag_and_author_pages_and_their_feeds(reader):
    tag, author = TagFactory(slug_en="aleppo"), AuthorFactory(slug="rania")
    ArticleFactory(tags=[tag], authors=[author])
    assert reader(EN_HOST, "/tag/aleppo/").headers["Location"] == "/en/tags/aleppo/"
    assert reader(EN_HOST, "/tag/aleppo/feed/").headers["Location"] == "/en/tags/aleppo/feed/"
    assert reader(EN_HOST, "/author/rania/page/4/").headers["Location"] == "/en/authors/rania/"
    assert reader(EN_HOST, "/author/rania/feed/atom/").headers["Location"] == "/en/authors/rania/feed/atom/"


def test_a_tag_no_live_article_carries_stays_a_404_rather_than_a_redirect_to_one(reader):
    tag = TagFactory(slug_en="embargoed", slug_ar="محظور")
    ArticleFactory(tags=[tag], draft=True)
    assert reader(EN_HOST, "/tag/embargoed/").status_code == 404
    assert reader(EN_HOST, "/tag/unknown/").status_code == 404


def test_a_byline_whose_login_had_a_dot_is_found_by_wordpress_spelling(reader):
    ArticleFactory(authors=[AuthorFactory(slug="raniak")])  # the import's slug of the login "rania.k"
    assert reader(EN_HOST, "/author/rania-k/").headers["Location"] == "/en/authors/raniak/"


def test_a_category_address_typed_with_capitals_finds_its_section(reader):
    SectionFactory(slug_en="news")
    assert reader(EN_HOST, "/category/News/").headers["Location"] == "/en/sections/news/"


def test_a_byline_only_in_the_other_edition_leads_there(reader):
    author = AuthorFactory(slug="sami")
    ArticleFactory(arabic=True, authors=[author])
    assert reader(EN_HOST, "/author/sami/").headers["Location"] == "/ar/authors/sami/"


def test_the_home_forms_and_feed_of_a_one_language_site_lead_to_its_edition(reader):
    assert (reader(AR_HOST, "/page/7/").status_code, reader(AR_HOST, "/page/7/").headers["Location"]) == (301, "/ar/")
    assert reader(AR_HOST, "/index.php").headers["Location"] == "/ar/"  # a site without URL rewriting
    assert reader(AR_HOST, "/feed/?utm_source=newsletter").headers["Location"] == "/ar/feed/"
    assert reader(AR_HOST, "/feed/").headers["Location"] == "/ar/feed/"
    assert reader(EN_HOST, "/feed/atom/").headers["Location"] == "/en/feed/atom/"


@pytest.mark.parametrize("host", [EN_HOST, BOTH_HOST])
def test_the_bare_home_is_left_to_the_readers_language_on_every_host(reader, host):
    # The newsroom's own domain is often the old English site's: a permanent redirect of its home
    # to English would send every Arabic reader there, and browsers keep a 301.
    for language in ("ar", "en"):
        response = reader(host, "/", **{"accept-language": language})
        assert (response.status_code, response.headers["Location"]) == (302, f"/{language}/")  # LocaleMiddleware's choice


def test_the_feed_of_a_site_of_both_languages_is_left_to_the_readers_language(reader):
    response = reader(BOTH_HOST, "/feed/", **{"accept-language": "ar"})
    assert (response.status_code, response.headers["Location"]) == (302, "/ar/feed/")


@pytest.mark.parametrize("address", ["/?p=404", "/?s=flood&cat=3", "/?cat=3", "/category/news/?tag=x", "/?feed=rss2"])
def test_what_wordpress_chose_by_query_is_not_taken_for_a_home_or_archive(reader, address):
    SectionFactory(slug_en="news")
    response = reader(EN_HOST, address)
    # Left as any host answers it: a 404, or at "/" the language redirect keeping the query (not our 301 to a home).
    if address.startswith("/?"):
        assert (response.status_code, response.headers["Location"]) == (302, "/en/" + address[1:])
    else:
        assert response.status_code == 404


def test_a_search_on_the_old_site_is_the_same_search_here(reader):
    response = reader(AR_HOST, "/?s=%D8%AE%D8%A8%D8%B2+%26+%D9%85%D8%A7%D8%A1")  # ?s=خبز & ماء
    assert response.status_code == 301
    assert response.headers["Location"] == "/ar/search/?q=%D8%AE%D8%A8%D8%B2+%26+%D9%85%D8%A7%D8%A1"
    assert reader(EN_HOST, "/search/water%20prices/").headers["Location"] == "/en/search/?q=water+prices"
    assert reader(EN_HOST, "/?s=" + "x" * 5000).headers["Location"] == "/en/search/?q=" + "x" * 200


def test_a_site_whose_categories_had_no_base_answers_at_their_slugs(reader):
    OldHost.objects.create(host="bare.example.org", language="en", category_base="")
    SectionFactory(slug_en="news")
    assert reader("bare.example.org", "/news/").headers["Location"] == "/en/sections/news/"
    assert reader("bare.example.org", "/news/feed/").headers["Location"] == "/en/sections/news/feed/"
    assert reader("bare.example.org", "/opinion/").status_code == 404  # no such section
    assert reader(EN_HOST, "/news/").status_code == 404  # a host with the base keeps it


def test_this_sites_own_address_typed_without_its_slash_is_no_base_less_category(reader):
    OldHost.objects.create(host="bare.example.org", language="en", category_base="")
    SectionFactory(slug_en="admin")
    assert reader("bare.example.org", "/admin").headers["Location"] == "/admin/"  # CommonMiddleware's slash, as anywhere


def test_a_sites_own_category_base_replaces_wordpresss(reader):
    OldHost.objects.create(host="own.example.org", language="en", category_base="section", tag_base="topics")
    SectionFactory(slug_en="news")
    ArticleFactory(tags=[TagFactory(slug_en="aleppo")])
    assert reader("own.example.org", "/section/news/").headers["Location"] == "/en/sections/news/"
    assert reader("own.example.org", "/topics/aleppo/").headers["Location"] == "/en/tags/aleppo/"
    assert reader("own.example.org", "/category/news/").status_code == 404


def test_hosts_that_were_no_old_site_keep_their_404s(reader):
    SectionFactory(slug_en="news")
    assert reader("elsewhere.example.net", "/category/news/").status_code == 404
    assert reader("testserver", "/category/news/").status_code == 404


@pytest.mark.parametrize("address", ["/category/%2F%2Fevil.example/", "/author/..%2F..%2Fevil/", "/tag/%00/",
                                     "/ar/category/%20/", "/tag/%E2%80%8F/", "/author/-/"])
def test_a_hostile_archive_address_never_leads_off_the_site(reader, address):
    # A section kept in one language has no slug in the other (None, or ""): nothing must find it by that.
    SectionFactory(slug_en="only-english", slug_ar="")
    SectionFactory(slug_en="also-only-english", slug_ar=None)
    response = reader(EN_HOST, address)
    assert response.status_code == 404


def test_an_archive_address_costs_a_404_and_two_queries_at_most(reader, django_assert_max_num_queries):
    tag = TagFactory(slug_en="aleppo")
    ArticleFactory(tags=[tag])
    with CaptureQueriesContext(connection) as plain_404:
        assert reader("elsewhere.example.net", "/tag/aleppo/").status_code == 404
    # Beyond what any 404 costs (its page, the old-address and host lookups): the subject, in at most two editions.
    with django_assert_max_num_queries(len(plain_404) + 2):
        assert reader(AR_HOST, "/tag/aleppo/").headers["Location"] == "/en/tags/aleppo/"


def test_a_host_no_reader_could_type_is_not_kept(db):
    assert remember_old_hosts({"x" * 300 + ".example.org": {"en"}, "": {"en"}}) == []
    assert not OldHost.objects.exists()


def test_the_desks_choice_of_edition_survives_a_later_import(db):
    remember_old_hosts({"www.ar.example.org:443": {"ar"}})
    assert OldHost.objects.get().host == "ar.example.org"
    OldHost.objects.filter(host="ar.example.org").update(language="en")  # the desk corrected it
    remember_old_hosts({"ar.example.org": {"en"}})
    assert OldHost.objects.get().language == "en"
    remember_old_hosts({"ar.example.org": {"ar"}})  # a second language shows up: both
    assert OldHost.objects.get().language == ""


def test_a_host_typed_in_the_admin_is_normalised_and_an_empty_one_refused(db):
    host = OldHost(host="WWW.News.Example.org:8080", language="en", category_base="/%D9%82%D8%B3%D9%85/", tag_base=" /topics/ ")
    host.full_clean()
    assert (host.host, host.category_base, host.tag_base) == ("news.example.org", "قسم", "topics")
    with pytest.raises(ValidationError) as error:
        OldHost(host="news.example.org", language="en", tag_base="/").full_clean()
    assert "tag_base" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        OldHost(host="   ", language="en").full_clean()
    assert "host" in error.value.message_dict


def test_the_desk_adds_an_old_host_in_the_admin(admin_client):
    form = {"host": "WWW.Old.Example.org", "language": "ar", "category_base": "/section/", "tag_base": "tag"}
    response = admin_client.post("/admin/addresses/oldhost/add/", form)
    assert response.status_code == 302
    assert (OldHost.objects.get().host, OldHost.objects.get().category_base) == ("old.example.org", "section")
    again = admin_client.post("/admin/addresses/oldhost/add/", {**form, "host": "old.example.org", "language": "en"})
    assert again.status_code == 200 and "already exists" in again.content.decode()
    assert OldHost.objects.count() == 1
