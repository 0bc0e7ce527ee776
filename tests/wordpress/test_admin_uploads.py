"""Featured images for an import started in the admin: an uploaded zip, or a folder under the server's uploads root."""

import io
import os
import tempfile
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article
from tests.factories import EditorFactory
from wordpress.models import ImportRun

from .exports import export, post, term

pytestmark = pytest.mark.django_db(transaction=True)

NEWS = term("category", "news", "News")
IMPORT_URL = "admin:wordpress_importrun_import"


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (30, 60, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def site_export():
    return SimpleUploadedFile("site.xml", export([
        post(1, "Market", terms=[NEWS], meta={"_thumbnail_id": "9"}),
        post(9, "photo", post_type="attachment", status="inherit", excerpt="Aleppo market",
             meta={"_wp_attached_file": "2024/05/market.jpg", "_media_credit": "Rami Haddad"}),
    ]).encode(), content_type="text/xml")


def zipped(members, name="uploads.zip"):
    """A zip of *members*: ``{name: bytes}``, or ``{name: (bytes, ZipInfo tweak)}``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            info = zipfile.ZipInfo(member)
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(data, tuple):
                data, tweak = data
                tweak(info)
            archive.writestr(info, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


@pytest.fixture
def boss(client):
    client.force_login(EditorFactory(username="boss"))
    return client


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Where the job's temporary folders go, to see them removed."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_zip_of_the_uploads_brings_the_featured_images(boss, database_backend, run_worker, private_tmp):
    archive = zipped({
        "wp-content/uploads/2024/05/market.jpg": jpeg_bytes(),
        "wp-content/uploads/2024/05/market-300x200.jpg": jpeg_bytes(),
        "wp-content/uploads/2024/05/annual-report.pdf": b"%PDF-1.4",
        "wp-content/uploads/index.php": b"<?php // Silence is golden.",
    })
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_zip": archive})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.uploads["name"] == "uploads.zip"
    stored = run.uploads["stored"]
    assert default_storage.exists(stored) and not Article.objects.exists()

    run_worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE, run.error
    article = Article.objects.get()
    assert (article.image_width, article.image_caption, article.image_credit) == (24, "Aleppo market", "Rami Haddad")
    assert run.report["images"] == {"attached": 1}
    assert run.report["uploads_left_out"] == {".pdf": 1, ".php": 1}
    assert not default_storage.exists(stored)  # the zip is not kept
    assert not os.listdir(private_tmp)  # nor what was extracted from it
    page = boss.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).text
    assert "Zip uploads.zip" in page and "Files of the uploads zip left out (not images): .pdf: 1, .php: 1" in page


def symlink(info):
    info.external_attr = 0o120777 << 16


@pytest.mark.parametrize("members, error", [
    ({"../../etc/cron.d/evil.jpg": b"x", "ok.jpg": b"y"}, "would land outside its folder: ../../etc/cron.d/evil.jpg"),
    ({"/etc/evil.jpg": b"x"}, "would land outside its folder"),
    ({"C:/evil.jpg": b"x"}, "would land outside its folder"),
    ({"uploads/link.jpg": (b"/etc/passwd", symlink)}, "would land outside its folder: uploads/link.jpg"),
    ({"uploads/bomb.jpg": b"\0" * (3 * 1024 * 1024)}, "compressed suspiciously well"),
    ({"readme.txt": b"hello", "wp-config.php": b"<?php"}, "holds no images"),
], ids=["dot-dot", "absolute", "drive letter", "symlink", "zip bomb", "no images"])
def test_a_hostile_or_useless_zip_is_a_form_error_and_nothing_is_queued(boss, members, error):
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_zip": zipped(members)})
    assert response.status_code == 200
    assert any(error in message for message in response.context["form"].errors["uploads_zip"])
    assert not ImportRun.objects.exists()


def test_a_file_that_is_not_a_zip_is_a_form_error(boss):
    fake = SimpleUploadedFile("uploads.zip", b"PK\x03\x04 this is not really a zip", content_type="application/zip")
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_zip": fake})
    assert response.context["form"].errors["uploads_zip"] == ["This is not a zip file that can be read."]


def test_zip_limits_are_form_errors(boss, settings):
    settings.NEWSROOM_WORDPRESS_ZIP_MAX_FILES = 2
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()],
                                                "uploads_zip": zipped({f"2024/{n}.jpg": b"x" for n in range(3)})})
    assert response.context["form"].errors["uploads_zip"] == ["The zip holds more than 2 files."]
    settings.NEWSROOM_WORDPRESS_ZIP_MAX_FILES, settings.NEWSROOM_WORDPRESS_ZIP_MAX_BYTES = 100, 1024
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()],
                                                "uploads_zip": zipped({f"2024/{n}.jpg": b"x" * 600 for n in range(2)})})
    assert response.context["form"].errors["uploads_zip"] == ["The zip's images add up to more than 1.0\xa0KB once extracted."]
    assert not ImportRun.objects.exists()


def test_the_job_checks_the_zip_again_while_extracting(boss, database_backend, run_worker, private_tmp, settings):
    boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_zip": zipped({"2024/05/market.jpg": jpeg_bytes()})})
    settings.NEWSROOM_WORDPRESS_ZIP_MAX_BYTES = 100  # lowered after the upload: the job must still refuse
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    assert run.error == "The zip's images add up to more than 100\xa0bytes once extracted."
    assert not Article.objects.exists() and not os.listdir(private_tmp)
    assert not default_storage.exists(run.uploads["stored"])


@pytest.fixture
def uploads_root(tmp_path, settings):
    root = tmp_path / "root"
    images = root / "en-site" / "wp-content" / "uploads" / "2024" / "05"
    images.mkdir(parents=True)
    (images / "market.jpg").write_bytes(jpeg_bytes())
    (root / ".hidden").mkdir()
    outside = tmp_path / "outside"
    (outside / "2024" / "05").mkdir(parents=True)
    (outside / "2024" / "05" / "market.jpg").write_bytes(jpeg_bytes())
    os.symlink(outside, root / "escape")  # a symlink leading out of the root is never offered nor read
    settings.NEWSROOM_WORDPRESS_UPLOADS_ROOT = str(root)
    return root


def test_a_folder_under_the_uploads_root_can_be_chosen(boss, uploads_root, database_backend, run_worker):
    form = boss.get(reverse(IMPORT_URL)).context["form"]
    assert [value for value, _label in form.fields["uploads_folder"].choices] == ["", "en-site"]
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_folder": "en-site"})
    assert response.status_code == 302
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE and run.uploads == {"folder": "en-site"}
    assert Article.objects.get().image_width == 24
    assert (uploads_root / "en-site" / "wp-content" / "uploads" / "2024" / "05" / "market.jpg").exists()  # left as it was


@pytest.mark.parametrize("folder", ["escape", "..", "../outside", "/etc", ".hidden", "nowhere"])
def test_a_folder_outside_the_list_is_refused(boss, uploads_root, folder):
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_folder": folder})
    assert response.status_code == 200 and response.context["form"].errors["uploads_folder"]
    assert not ImportRun.objects.exists()


def test_the_job_checks_the_folder_again(boss, uploads_root, database_backend, run_worker, tmp_path):
    boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_folder": "en-site"})
    os.rename(uploads_root / "en-site", tmp_path / "moved")
    os.symlink(tmp_path / "outside", uploads_root / "en-site")  # swapped for a way out before the job ran
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.error == "The folder en-site is not in the uploads folder."
    assert not Article.objects.exists()


def test_a_symlink_inside_a_folder_leads_nowhere_outside(boss, uploads_root, database_backend, run_worker, tmp_path):
    elsewhere = tmp_path / "elsewhere" / "uploads" / "2024" / "05"
    elsewhere.mkdir(parents=True)
    (elsewhere / "market.jpg").write_bytes(jpeg_bytes())
    (uploads_root / "ar-site").mkdir()
    os.symlink(tmp_path / "elsewhere", uploads_root / "ar-site" / "wp-content")  # its uploads are outside the root
    boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_folder": "ar-site"})
    run_worker()
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE and run.report["images"] == {"file missing": 1}
    assert not Article.objects.get().image


@pytest.mark.parametrize("root", ["", "unset"])
def test_without_an_uploads_root_no_folder_is_offered(boss, settings, root):
    if root == "unset":
        del settings.NEWSROOM_WORDPRESS_UPLOADS_ROOT  # a project that leaves the setting out
    else:
        settings.NEWSROOM_WORDPRESS_UPLOADS_ROOT = root
    assert "uploads_folder" not in boss.get(reverse(IMPORT_URL)).context["form"].fields


def test_a_folder_and_a_zip_together_is_a_form_error(boss, uploads_root):
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_folder": "en-site",
                                                "uploads_zip": zipped({"a.jpg": jpeg_bytes()})})
    assert response.context["form"].non_field_errors() == [
        "Give the featured images either as a folder or as a zip, not both."]


def test_a_zip_declaring_too_many_files_is_refused_before_its_contents_are_read(boss, settings, monkeypatch):
    settings.NEWSROOM_WORDPRESS_ZIP_MAX_FILES = 2
    archive = zipped({f"2024/{n}.jpg": b"x" for n in range(3)})
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: opened.append(self))
    response = boss.post(reverse(IMPORT_URL), {"files": [site_export()], "uploads_zip": archive})
    assert response.context["form"].errors["uploads_zip"] == ["The zip holds more than 2 files."]
    assert opened == []  # refused from its end record: its table of contents was never loaded
