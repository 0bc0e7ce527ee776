"""Uploaded photos are stored without anything that could betray a photographer or a source.

Photos are uploaded the way an editor does it, through the admin's article
form, and the stored bytes are read back: no EXIF, GPS, serial number, XMP,
IPTC or text chunks; upright; under a random name. Files the site does not
take are refused with an error on the form, and nothing is stored.
"""

import io
import random
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.images import sanitize_image
from articles.models import Article
from tests.admin_forms import admin_form_data
from tests.articles import photos
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from translations.services import create_translation

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^articles/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp)$")
ORIGINAL_NAME = "ahmad-at-the-douma-checkpoint"


def upload(data, name=f"{ORIGINAL_NAME}.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def add_article_with(client, image):
    """Post the admin's add form as an editor fills it in, with *image* in the file input."""
    typed = {
        "language": "en",
        "title": "Bakeries ration bread in Idlib",
        "slug": "bakeries-ration-bread-in-idlib",
        "authors": [AuthorFactory().pk],
        "section": SectionFactory().pk,
        "status": "draft",
        "image": image,
    }
    url = reverse("admin:articles_article_add")
    return client.post(url, admin_form_data(client.get(url), **typed))


def stored_bytes(article):
    with default_storage.open(article.image.name) as stored:
        return stored.read()


def stored_files(settings):
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def image_errors(response):
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors.get("image", [])


# What is stored ---------------------------------------------------------------


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_an_uploaded_photo_is_stored_without_gps_serial_number_xmp_or_iptc(editor_client, format):
    response = add_article_with(editor_client, upload(photos.photo(format)))
    assert response.status_code == 302
    article = Article.objects.get()
    photos.assert_clean(stored_bytes(article))


def test_the_exif_orientation_is_applied_to_the_pixels(editor_client):
    # Orientation 6: the camera was held upright, the sensor wrote the picture on its side.
    add_article_with(editor_client, upload(photos.photo("JPEG", size=(48, 32), orientation=6)))
    article = Article.objects.get()
    stored = Image.open(io.BytesIO(stored_bytes(article))).convert("RGB")
    assert stored.size == (32, 48)
    assert (article.image_width, article.image_height) == (32, 48)
    # The picture's left (red) half is now on top, as the photographer saw it.
    assert _close(stored.getpixel((16, 4)), photos.RED) and _close(stored.getpixel((16, 44)), photos.BLUE)


def _close(colour, expected, tolerance=24):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_a_png_is_cleaned_losslessly(editor_client):
    add_article_with(editor_client, upload(photos.photo("PNG", orientation=1), name="x.png", content_type="image/png"))
    data = stored_bytes(Article.objects.get())
    photos.assert_clean(data)
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "PNG"
    assert stored.convert("RGB").tobytes() == photos.halves().tobytes()


def test_the_stored_name_is_random_and_never_the_uploaders(editor_client):
    add_article_with(editor_client, upload(photos.photo()))
    name = Article.objects.get().image.name
    assert RANDOM_NAME.match(name) and ORIGINAL_NAME not in name
    # Another upload of a file with the same name gets a name of its own.
    second = sanitize_image(ContentFile(photos.photo(), name=f"{ORIGINAL_NAME}.jpg"))
    assert second.name != Path(name).name


def test_a_jpeg_named_png_is_accepted_and_stored_as_a_jpeg(editor_client):
    response = add_article_with(editor_client, upload(photos.photo(), name="photo.png", content_type="image/png"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.image.name.endswith(".jpg")
    assert Image.open(io.BytesIO(stored_bytes(article))).format == "JPEG"


def test_jpeg_quality_stays_good_and_the_colours_true(editor_client):
    add_article_with(editor_client, upload(photos.photo(orientation=1)))
    stored = Image.open(io.BytesIO(stored_bytes(Article.objects.get())))
    # The sRGB profile was applied and dropped: browsers read an untagged image as sRGB.
    assert "icc_profile" not in stored.info
    assert _close(stored.convert("RGB").getpixel((4, 16)), photos.RED)
    assert _close(stored.convert("RGB").getpixel((44, 16)), photos.BLUE)


def test_colours_in_another_profile_are_converted_to_srgb(editor_client):
    # In this profile the picture's left half, written (220, 20, 20), looks blue.
    data = photos.photo("PNG", orientation=1, icc_profile=photos.swapped_profile())
    add_article_with(editor_client, upload(data, name="x.png", content_type="image/png"))
    stored = Image.open(io.BytesIO(stored_bytes(Article.objects.get())))
    assert "icc_profile" not in stored.info
    assert _close(stored.convert("RGB").getpixel((4, 16)), photos.BLUE, tolerance=4)


def test_a_cmyk_jpeg_is_stored_as_rgb_which_browsers_draw(editor_client):
    buffer = io.BytesIO()
    photos.halves().convert("CMYK").save(buffer, format="JPEG", exif=photos.camera_exif(1))
    add_article_with(editor_client, upload(buffer.getvalue()))
    data = stored_bytes(Article.objects.get())
    photos.assert_clean(data)
    assert Image.open(io.BytesIO(data)).mode == "RGB"


def test_a_multi_picture_jpeg_from_a_phone_is_stored_as_one_plain_jpeg(editor_client):
    buffer = io.BytesIO()
    second = photos.halves().transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    photos.halves().save(buffer, format="MPO", save_all=True, append_images=[second], exif=photos.camera_exif(1))
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    add_article_with(editor_client, upload(buffer.getvalue()))
    data = stored_bytes(Article.objects.get())
    photos.assert_clean(data)
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1 and "mp" not in stored.info


def test_the_form_tells_the_editor_what_is_taken_and_what_is_removed(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert 'accept="image/jpeg,image/png,image/webp"' in response.text
    assert "Location, camera and other hidden details are removed" in response.text


# What is refused --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [photos.plain("GIF"), photos.plain("PDF"), photos.plain("BMP"), b"<svg xmlns='http://www.w3.org/2000/svg'/>"],
    ids=["gif", "pdf", "bmp", "svg"],
)
def test_a_file_that_is_not_jpeg_png_or_webp_is_refused_whatever_its_name(editor_client, settings, data):
    response = add_article_with(editor_client, upload(data, name="photo.jpg"))
    assert image_errors(response) == [
        "Upload a photo in JPEG, PNG or WebP format. This file is in another format, whatever its name says."
    ]
    assert not Article.objects.exists() and stored_files(settings) == []


def test_a_damaged_photo_is_refused(editor_client, settings):
    response = add_article_with(editor_client, upload(photos.photo()[:600]))
    assert "This image could not be read" in image_errors(response)[0]
    assert not Article.objects.exists() and stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(editor_client, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1000
    response = add_article_with(editor_client, upload(photos.photo()))
    [error] = image_errors(response)
    assert error.startswith("This file is ") and "an image may be at most 1000\xa0bytes" in error
    assert not Article.objects.exists() and stored_files(settings) == []


def test_an_image_over_the_pixel_limit_is_refused(editor_client, settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1_000  # the photo has 48 × 32 = 1,536
    response = add_article_with(editor_client, upload(photos.photo()))
    assert image_errors(response) == [
        "This image has too many pixels: an image may have at most 0.001 megapixels. "
        "Export a smaller version and upload that."
    ]
    assert not Article.objects.exists() and stored_files(settings) == []


def test_a_decompression_bomb_is_refused_before_it_is_decoded(editor_client, settings):
    # 400 megapixels declared in a file of a few hundred bytes.
    response = add_article_with(editor_client, upload(photos.png_claiming(20_000, 20_000), name="x.png"))
    assert "too many pixels" in image_errors(response)[0]
    assert not Article.objects.exists() and stored_files(settings) == []


def test_the_errors_are_in_arabic_for_an_arabic_editor(editor_client, settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 1_000
    editor_client.cookies["newsroom_language"] = "ar"
    response = add_article_with(editor_client, upload(photos.plain("GIF")))
    assert image_errors(response) == ["ارفع صورة بصيغة JPEG أو PNG أو WebP. هذا الملف بصيغة أخرى، أيًّا كان ما يقوله اسمه."]
    response = add_article_with(editor_client, upload(photos.photo()))
    assert "في هذه الصورة عدد كبير جدًا من البكسلات" in image_errors(response)[0]


# Every way in ------------------------------------------------------------------


def test_replacing_the_image_on_the_change_form_cleans_the_new_one(editor_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(
        url, admin_form_data(editor_client.get(url), image=upload(photos.photo("WEBP"), name="x.webp"))
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert RANDOM_NAME.match(article.image.name) and article.image.name.endswith(".webp")
    photos.assert_clean(stored_bytes(article))


def test_a_file_assigned_in_code_is_cleaned_too():
    # An importer or a command does not go through the form.
    article = ArticleFactory(image=ContentFile(photos.photo(), name=f"{ORIGINAL_NAME}.jpg"))
    assert RANDOM_NAME.match(article.image.name)
    assert (article.image_width, article.image_height) == (32, 48)
    photos.assert_clean(stored_bytes(article))
    article.image.save(f"{ORIGINAL_NAME}.png", ContentFile(photos.photo("PNG"), name="x.png"))
    assert RANDOM_NAME.match(article.image.name) and article.image.name.endswith(".png")
    photos.assert_clean(stored_bytes(article))


def test_a_file_assigned_in_code_that_is_not_an_image_is_not_stored(settings):
    with pytest.raises(ValidationError):
        ArticleFactory(image=ContentFile(photos.plain("GIF"), name="photo.jpg"))
    assert stored_files(settings) == []


def test_saving_an_article_again_keeps_its_clean_image_as_it_is(editor_client):
    article = ArticleFactory(image=ContentFile(photos.photo(), name="x.jpg"))
    name, data = article.image.name, stored_bytes(article)
    photos.assert_clean(data)
    url = reverse("admin:articles_article_change", args=[article.pk])
    editor_client.post(url, admin_form_data(editor_client.get(url), title="A new headline"))
    article.refresh_from_db()
    assert article.title == "A new headline"
    assert article.image.name == name and stored_bytes(article) == data


def test_a_translation_shares_its_sources_file_without_encoding_it_again(editor, settings):
    source = ArticleFactory(image=ContentFile(photos.photo(), name="x.jpg"))
    files_before, data = stored_files(settings), stored_bytes(source)
    draft = create_translation(source=source, language="ar", by=editor)
    assert draft.image.name == source.image.name and stored_bytes(draft) == data
    assert (draft.image_width, draft.image_height) == (source.image_width, source.image_height) == (32, 48)
    assert stored_files(settings) == files_before


# Damaged files ------------------------------------------------------------------


def damaged_copies(count, seed=9):
    """*count* test photos with random bytes changed or cut out, the same ones on every run."""
    rng = random.Random(seed)
    originals = [photos.photo(format) for format in ("JPEG", "PNG", "WEBP")]
    for _ in range(count):
        data = bytearray(rng.choice(originals))
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[position] = rng.randrange(256)
            else:
                del data[position:position + rng.randint(1, 30)]
        yield bytes(data)


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow's notes about the broken EXIF it skips
def test_a_damaged_file_is_refused_or_cleaned_never_a_crash():
    for data in damaged_copies(400):
        try:
            cleaned = sanitize_image(ContentFile(data, name="x.jpg"))
        except ValidationError as error:
            assert error.code in {"unsupported_format", "invalid_image", "too_many_pixels"}
        else:
            photos.assert_clean(cleaned.read())


# The stored size, for feed enclosures -------------------------------------------------------


def test_the_stored_size_is_kept_on_the_row_for_every_version(editor):
    from tests.pages import jpeg_file

    source = ArticleFactory(image=jpeg_file(size=(320, 200)))
    assert source.image_bytes == default_storage.size(source.image.name) > 0
    translation = create_translation(source=source, language="ar", by=editor)
    assert Article.objects.get(pk=translation.pk).image_bytes == source.image_bytes


def test_reading_articles_never_asks_the_storage_for_sizes(monkeypatch):
    from tests.pages import jpeg_file

    ArticleFactory(image=jpeg_file())

    def no_storage_calls(*args, **kwargs):
        raise AssertionError("a row read asked the storage for a size")

    monkeypatch.setattr(default_storage, "size", no_storage_calls)
    article = Article.objects.get()
    assert article.image_bytes > 0
    assert list(Article.objects.only("pk", "image"))  # a deferred size is left alone too


BEFORE_SIZES = [("articles", "0011_publish_permission")]
AFTER_SIZES = [("articles", "0012_image_bytes")]


@pytest.fixture
def size_migrator(transactional_db):
    """Migrations run back to before the stored size; the schema is put back afterwards whatever happens."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_SIZES)
    yield executor
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_images_stored_before_sizes_were_kept_get_their_size(size_migrator):
    apps = size_migrator.loader.project_state(BEFORE_SIZES).apps
    section = apps.get_model("articles", "Section").objects.create(name_en="Economy", slug_en="economy", slug_ar="اقتصاد")
    Old = apps.get_model("articles", "Article")
    name = default_storage.save("articles/2024/01/old.jpg", ContentFile(b"x" * 1234))
    # Dimensions given, as stored rows have them, so creating the rows does not open the files.
    sized = {"section": section, "language": "en", "image_width": 1, "image_height": 1}
    Old.objects.create(title="With a picture", slug="with", image=name, **sized)
    Old.objects.create(title="Lost picture", slug="lost", image="articles/gone.jpg", **sized)
    Old.objects.create(title="No picture", slug="none", section=section, language="en")
    size_migrator.loader.build_graph()
    size_migrator.migrate(AFTER_SIZES)
    New = size_migrator.loader.project_state(AFTER_SIZES).apps.get_model("articles", "Article")
    assert dict(New.objects.values_list("slug", "image_bytes")) == {"with": 1234, "lost": None, "none": None}
