"""Featured images come from a copy of wp-content/uploads, cleaned like any upload; a missing file is reported."""

import io

import pytest
from django.core.files import File
from django.utils import translation
from PIL import Image
from reversion.models import Version

from articles.models import Article
from articles.services import save_article
from wordpress import services
from wordpress.models import ImportedPost
from wordpress.report import Report

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


def jpeg(folder, name, size=(20, 20)):
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 200, 10)).save(buffer, "JPEG")
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


# Importing again: a featured image changed in WordPress ----------------------


def photo_site(tmp_path, name, *, thumbnail="9", files=None):
    """Post 1 ("Market") with featured image *thumbnail*; attachments 9 and 10 with their files (*files* overrides)."""
    files = {"9": "2024/a.jpg", "10": "2024/b.jpg", **(files or {})}
    items = [
        post(1, "Market", terms=[NEWS], meta={"_thumbnail_id": thumbnail} if thumbnail else None),
        post(9, "photo", post_type="attachment", status="inherit", excerpt="Old market",
             meta={"_wp_attached_file": files["9"], "_wp_attachment_image_alt": "Stalls"}),
        post(10, "photo", post_type="attachment", status="inherit", excerpt="New market",
             meta={"_wp_attached_file": files["10"], "_wp_attachment_image_alt": "A crowd"}),
    ]
    return [write(tmp_path, f"{name}.xml", export(items))]


@pytest.fixture
def uploads(tmp_path):
    """The uploads copy: a.jpg (20×20), b.jpg (30×10), c.jpg (12×12)."""
    folder = tmp_path / "uploads"
    jpeg(folder / "2024", "a.jpg")
    jpeg(folder / "2024", "b.jpg", size=(30, 10))
    jpeg(folder / "2024", "c.jpg", size=(12, 12))
    return str(folder)


def market():
    return Article.objects.get(title="Market")


def revisions(article):
    return Version.objects.get_for_object(article).count()


def record():
    return ImportedPost.objects.get(wp_id=1)


CHANGES = {
    "another attachment": {"thumbnail": "10"},  # the editor picked another photo in WordPress
    "another file": {"files": {"9": "2024/c.jpg"}},  # the same attachment's file replaced (a plugin, a re-upload)
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_featured_image_changed_in_wordpress_replaces_the_one_the_import_stored(tmp_path, uploads, settings, change):
    services.import_files(paths=photo_site(tmp_path, "first"), uploads=uploads)
    old = market().image.name
    assert (record().image_attachment_id, record().image_attached_file, record().image_stored_as) == (9, "2024/a.jpg", old)

    report = services.import_files(paths=photo_site(tmp_path, "second", **change), uploads=uploads)

    assert report.images == {"replaced": 1} and not report.warnings
    article = market()
    expected = ("New market", "A crowd") if "thumbnail" in change else ("Old market", "Stalls")
    assert (article.image_caption, article.image_alt) == expected
    assert (article.image_width, article.image_height) == ((30, 10) if "thumbnail" in change else (12, 12))
    assert article.image.name != old and article.image_variants == ""  # the new file's copies are made by the job
    wanted_id, wanted_file = (10, "2024/b.jpg") if "thumbnail" in change else (9, "2024/c.jpg")
    assert (record().image_attachment_id, record().image_attached_file) == (wanted_id, wanted_file)
    assert record().image_stored_as == article.image.name
    assert record().article_version == article.edit_version  # the import's own write is no editor's edit
    # The old file is not deleted: the article's earlier revision still names it.
    assert settings.MEDIA_ROOT / old in stored_files(settings)
    assert "Featured images: replaced: 1" in report.lines()


def test_the_command_and_the_admin_report_show_a_replaced_image_in_the_readers_language(tmp_path, uploads, capsys):
    from django.core.management import call_command

    services.import_files(paths=photo_site(tmp_path, "first"), uploads=uploads)
    call_command("import_wordpress", *photo_site(tmp_path, "second", thumbnail="10"), "--uploads", uploads)
    assert "Featured images: replaced: 1" in capsys.readouterr().out
    report = services.import_files(paths=photo_site(tmp_path, "third", thumbnail="9"), uploads=uploads)
    with translation.override("ar"):
        lines = Report.from_dict(report.as_dict()).lines()  # as the admin shows a stored run
    assert "الصور الرئيسية: استُبدلت: 1" in lines


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_featured_image_changed_in_wordpress_is_left_and_warned_about_when_the_article_was_edited(
    tmp_path, uploads, editor, change
):
    services.import_files(paths=photo_site(tmp_path, "first"), uploads=uploads)
    typed = market()
    typed.image_caption = "Old market, corrected"
    save_article(article=typed, by=editor, seen_version=typed.edit_version)
    image = market().image.name

    report = services.import_files(paths=photo_site(tmp_path, "second", **change), uploads=uploads)

    assert report.images == {"left out: article edited in Newsroom": 1}
    article = market()
    assert (article.image.name, article.image_caption) == (image, "Old market, corrected")
    shown = "2024/b.jpg" if "thumbnail" in change else "2024/c.jpg"
    assert any(str(w).startswith(f"en.example.org #1 'Market': featured image not replaced: WordPress shows {shown} now")
               for w in report.warnings), [str(w) for w in report.warnings]
    assert record().image_attachment_id == 9  # still the image the import stored


def test_an_unchanged_featured_image_is_already_there_and_writes_nothing(tmp_path, uploads):
    services.import_files(paths=photo_site(tmp_path, "first"), uploads=uploads)
    before = market()
    assert record().image_attachment_id == 9

    report = services.import_files(paths=photo_site(tmp_path, "second"), uploads=uploads)

    assert report.images == {"already there": 1}
    after = market()
    assert (after.image.name, after.edit_version, revisions(after)) == (before.image.name, before.edit_version, revisions(before))
    assert (record().image_attachment_id, record().image_attached_file) == (9, "2024/a.jpg")


def test_a_dry_run_reports_the_replacement_and_writes_nothing(tmp_path, uploads, settings):
    services.import_files(paths=photo_site(tmp_path, "first"), uploads=uploads)
    before, files = market(), stored_files(settings)
    remembered = record().image_attachment_id, record().image_attached_file, record().image_stored_as

    report = services.import_files(paths=photo_site(tmp_path, "second", thumbnail="10"), uploads=uploads, dry_run=True)

    assert report.images == {"replaced": 1}
    after = market()
    assert (after.image.name, after.image_caption, after.edit_version) == (before.image.name, "Old market", before.edit_version)
    assert stored_files(settings) == files
    assert (record().image_attachment_id, record().image_attached_file, record().image_stored_as) == remembered


def test_an_image_an_editor_put_in_place_of_the_imported_one_is_never_replaced(tmp_path, uploads, editor):
    services.import_files(paths=photo_site(tmp_path, "first"), uploads=uploads)
    typed = market()
    with open(tmp_path / "uploads" / "2024" / "c.jpg", "rb") as handle:
        typed.image = File(handle, name="editors.jpg")  # the editor's own photograph
        save_article(article=typed, by=editor, seen_version=typed.edit_version)
    editors = market().image.name

    # WordPress changed the post's image; the desk takes WordPress's version of edited posts.
    report = services.import_files(paths=photo_site(tmp_path, "second", thumbnail="10"), uploads=uploads,
                                   overwrite_edits=True)

    assert report.images == {"left out: article edited in Newsroom": 1}
    assert market().image.name == editors
    assert any("featured image not replaced" in str(w) for w in report.warnings)


def test_an_image_an_editor_set_where_the_import_stored_none_is_never_replaced(tmp_path, uploads, editor):
    services.import_files(paths=photo_site(tmp_path, "first", thumbnail=""), uploads=uploads)
    typed = market()
    with open(tmp_path / "uploads" / "2024" / "c.jpg", "rb") as handle:
        typed.image = File(handle, name="editors.jpg")
        save_article(article=typed, by=editor, seen_version=typed.edit_version)
    editors = market().image.name

    for run, overwrite in (("second", False), ("third", True)):
        report = services.import_files(paths=photo_site(tmp_path, run, thumbnail="10"), uploads=uploads,
                                       overwrite_edits=overwrite)
        assert report.images == {"already there": 1}
        assert market().image.name == editors
    assert record().image_attachment_id is None  # the record claims no image it did not store


def test_an_image_imported_before_its_origin_was_kept_is_left_as_it_is(tmp_path, uploads):
    services.import_files(paths=photo_site(tmp_path, "first"), uploads=uploads)
    ImportedPost.objects.update(image_attachment_id=None, image_attached_file="", image_stored_as="")  # as before
    image = market().image.name

    report = services.import_files(paths=photo_site(tmp_path, "second", thumbnail="10"), uploads=uploads)

    assert report.images == {"already there": 1}  # it cannot know which attachment the image came from
    assert market().image.name == image
