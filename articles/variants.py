"""Resized copies of each featured image, so a phone is not sent a photo made for a wide screen.

For every stored image a background job (``tasks.make_image_variants``) writes
copies at the widths of ``NEWSROOM_IMAGE_WIDTHS`` that are narrower than the
original (never larger: an upscaled copy is bigger and no sharper), in WebP
and in the original's own format for browsers without WebP. When the original
is no wider than the widest size, a WebP copy at its own width is made too,
and the original itself stands in as the full-width copy in its own format.

Copies live in the default storage next to the original, under names derived
from its name (``abc.jpg`` → ``abc.w480.webp``, ``abc.w480.jpg``), so any
storage works (S3 included) and the unused-file report (``stored_images``)
can tell whose copies they are. The widths made are written to every article
using the file (``Article.image_variants``, the language versions of a story
share one), so a page knows what to offer from the row it reads anyway,
without opening a file or listing the storage. Until then the page shows the
original alone.
"""

import io
import logging
import os
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from . import conf
from .images import DECODERS, DECODING_ERRORS

logger = logging.getLogger(__name__)

#: A copy's name: the original's name without its extension, ``.w<width>``, the copy's extension.
VARIANT_NAME = re.compile(r"^(?P<stem>.+)\.w(?P<width>[0-9]+)\.(?P<extension>jpg|png|webp)$")


class VariantError(Exception):
    """The original could not be read or decoded: no copies were made (the page keeps showing it)."""


def extension_of(name):
    return os.path.splitext(name)[1].lstrip(".").lower()


def variant_name(name, width, extension):
    """The stored name of *name*'s copy *width* pixels wide in *extension* (``webp``, ``jpg``, ``png``)."""
    return f"{os.path.splitext(name)[0]}.w{width}.{extension}"


def original_stem(name):
    """The original's name without its extension if *name* is one of its copies, else None."""
    match = VARIANT_NAME.match(name)
    return match.group("stem") if match else None


def planned_widths(original_width):
    """The widths worth making for an original *original_width* pixels wide, narrowest first."""
    sizes = conf.image_widths()
    widths = [width for width in sizes if width < original_width]
    if sizes and original_width <= max(sizes):
        widths.append(original_width)  # its own width, for the WebP copy
    return widths


def formats_for(name):
    """The copies' extensions: WebP first, then the original's own format unless it is WebP already."""
    own = extension_of(name)
    return ["webp"] if own == "webp" else ["webp", own]


def parse_widths(text):
    return [int(width) for width in (text or "").split()]


# Reading: what a page offers ----------------------------------------------------------------


@dataclass(frozen=True)
class ResponsiveImage:
    """An article's image as a page offers it: the original, and the copies made so far."""

    name: str
    width: int | None
    height: int | None
    widths: tuple

    @classmethod
    def of(cls, article):
        """The image of *article* as its row tells (no storage access), or None when it has none."""
        if not article.image:
            return None
        if not article.image_width or not article.image_height:
            # Dimensions are recorded whenever a file is assigned; a row without them (written by
            # hand, say) still shows its original, without copies it could not be matched with.
            return cls(article.image.name, None, None, ())
        return cls(article.image.name, article.image_width, article.image_height, tuple(parse_widths(article.image_variants)))

    @property
    def src(self):
        return default_storage.url(self.name)

    @property
    def has_variants(self):
        return bool(self.widths)

    @property
    def webp_source(self):
        """Whether a WebP ``<source>`` comes before the fallback (not needed when the original is WebP)."""
        return self.has_variants and extension_of(self.name) != "webp"

    def srcset(self, extension):
        candidates = []
        for width in self.widths:
            # The original is its own full-width copy in its own format.
            same = width == self.width and extension == extension_of(self.name)
            name = self.name if same else variant_name(self.name, width, extension)
            candidates.append(f"{default_storage.url(name)} {width}w")
        return ", ".join(candidates)

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def fallback_srcset(self):
        return self.srcset(extension_of(self.name))


# Writing: making the copies -------------------------------------------------------------------


def make_variants(name, *, storage=default_storage):
    """Write the copies of the stored image *name*; return the widths made.

    Raises ``VariantError`` when the original cannot be read or decoded. A
    copy already stored under its name is replaced, so running this again
    does no harm.
    """
    try:
        with storage.open(name) as stored, Image.open(stored, formats=DECODERS) as image:
            # Uploads were checked against the pixel limit; a file put in the storage some other
            # way is checked here, before it is decoded.
            if image.width * image.height > conf.image_max_pixels():
                raise VariantError(f"{name} has more pixels than an upload may have")
            original_width, widths = image.width, planned_widths(image.width)
            if widths and image.format == "JPEG":
                # Decode at a reduced scale straight away when the widest copy allows it: far
                # faster, and far less memory, for a large photo.
                image.draft(image.mode, (widths[-1], _height(image.size, widths[-1])))
            image.load()
            pixels = _drawable(image)
    except DECODING_ERRORS + (Image.DecompressionBombError,) as error:
        raise VariantError(f"{name} could not be read: {error.__class__.__name__}: {error}") from error
    own = extension_of(name)
    for width in reversed(widths):  # widest first, each made from the one before: cheaper, as sharp
        pixels = pixels.resize((width, _height(pixels.size, width)), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for extension in formats_for(name):
            if width == original_width and extension == own:
                continue  # the original stands in for this one
            _store(storage, variant_name(name, width, extension), _encode(pixels, extension))
    return widths


def _height(size, width):
    original_width, original_height = size
    return max(1, round(original_height * width / original_width))


def _drawable(image):
    """The pixels in a mode every encoder takes and resizing treats well (no palettes)."""
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def _encode(pixels, extension):
    quality = conf.image_quality()
    buffer = io.BytesIO()
    if extension == "jpg":
        rgb = pixels.convert("RGB") if pixels.mode not in ("RGB", "L") else pixels
        rgb.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    elif extension == "png":
        pixels.save(buffer, format="PNG", optimize=True)
    else:  # a background job can afford WebP's default effort (4), unlike an upload
        pixels.save(buffer, format="WEBP", quality=quality, method=4)
    return buffer.getvalue()


def _store(storage, name, content):
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    if stored != name:  # a storage that would not write the name asked for: pages could not find it
        storage.delete(stored)
        raise VariantError(f"the storage stored {name} as {stored}")


def delete_variants(name, widths, *, storage=default_storage):
    """Delete the copies of *name* made at *widths* (once the original itself is gone)."""
    for width in widths:
        for extension in formats_for(name):
            candidate = variant_name(name, width, extension)
            if candidate != name and storage.exists(candidate):
                storage.delete(candidate)
