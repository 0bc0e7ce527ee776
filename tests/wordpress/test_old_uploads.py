"""An old upload address (a photo shared, or found in image search) leads to the image as stored here."""

import pytest
from django.core.files import File

from articles.models import Article
from articles.services import save_article
from wordpress import services
from wordpress.selectors import upload_names

from .exports import export, post, term, write
from .test_featured_images import attachment, jpeg

pytestmark = pytest.mark.django_db

NEWS = term("category", "news", "News")
EN, AR = "https://en.example.org", "https://ar.example.org"


@pytest.fixture
def imported(tmp_path, settings):
    settings.ALLOWED_HOSTS = ["*"]
    jpeg(tmp_path / "uploads" / "2024" / "05", "market.jpg")
    jpeg(tmp_path / "uploads" / "2024" / "05", "river.jpg")
    path = write(tmp_path, "en.xml", export([
        post(1, "Market", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(2, "River", terms=[NEWS], status="draft", meta={"_thumbnail_id": "10"}),
        attachment(9, "2024/05/market.jpg"),
        attachment(10, "2024/05/river.jpg"),
    ], site=EN))
    services.import_files(paths=[path], language="en", uploads=str(tmp_path / "uploads"))
    return Article.objects.get(title="Market")


@pytest.mark.parametrize("address", [
    "/wp-content/uploads/2024/05/market.jpg",
    "/wp-content/uploads/2024/05/market-1024x683.jpg",  # a size WordPress cut from it
    "/wp-content/uploads/2024/05/market-scaled.jpg",
])
def test_an_old_upload_of_a_featured_image_leads_to_it_here(client, imported, address):
    response = client.get(address, headers={"host": "en.example.org"})
    assert response.status_code == 301 and response["Location"] == imported.image.url
    assert imported.image.url.startswith("/media/")


def test_an_old_upload_costs_two_queries(client, imported, django_assert_num_queries):
    with django_assert_num_queries(2):  # the imported posts that had the file, then their live articles
        assert client.get("/wp-content/uploads/2024/05/market.jpg", headers={"host": "en.example.org"}).status_code == 301


def test_a_drafts_image_and_unknown_files_stay_404(client, imported):
    for address in ("/wp-content/uploads/2024/05/river.jpg", "/wp-content/uploads/2024/05/other.jpg",
                    "/wp-content/uploads/%00.jpg"):  # a NUL PostgreSQL would refuse in a query: no query at all
        assert client.get(address, headers={"host": "en.example.org"}).status_code == 404


def test_an_image_an_editor_replaced_no_longer_answers_for_the_old_one(client, imported, tmp_path):
    jpeg(tmp_path / "mine", "mine.jpg")
    with open(tmp_path / "mine" / "mine.jpg", "rb") as handle:
        imported.image = File(handle, name="mine.jpg")
        save_article(article=imported)
    assert client.get("/wp-content/uploads/2024/05/market.jpg", headers={"host": "en.example.org"}).status_code == 404


def test_the_hosts_own_site_is_preferred_when_two_sites_had_the_file(client, imported, tmp_path):
    jpeg(tmp_path / "ar-uploads" / "2024" / "05", "market.jpg", size=(30, 30))
    path = write(tmp_path, "ar.xml", export([
        post(1, "سوق", terms=[NEWS], meta={"_thumbnail_id": "9"}), attachment(9, "2024/05/market.jpg"),
    ], site=AR, language="ar"))
    services.import_files(paths=[path], uploads=str(tmp_path / "ar-uploads"))
    arabic = Article.objects.get(title="سوق")
    assert arabic.image.url != imported.image.url
    address = "/wp-content/uploads/2024/05/market.jpg"
    assert client.get(address, headers={"host": "ar.example.org"})["Location"] == arabic.image.url
    assert client.get(address, headers={"host": "en.example.org"})["Location"] == imported.image.url
    assert client.get(address, headers={"host": "elsewhere.example.net"}).status_code == 404  # which one? neither


def test_a_post_request_is_refused(client, imported):
    assert client.post("/wp-content/uploads/2024/05/market.jpg", headers={"host": "en.example.org"}).status_code == 405


def test_the_names_an_upload_address_may_stand_for():
    assert upload_names("2024/05/photo-300x200.jpg") == {
        "2024/05/photo-300x200.jpg", "2024/05/photo.jpg", "2024/05/photo-scaled.jpg", "2024/05/photo-300x200-scaled.jpg"}
    assert "2024/05/photo.jpg" in upload_names("2024/05/photo-scaled.jpg")
