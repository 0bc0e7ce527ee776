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
    section = SectionFactory(slug_en="news")
    assert reader(EN_HOST, "/category/news/").headers["Location"] == "/en/sections/news/"
    assert reader(EN_HOST, "/category/world/news/page/2/").headers["Location"] == "/en/sections/news/"
    assert reader(EN_HOST, "/category/news/").status_code == 301
    assert section.get_absolute_url()  # the section exists in both editions; the host chose English


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


def test_hosts_that_were_no_old_site_keep_their_404s(reader):
    SectionFactory(slug_en="news")
    assert reader("elsewhere.example.net", "/category/news/").status_code == 404
    assert reader("testserver", "/category/news/").status_code == 404


@pytest.mark.parametrize("address", ["/category/%2F%2Fevil.example/", "/author/..%2F..%2Fevil/", "/tag/%00/"])
def test_a_hostile_archive_address_never_leads_off_the_site(reader, address):
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
    host = OldHost(host="WWW.News.Example.org:8080", language="en")
    host.full_clean()
    assert host.host == "news.example.org"
    with pytest.raises(ValidationError) as error:
        OldHost(host="   ", language="en").full_clean()
    assert "host" in error.value.message_dict


def test_the_desk_adds_an_old_host_in_the_admin(admin_client):
    form = {"host": "WWW.Old.Example.org", "language": "ar"}
    response = admin_client.post("/admin/addresses/oldhost/add/", form)
    assert response.status_code == 302
    assert OldHost.objects.get().host == "old.example.org"
    again = admin_client.post("/admin/addresses/oldhost/add/", {"host": "old.example.org", "language": "en"})
    assert again.status_code == 200 and "already exists" in again.content.decode()
    assert OldHost.objects.count() == 1
