"""``manage.py clean_stored_images`` cleans the photos stored before uploads were cleaned on arrival."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article
from tests.articles import photos
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

OLD_NAME = "articles/2024/05/ahmad-at-the-douma-checkpoint.jpg"
RANDOM_NAME = re.compile(r"^articles/\d{4}/\d{2}/[0-9a-f]{32}\.jpg$")


def stored_as_uploaded(name=OLD_NAME, data=None):
    """A file stored byte for byte, as uploads were before they were cleaned."""
    return default_storage.save(name, ContentFile(photos.photo() if data is None else data))


def story_sharing(name):
    """An English article and its Arabic version, both using the stored file *name*."""
    english = ArticleFactory(image=name)
    return english, ArticleFactory(arabic=True, translation_key=english.translation_key, image=name)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("clean_stored_images", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_a_stored_photo_is_cleaned_for_every_article_that_uses_it():
    english, arabic = story_sharing(stored_as_uploaded())
    assert (english.image_width, english.image_height) == (48, 32)
    updated_at = english.updated_at
    assert "1 images cleaned, 0 already clean, 0 failed." in run()
    english.refresh_from_db()
    arabic.refresh_from_db()
    assert RANDOM_NAME.match(english.image.name) and arabic.image.name == english.image.name
    with default_storage.open(english.image.name) as stored:
        photos.assert_clean(stored.read())
    assert (english.image_width, english.image_height) == (32, 48)  # turned upright
    # The original, metadata and all, is no longer on the site; the edit is not an editorial change.
    assert not default_storage.exists(OLD_NAME)
    assert english.updated_at == updated_at


def test_running_it_again_changes_nothing():
    english, _arabic = story_sharing(stored_as_uploaded())
    run()
    english.refresh_from_db()
    name, data = english.image.name, default_storage.open(english.image.name).read()
    assert "0 images cleaned, 1 already clean, 0 failed." in run()
    english.refresh_from_db()
    assert english.image.name == name and default_storage.open(name).read() == data


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_an_image_uploaded_since_the_fix_counts_as_clean(format):
    article = ArticleFactory(image=ContentFile(photos.photo(format), name="x"))
    assert "0 images cleaned, 1 already clean, 0 failed." in run()
    assert Article.objects.get().image.name == article.image.name


def test_a_dry_run_reports_and_changes_nothing():
    english, _arabic = story_sharing(stored_as_uploaded())
    output = run("--dry-run")
    assert f"{OLD_NAME}: would be cleaned (2 articles)" in output
    assert "1 images would be cleaned, 0 already clean, 0 failed." in output
    english.refresh_from_db()
    assert english.image.name == OLD_NAME and default_storage.exists(OLD_NAME)
    assert len(default_storage.listdir("articles/2024/05")[1]) == 1


def test_a_file_that_cannot_be_cleaned_is_reported_and_kept_and_the_others_are_cleaned():
    gif = stored_as_uploaded("articles/2024/05/animation.gif", photos.plain("GIF"))
    good = ArticleFactory(image=stored_as_uploaded())
    with_gif = ArticleFactory(image=gif)
    missing = ArticleFactory(image="articles/2024/05/gone.jpg", image_width=48, image_height=32)
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 images could not be cleaned"):
        call_command("clean_stored_images", stdout=io.StringIO(), stderr=err)
    assert f"{gif}: not cleaned: Upload a photo in JPEG, PNG or WebP format." in err.getvalue()
    assert "articles/2024/05/gone.jpg: not cleaned: the file could not be read" in err.getvalue()
    names = dict(Article.objects.values_list("pk", "image"))
    assert RANDOM_NAME.match(names[good.pk])
    assert names[with_gif.pk] == gif and default_storage.open(gif).read() == photos.plain("GIF")
    assert names[missing.pk] == "articles/2024/05/gone.jpg"


def test_a_file_with_a_random_looking_name_but_metadata_is_still_cleaned():
    name = stored_as_uploaded(f"articles/2024/05/{'ab' * 16}.jpg")
    article = ArticleFactory(image=name)
    assert "1 images cleaned" in run()
    article.refresh_from_db()
    assert article.image.name != name
    assert Image.open(default_storage.open(article.image.name)).getexif() == {}


def test_files_no_article_uses_are_reported_and_left_alone():
    ArticleFactory(image=stored_as_uploaded())
    replaced = stored_as_uploaded("articles/2023/02/replaced-photo.jpg")
    output = run()
    assert "1 stored files are used by no article" in output and f"  {replaced}\n" in output
    assert default_storage.exists(replaced)
