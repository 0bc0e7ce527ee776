"""Cleaning article images stored before uploads were re-encoded (``manage.py clean_stored_images``).

Each stored file is re-encoded by ``articles.images.sanitize_image`` into a
new file with a random name; every article using the old file (the language
versions of a story share one) is pointed at the new one, and only then is
the old file deleted, with its resized copies (the new file's are made by a
job). A file that cannot be cleaned is left exactly as it was.
A file this module or an upload wrote already is recognised and skipped, so
running it again changes nothing and costs no JPEG generation loss.
"""

import enum
import os
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from PIL import Image

from jobs import queue

from . import tasks, variants
from .images import DECODERS, EXTENSIONS, sanitize_image
from .models import Article

#: The name ``sanitize_image`` gives a file: 32 hexadecimal digits and the format's extension.
RANDOM_NAME = re.compile(r"(?:^|/)[0-9a-f]{32}\.(jpg|png|webp)$")
#: What a re-encoded file may still say about itself: how to draw it, nothing about who made it or where.
DRAWING_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression",
                "background", "loop", "duration", "timestamp", "transparency"}


class Outcome(enum.Enum):
    CLEANED = "cleaned"
    WOULD_CLEAN = "would be cleaned"
    ALREADY_CLEAN = "already clean"
    FAILED = "failed"


@dataclass
class Result:
    name: str
    outcome: Outcome
    new_name: str = ""
    articles: int = 0
    reason: str = ""


def stored_image_names():
    """Every stored file some article uses, each once."""
    return Article.objects.exclude(image="").order_by("image").values_list("image", flat=True).distinct()


def images_without_variants(*, batch=100, limit=None):
    """The stored images no resized copies were made of yet, each file once, in name order, a batch at a time.

    Read by name from where the last batch stopped, so a file that fails
    (and keeps no copies) is not met again, however large the archive.
    """
    after, given = "", 0
    while limit is None or given < limit:
        size = batch if limit is None else min(batch, limit - given)
        names = list(
            Article.objects.filter(image_variants="", image__gt=after)
            .order_by("image")
            .values_list("image", flat=True)
            .distinct()[:size]
        )
        yield from names
        given += len(names)
        if len(names) < size:
            return
        after = names[-1]


def unused_files():
    """Files in the images' folder that no article uses: Django leaves a replaced image on disk.

    A resized copy (``articles/variants.py``) belongs to its original: it is
    in use exactly when the original is, whichever language version uses it.
    They are only reported: one may have been uploaded a moment ago by a form
    whose article is not saved yet.
    """
    field = Article._meta.get_field("image")
    folder = str(field.upload_to).split("/")[0]
    used = set(stored_image_names())
    used_stems = {os.path.splitext(name)[0] for name in used}
    return sorted(
        name
        for name in _files_under(field.storage, folder)
        if name not in used and variants.original_stem(name) not in used_stems
    )


def _files_under(storage, folder):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from (f"{folder}/{name}" for name in files)
    for name in folders:
        yield from _files_under(storage, f"{folder}/{name}")


def clean_stored_image(name, *, dry_run=False):
    """Re-encode the stored file *name* and repoint the articles that use it; never raises for one bad file."""
    field = Article._meta.get_field("image")
    try:
        with field.storage.open(name) as stored:
            if is_clean(name, stored):
                return Result(name, Outcome.ALREADY_CLEAN)
            content = sanitize_image(File(stored, name=name))
    except ValidationError as error:
        return Result(name, Outcome.FAILED, reason=" ".join(error.messages))
    except OSError as error:  # missing or unreadable
        return Result(name, Outcome.FAILED, reason=f"the file could not be read ({error.__class__.__name__}: {error})")
    if dry_run:
        return Result(name, Outcome.WOULD_CLEAN, articles=Article.objects.filter(image=name).count())
    return _replace(name, content, field)


def _replace(name, content, field):
    # The new file first, the articles next, the old file last: a failure at any
    # step leaves every article pointing at a file that exists.
    new_name = field.storage.save(field.generate_filename(None, content.name), content)
    recorded = Article.objects.filter(image=name).values_list("image_variants", flat=True)
    made = {width for row in recorded for width in variants.parse_widths(row)}
    try:
        with transaction.atomic():
            # The new file has no resized copies yet: the job makes them once this commits.
            count = Article.objects.filter(image=name).update(
                image=new_name, image_width=content.width, image_height=content.height, image_bytes=content.size,
                image_variants="",
            )
            if count:
                queue.enqueue(tasks.make_image_variants, name=new_name)
    except Exception:
        field.storage.delete(new_name)
        raise
    if count == 0:  # an editor replaced the image meanwhile
        field.storage.delete(new_name)
        return Result(name, Outcome.ALREADY_CLEAN)
    if not Article.objects.filter(image=name).exists():
        field.storage.delete(name)
        variants.delete_variants(name, made, storage=field.storage)
    return Result(name, Outcome.CLEANED, new_name=new_name, articles=count)


def is_clean(name, file):
    """Whether *file* is one ``sanitize_image`` wrote: its random name, its format, no metadata."""
    match = RANDOM_NAME.search(name)
    if not match:
        return False
    try:
        with Image.open(file, formats=DECODERS) as image:
            image.load()  # PNG text chunks after the pixels are read only now
            return (
                EXTENSIONS[image.format] == match.group(1)
                and not image.getexif()
                and set(image.info) <= DRAWING_INFO
                and all(marker == "APP0" for marker, _content in getattr(image, "applist", []))
            )
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError):
        return False
    finally:
        file.seek(0)
