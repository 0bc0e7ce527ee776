"""Featured images come from a copy of wp-content/uploads, cleaned like any upload; a missing file is reported."""

import io

import pytest
from PIL import Image

from articles.models import Article
from wordpress import services

from .exports import export, post, term, write

pytestmark = pytest.mark.django_db

NEWS = term("category", "news", "News")


def attachment(post_id, path, caption="Aleppo market"):
    return post(post_id, "photo", post_type="attachment", status="inherit", excerpt=caption,
                meta={"_wp_attached_file": path})


def test_featured_image_is_taken_from_the_uploads(tmp_path):
    uploads = tmp_path / "uploads" / "2024" / "05"
    uploads.mkdir(parents=True)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(buffer, "JPEG")
    (uploads / "market.jpg").write_bytes(buffer.getvalue())
    path = write(tmp_path, "en.xml", export([
        post(1, "Market", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(2, "Missing", terms=[NEWS], meta={"_thumbnail_id": "10"}),
        attachment(9, "2024/05/market.jpg"),
        attachment(10, "2024/05/gone.jpg"),
    ]))
    report = services.import_files(paths=[path], language="en", uploads=str(tmp_path / "uploads"))
    market = Article.objects.get(title="Market")
    assert (market.image_width, market.image_height, market.image_caption) == (40, 30, "Aleppo market")
    assert "market" not in market.image.name  # stored under a random name, like every upload
    assert not Article.objects.get(title="Missing").image
    assert report.images == {"attached": 1, "file missing": 1}
    assert any("#2" in str(w) and "gone.jpg" in str(w) for w in report.warnings)


def test_an_attachment_path_cannot_leave_the_uploads(tmp_path):
    (tmp_path / "uploads").mkdir()
    (tmp_path / "secret.jpg").write_bytes(b"not for you")
    path = write(tmp_path, "en.xml", export([
        post(1, "Sneaky", terms=[NEWS], meta={"_thumbnail_id": "9"}), attachment(9, "../secret.jpg"),
    ]))
    report = services.import_files(paths=[path], language="en", uploads=str(tmp_path / "uploads"))
    assert not Article.objects.get().image
    assert report.images == {"file missing": 1}
