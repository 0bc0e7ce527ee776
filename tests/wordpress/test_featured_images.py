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


def jpeg(folder, name):
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 10)).save(buffer, "JPEG")
    (folder / name).write_bytes(buffer.getvalue())


def metadata(credit):
    size = len(credit.encode())
    return (f'a:3:{{s:5:"width";i:20;s:6:"height";i:20;s:10:"image_meta";'
            f'a:2:{{s:6:"credit";s:{size}:"{credit}";s:7:"caption";s:0:"";}}}}')


def test_caption_and_credit_come_from_the_attachment(tmp_path):
    jpeg(tmp_path / "uploads" / "2024" / "05", "a.jpg")
    path = write(tmp_path, "en.xml", export([
        post(1, "Camera credit", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(2, "Typed credit", terms=[NEWS], meta={"_thumbnail_id": "10"}),
        post(3, "No credit", terms=[NEWS], meta={"_thumbnail_id": "11"}),
        post(9, "photo", post_type="attachment", status="inherit", excerpt="<p>Bread queue in <b>Homs</b></p>",
             meta={"_wp_attached_file": "2024/05/a.jpg", "_wp_attachment_metadata": metadata("رامي حداد / AFP")}),
        post(10, "photo", post_type="attachment", status="inherit", excerpt="",
             meta={"_wp_attached_file": "2024/05/a.jpg", "_wp_attachment_metadata": metadata("EXIF name"),
                   "_media_credit": "Lina Saleh for Newsroom"}),
        post(11, "photo", post_type="attachment", status="inherit", excerpt="Market",
             meta={"_wp_attached_file": "2024/05/a.jpg"}),
    ]))
    report = services.import_files(paths=[path], language="en", uploads=str(tmp_path / "uploads"))
    images = {a.title: (a.image_caption, a.image_credit) for a in Article.objects.all()}
    assert images == {
        "Camera credit": ("Bread queue in Homs", "رامي حداد / AFP"),
        "Typed credit": ("", "Lina Saleh for Newsroom"),  # what an editor typed wins over the camera's
        "No credit": ("Market", ""),  # a missing credit is no error
    }
    assert report.images == {"attached": 3}
    assert report.attachments == {"read": 3, "with a caption": 2, "credit from image metadata": 1,
                                  "credit from _media_credit": 1}
    assert not report.warnings
    assert "Attachments (captions and credits): credit from _media_credit: 1" in "\n".join(report.lines())


def test_the_alt_text_comes_from_the_attachment_and_stays_apart_from_the_caption(tmp_path):
    jpeg(tmp_path / "uploads", "a.jpg")
    path = write(tmp_path, "en.xml", export([
        post(1, "Story", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(9, "photo", post_type="attachment", status="inherit", excerpt="Queue for bread in Homs",
             meta={"_wp_attached_file": "a.jpg", "_wp_attachment_image_alt": "  A line of people at a bakery  "}),
    ]))
    services.import_files(paths=[path], language="en", uploads=str(tmp_path / "uploads"))
    article = Article.objects.get()
    assert (article.image_alt, article.image_caption) == ("A line of people at a bakery", "Queue for bread in Homs")


def test_metadata_that_is_not_plain_data_is_reported_and_the_image_still_imported(tmp_path):
    jpeg(tmp_path / "uploads", "a.jpg")
    hostile = 'a:1:{s:10:"image_meta";O:8:"stdClass":1:{s:6:"credit";s:4:"evil";}}'
    path = write(tmp_path, "en.xml", export([
        post(1, "Story", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(9, "photo", post_type="attachment", status="inherit", excerpt="Caption kept",
             meta={"_wp_attached_file": "a.jpg", "_wp_attachment_metadata": hostile}),
    ]))
    report = services.import_files(paths=[path], language="en", uploads=str(tmp_path / "uploads"))
    article = Article.objects.get()
    assert article.image and (article.image_caption, article.image_credit) == ("Caption kept", "")
    assert report.attachments["unreadable metadata"] == 1
    assert any("#9" in str(w) and "image metadata not read" in str(w) and "refused type 'O'" in str(w)
               for w in report.warnings)


def test_the_command_takes_images_from_its_uploads_option(tmp_path, capsys):
    from django.core.management import call_command

    jpeg(tmp_path / "uploads" / "2024", "a.jpg")
    path = write(tmp_path, "en.xml", export([
        post(1, "Story", terms=[NEWS], meta={"_thumbnail_id": "9"}), attachment(9, "2024/a.jpg"),
    ]))
    call_command("import_wordpress", path, "--language", "en", "--uploads", str(tmp_path / "uploads"))
    assert Article.objects.get().image_width == 20
    assert "Featured images: attached: 1" in capsys.readouterr().out


def stored_files(settings):
    media = settings.MEDIA_ROOT
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_a_dry_run_stores_no_image_and_reports_the_ones_it_would_attach(tmp_path, settings, capsys):
    from django.core.management import call_command

    jpeg(tmp_path / "uploads" / "2024", "a.jpg")
    path = write(tmp_path, "en.xml", export([
        post(1, "Story", terms=[NEWS], meta={"_thumbnail_id": "9"}), attachment(9, "2024/a.jpg"),
    ]))
    call_command("import_wordpress", path, "--language", "en", "--uploads", str(tmp_path / "uploads"), "--dry-run")
    assert "Featured images: attached: 1" in capsys.readouterr().out
    assert stored_files(settings) == []
    assert not Article.objects.exists()


def test_a_run_without_uploads_counts_the_featured_images_it_left_out(tmp_path):
    path = write(tmp_path, "en.xml", export([
        post(1, "Story", terms=[NEWS], meta={"_thumbnail_id": "9"}), post(2, "Plain", terms=[NEWS]),
        attachment(9, "2024/a.jpg"),
    ]))
    report = services.import_files(paths=[path], language="en")
    assert report.images == {"not attached: no uploads folder given": 1}
    assert "Featured images: not attached: no uploads folder given: 1" in report.lines()


def test_the_command_refuses_an_uploads_folder_that_is_not_there_and_writes_nothing(tmp_path):
    from django.core.management import CommandError, call_command

    path = write(tmp_path, "en.xml", export([post(1, "Story", terms=[NEWS], meta={"_thumbnail_id": "9"})]))
    missing = str(tmp_path / "no-such-folder")
    with pytest.raises(CommandError, match=r"no-such-folder does not exist or is not a folder.*\n.*Nothing was imported"):
        call_command("import_wordpress", path, "--language", "en", "--uploads", missing)
    assert not Article.objects.exists()


def test_the_command_finds_the_images_in_a_copy_that_kept_wp_content_uploads(tmp_path, capsys):
    from django.core.management import call_command

    jpeg(tmp_path / "copy" / "wp-content" / "uploads" / "2024", "a.jpg")
    path = write(tmp_path, "en.xml", export([
        post(1, "Story", terms=[NEWS], meta={"_thumbnail_id": "9"}), attachment(9, "2024/a.jpg"),
    ]))
    call_command("import_wordpress", path, "--language", "en", "--uploads", str(tmp_path / "copy"))
    assert "Featured images: attached: 1" in capsys.readouterr().out
