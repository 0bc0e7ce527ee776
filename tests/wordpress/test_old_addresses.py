"""Every old address of an imported post answers with a 301 to its article, in its edition."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from addresses.models import OldAddress, OldHost
from addresses.services import remember_addresses
from articles.models import Article
from articles.services import delete_articles
from tests.factories import ArticleFactory
from wordpress import services

from .exports import export, post, term, write

pytestmark = pytest.mark.django_db

EN, AR = "https://en.example.org", "https://ar.example.org"
NEWS = term("category", "news", "News")


@pytest.fixture
def imported(tmp_path):
    en = write(tmp_path, "en.xml", export([post(5, "Flood", site=EN, slug="flood", terms=[NEWS])], site=EN))
    ar = write(tmp_path, "ar.xml", export(
        [post(5, "فيضان", site=AR, slug="%d9%81%d9%8a%d8%b6%d8%a7%d9%86", terms=[NEWS]),
         post(6, "مسودة", site=AR, status="draft", terms=[NEWS])],
        site=AR, language="ar",
    ))
    services.import_files(paths=[en, ar])


@pytest.mark.parametrize("host, address, target", [
    ("en.example.org", "/2024/05/flood/", "/en/articles/flood/"),
    ("en.example.org", "/2024/05/flood", "/en/articles/flood/"),
    ("www.en.example.org", "/?p=5", "/en/articles/flood/"),
    ("en.example.org", "/?page_id=5&utm_source=x", "/en/articles/flood/"),
    ("en.example.org", "/archives/5", "/en/articles/flood/"),
    ("ar.example.org", "/?p=5", "/ar/articles/%D9%81%D9%8A%D8%B6%D8%A7%D9%86/"),
    ("ar.example.org", "/2024/05/%D9%81%D9%8A%D8%B6%D8%A7%D9%86/", "/ar/articles/%D9%81%D9%8A%D8%B6%D8%A7%D9%86/"),
    # On a host the old sites never had, an address only one article had still answers.
    ("testserver", "/2024/05/flood/", "/en/articles/flood/"),
])
def test_old_addresses_answer_with_a_permanent_redirect(client, imported, settings, host, address, target):
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get(address, headers={"host": host})
    assert response.status_code == 301
    assert response["Location"] == target


FLOOD_EN, FLOOD_AR = "/en/articles/flood/", "/ar/articles/%D9%81%D9%8A%D8%B6%D8%A7%D9%86/"


@pytest.mark.parametrize("host, address, target", [
    # AMP pages, as Google shares them.
    ("en.example.org", "/2024/05/flood/amp/", FLOOD_EN),
    ("en.example.org", "/2024/05/flood/?amp=1", FLOOD_EN),
    ("en.example.org", "/2024/05/flood/?amp", FLOOD_EN),
    ("ar.example.org", "/2024/05/%D9%81%D9%8A%D8%B6%D8%A7%D9%86/amp/", FLOOD_AR),
    # The post's comment feed, its embed frame.
    ("en.example.org", "/2024/05/flood/feed/", FLOOD_EN),
    ("en.example.org", "/2024/05/flood/feed/atom/", FLOOD_EN),
    ("en.example.org", "/2024/05/flood/embed/", FLOOD_EN),
    # A page of a post split with <!--nextpage-->, or of its comments.
    ("en.example.org", "/2024/05/flood/2/", FLOOD_EN),
    ("ar.example.org", "/2024/05/%D9%81%D9%8A%D8%B6%D8%A7%D9%86/3/", FLOOD_AR),
    ("en.example.org", "/2024/05/flood/comment-page-2/", FLOOD_EN),
    ("en.example.org", "/2024/05/flood/2/amp/", FLOOD_EN),
    ("en.example.org", "/archives/5/amp/", FLOOD_EN),
    # Sites without URL rewriting.
    ("en.example.org", "/index.php?p=5", FLOOD_EN),
    ("ar.example.org", "/index.php?p=5", FLOOD_AR),
    ("en.example.org", "/index.php?page_id=5", FLOOD_EN),
    ("en.example.org", "/index.php/2024/05/flood/", FLOOD_EN),
    ("en.example.org", "/index.php/2024/05/flood/amp/", FLOOD_EN),
    ("en.example.org", "/index.php/archives/5", FLOOD_EN),
    # The id forms WordPress also answered.
    ("en.example.org", "/?p=5&preview=true", FLOOD_EN),
    ("en.example.org", "/?attachment_id=5", FLOOD_EN),
    ("ar.example.org", "/?page_id=5", FLOOD_AR),
])
def test_wordpress_forms_of_an_old_address_answer_as_it_does(client, imported, settings, host, address, target):
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get(address, headers={"host": host})
    assert (response.status_code, response.get("Location")) == (301, target)


@pytest.mark.parametrize("address", [
    "/2024/05/drought/amp/",
    "/2024/05/drought/feed/",
    "/2024/05/drought/2/",
    "/index.php/2024/05/drought/",
    "/index.php?p=404",
    "/amp/",
    "/2/",
    "/en/articles/flood/amp/",  # this site's own article address has no AMP form
])
def test_a_wordpress_form_of_an_address_no_post_had_stays_404(client, imported, settings, address):
    settings.ALLOWED_HOSTS = ["*"]
    assert client.get(address, headers={"host": "en.example.org"}).status_code == 404


@pytest.mark.parametrize("address", ["/2024/05/post-6/amp/", "/2024/05/post-6/2/", "/index.php?p=6", "/?p=6&preview=true"])
def test_a_drafts_address_is_not_revealed_in_any_form(client, imported, settings, address):
    settings.ALLOWED_HOSTS = ["*"]
    assert OldAddress.objects.filter(host="ar.example.org", path="/2024/05/post-6").exists()
    response = client.get(address, headers={"host": "ar.example.org"})
    assert response.status_code != 301 and "articles" not in response.get("Location", "")


def test_a_deleted_posts_amp_page_is_gone_like_its_permalink(client, imported, settings):
    settings.ALLOWED_HOSTS = ["*"]
    delete_articles(articles=[Article.objects.get(slug="flood")])
    for address in ("/2024/05/flood/", "/2024/05/flood/amp/", "/index.php?p=5"):
        assert client.get(address, headers={"host": "en.example.org"}).status_code == 410, address


def test_wordpress_forms_are_only_read_for_imported_posts(client, db):
    # An old slug of this site's own article is no WordPress post: it has no AMP page or page 2.
    article = ArticleFactory(language="en", slug="new-slug", status=Article.Status.PUBLISHED)
    remember_addresses(article=article, urls=["/en/articles/old-slug/"], reason=OldAddress.Reason.SLUG_CHANGED)
    assert client.get("/en/articles/old-slug/").status_code == 301
    assert client.get("/en/articles/old-slug/amp/").status_code == 404
    assert client.get("/en/articles/old-slug/2/").status_code == 404


def test_a_wordpress_form_never_shadows_an_article_of_this_site(client, db):
    page_two = ArticleFactory(language="en", slug="2", title="Two", status=Article.Status.PUBLISHED)
    other = ArticleFactory(language="en", slug="other", status=Article.Status.PUBLISHED)
    remember_addresses(article=other, urls=["/en/articles"])  # imported: /en/articles/2/ would be its page 2
    response = client.get(page_two.get_absolute_url())
    assert response.status_code == 200 and "Two" in response.text


def queries_to_answer(client, host, address):
    """(status, every query of the request, those reading old addresses) for a GET of *address*."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address, headers={"host": host})
    table = OldAddress._meta.db_table
    return response.status_code, len(captured), sum(table in query["sql"] for query in captured.captured_queries)


def test_a_wordpress_form_costs_the_queries_of_its_permalink(client, imported, settings):
    settings.ALLOWED_HOSTS = ["*"]
    _status, permalink, _reads = queries_to_answer(client, "en.example.org", "/2024/05/flood/")
    for address, status in [
        ("/index.php/2024/05/flood/2/amp/", 301), ("/2024/05/flood/feed/", 301), ("/index.php?p=5", 301),
        ("/2024/05/drought/amp/", 404),
    ]:
        answered, total, reads = queries_to_answer(client, "en.example.org", address)
        # One read of the old addresses however the address was written (then one of the article, when found).
        assert (answered, reads, total <= permalink) == (status, 1, True), address


def test_an_address_two_old_sites_shared_needs_their_host(client, imported, settings):
    settings.ALLOWED_HOSTS = ["*"]
    # Both sites had a /?p=5: on a host neither had, it is not guessed (LocaleMiddleware sends it to an edition).
    response = client.get("/?p=5", headers={"host": "testserver"})
    assert response.status_code != 301


def test_drafts_are_never_revealed_by_an_old_address(client, imported, settings):
    settings.ALLOWED_HOSTS = ["*"]
    assert OldAddress.objects.filter(host="ar.example.org", path="/?p=6").exists()
    response = client.get("/?p=6", headers={"host": "ar.example.org"})
    assert response.status_code != 301


def test_an_old_address_never_shadows_a_page(client, db):
    live = ArticleFactory(language="en", slug="live", status=Article.Status.PUBLISHED)
    other = ArticleFactory(language="en", slug="other", status=Article.Status.PUBLISHED)
    remember_addresses(article=other, urls=["/en/articles/live/"], default_host="")
    response = client.get(live.get_absolute_url())
    assert response.status_code == 200


def test_a_changed_slug_can_answer_from_the_same_table(client, db):
    """Issue 13's case: an address of this site itself, on any host."""
    article = ArticleFactory(language="en", slug="new-slug", status=Article.Status.PUBLISHED)
    remember_addresses(article=article, urls=["/en/articles/old-slug/"], reason=OldAddress.Reason.SLUG_CHANGED)
    response = client.get("/en/articles/old-slug/")
    assert response.status_code == 301 and response["Location"] == "/en/articles/new-slug/"


def test_redirects_go_only_to_our_own_articles(client, db):
    article = ArticleFactory(language="en", slug="ours", status=Article.Status.PUBLISHED)
    remember_addresses(article=article, urls=["https://evil.example/steal"], default_host="")
    response = client.get("//evil.example/steal")
    assert response.status_code in (301, 404)
    if response.status_code == 301:
        assert response["Location"] == "/en/articles/ours/"


@pytest.mark.parametrize("address", ["/%00", "/" + "x" * 3000, "/?p=%00"])
def test_hostile_addresses_are_plain_404s(client, db, address):
    assert client.get(address).status_code in (301, 302, 400, 404)


def test_attachment_pages_of_a_featured_image_redirect_to_its_article(client, tmp_path, settings):
    settings.ALLOWED_HOSTS = ["*"]
    path = write(tmp_path, "en.xml", export([
        post(5, "Flood", site=EN, slug="flood", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(9, "river", site=EN, slug="river", post_type="attachment", status="inherit",
             link=f"{EN}/2024/05/flood/river/", meta={"_wp_attached_file": "2024/05/river.jpg"}),
        post(10, "unused", site=EN, slug="unused", post_type="attachment", status="inherit",
             link=f"{EN}/2024/05/other/unused/", meta={"_wp_attached_file": "2024/05/unused.jpg"}),
    ], site=EN))
    report = services.import_files(paths=[path])
    assert report.attachment_addresses == 2
    for address in ("/?attachment_id=9", "/2024/05/flood/river/", "/?p=9"):
        response = client.get(address, headers={"host": "en.example.org"})
        assert (response.status_code, response["Location"]) == (301, "/en/articles/flood/"), address
    # An image no imported post uses has no article to go to: its page is not invented.
    assert client.get("/2024/05/other/unused/", headers={"host": "en.example.org"}).status_code == 404
    # Nor does an image's file address ever become a web page.
    assert not OldAddress.objects.filter(path__contains="wp-content").exists()
    again = services.import_files(paths=[path])
    assert again.attachment_addresses == 2 and OldAddress.objects.filter(path="/?p=9").count() == 1


def test_published_pages_whose_address_would_be_a_404_are_listed(client, tmp_path, settings):
    settings.ALLOWED_HOSTS = ["*"]
    path = write(tmp_path, "en.xml", export([
        post(1, "Story", site=EN, terms=[NEWS]),
        post(20, "About us", site=EN, post_type="page", link=f"{EN}/about-us/"),
        post(21, "Search", site=EN, post_type="page", link=f"{EN}/search/"),  # this site answers /search/
        post(22, "Draft page", site=EN, post_type="page", status="draft", link=f"{EN}/?page_id=22"),
    ], site=EN))
    report = services.import_files(paths=[path])
    assert report.pages_left == [[20, "About us", f"{EN}/about-us/"]]
    assert client.get("/about-us/", headers={"host": "en.example.org"}).status_code == 404
    assert client.get("/search/", headers={"host": "en.example.org"}).status_code == 302
    lines = "\n".join(report.lines())
    assert "Pages not imported whose old address now answers 404 (recreate them if needed): 1" in lines
    assert f"#20 'About us': {EN}/about-us/" in lines
    assert not Article.objects.filter(title__in=["About us", "Search"]).exists()


def test_an_image_two_posts_share_leads_to_the_first(client, tmp_path, settings):
    settings.ALLOWED_HOSTS = ["*"]
    path = write(tmp_path, "en.xml", export([
        post(5, "First", site=EN, slug="first", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(6, "Second", site=EN, slug="second", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(9, "shared", site=EN, post_type="attachment", status="inherit", link=f"{EN}/?attachment_id=9"),
    ], site=EN))
    report = services.import_files(paths=[path])
    assert report.attachment_addresses == 1
    response = client.get("/?attachment_id=9", headers={"host": "en.example.org"})
    assert (response.status_code, response["Location"]) == (301, "/en/articles/first/")


def test_the_report_counts_a_drafts_addresses_apart_until_it_is_live(tmp_path, client, settings):
    # The desk reads "answering with 301" as a promise: a draft's addresses stay a 404 until it is published.
    settings.ALLOWED_HOSTS = ["*"]
    path = write(tmp_path, "en.xml", export([
        post(5, "Flood", site=EN, slug="flood", terms=[NEWS]),
        post(6, "Drought", site=EN, slug="drought", status="draft", terms=[NEWS]),
    ], site=EN))
    report = services.import_files(paths=[path], language="en")
    live = OldAddress.objects.filter(article__slug="flood").count()
    assert report.addresses == live and report.addresses_waiting == OldAddress.objects.filter(article__slug="drought").count() > 0
    assert client.get("/2024/05/drought/", headers={"host": "en.example.org"}).status_code == 404
    lines = "\n".join(report.lines())
    assert f"Old addresses kept (answering with 301): {live}" in lines
    assert f"(they answer once the article is live): {report.addresses_waiting}" in lines


def test_each_sites_host_is_kept_so_its_section_pages_and_home_answer_too(imported, client, settings):
    # The fixture imported an English and an Arabic site: readers' links to their categories and homes still work.
    settings.ALLOWED_HOSTS = ["*"]
    assert dict(OldHost.objects.values_list("host", "language")) == {"en.example.org": "en", "ar.example.org": "ar"}
    assert client.get("/category/news/", headers={"host": "en.example.org"}).headers["Location"] == "/en/sections/news/"
    assert client.get("/feed/", headers={"host": "ar.example.org"}).headers["Location"] == "/ar/feed/"


def test_a_polylang_site_of_both_languages_leaves_its_home_to_the_readers_language(tmp_path):
    path = write(tmp_path, "poly.xml", export([
        post(10, "Flood", terms=[NEWS, term("language", "en", "English")]),
        post(11, "فيضان", terms=[NEWS, term("language", "ar", "العربية")]),
    ]))
    report = services.import_files(paths=[path])
    assert list(OldHost.objects.values_list("host", "language")) == [("en.example.org", "")]
    assert ("Home, feed, section, tag and author pages of the old sites answer here for: en.example.org (both editions)"
            in report.lines())


def test_two_files_of_one_host_written_differently_are_one_old_host_in_the_report(tmp_path):
    en = write(tmp_path, "en.xml", export([post(5, "Flood", site="https://www.en.example.org", terms=[NEWS])],
                                          site="https://www.en.example.org"))
    ar = write(tmp_path, "ar.xml", export([post(6, "فيضان", site=EN, terms=[NEWS])], site=EN, language="ar"))
    report = services.import_files(paths=[en, ar])
    assert list(OldHost.objects.values_list("host", "language")) == [("en.example.org", "")]
    assert report.old_hosts == [["en.example.org", ""]]


def test_a_site_in_a_folder_of_its_host_keeps_no_host(tmp_path):
    # example.org/blog: the host's own home and archives were another site's.
    path = write(tmp_path, "blog.xml", export([post(5, "Flood", site="https://example.org/blog", terms=[NEWS])],
                                              site="https://example.org/blog"))
    report = services.import_files(paths=[path], language="en")
    assert report.posts["created"] == 1 and not OldHost.objects.exists()
