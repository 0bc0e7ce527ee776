"""Every old address of an imported post answers with a 301 to its article, in its edition."""

import pytest

from addresses.models import OldAddress
from addresses.services import remember_addresses
from articles.models import Article
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
