"""Uploaded photos, re-encoded so that they cannot betray a photographer or a source.

A camera or phone writes far more into a photo than its pixels: GPS position,
the body's serial number, maker notes, XMP and IPTC blocks, comments, editing
history. For a newsroom covering Syria that can get someone hurt, so an
uploaded image is never stored as sent. ``sanitize_image`` decodes it and
writes the pixels alone into a new file:

* only JPEG, PNG and WebP are accepted, judged by what Pillow finds in the
  content (a file's name proves nothing), and Pillow is not even allowed to
  try its other decoders on an upload;
* the file size and the pixel count are capped before anything is decoded,
  which also keeps decompression bombs out;
* the EXIF orientation is applied to the pixels, because the tag that carried
  it is dropped;
* an embedded colour profile is converted to sRGB and then dropped rather than
  kept: browsers show untagged images as sRGB, and a profile's text fields can
  name a device, a piece of software or whoever calibrated it;
* JPEG and WebP are written at ``NEWSROOM_IMAGE_QUALITY``, PNG stays lossless;
  an animated image keeps its first frame.

The result is a ``SanitizedImage`` whose name is random, so a stored file can
neither be guessed (a draft's picture) nor repeat the uploader's file name
(which can name a source or a place).
"""

import io
import logging
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, UnidentifiedImageError

from . import conf
from .editions import format_number, localize_digits

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without Little CMS: profiles are dropped unconverted.
    ImageCms = None

logger = logging.getLogger(__name__)

#: What Pillow calls each accepted format, and the extension it is stored with.
#: MPO is how Pillow names the multi-picture JPEGs many cameras and phones write.
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
#: The only decoders Pillow may try on an upload (its JPEG decoder also opens MPO).
DECODERS = ("JPEG", "PNG", "WEBP")

#: How to turn the pixels upright for each EXIF orientation (1, upright, needs nothing).
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

#: Errors Pillow raises on content it cannot decode.
DECODING_ERRORS = (OSError, ValueError, SyntaxError, EOFError)


class SanitizedImage(ContentFile):
    """Re-encoded image bytes under a random name, with the pixel size they have."""

    def __init__(self, content, *, extension, width, height):
        super().__init__(content, name=f"{uuid.uuid4().hex}.{extension}")
        self.width, self.height = width, height


def sanitize_image(file):
    """Re-encode *file* (a Django ``File``) without any metadata, or raise ``ValidationError``.

    The messages of the errors are meant for the editor who uploaded the file.
    """
    _check_file_size(file)
    file.seek(0)
    try:
        with Image.open(file, formats=DECODERS) as image:
            _check_pixel_count(image)
            pixels = _clean_pixels(image)
            source_format = image.format
    except UnidentifiedImageError:
        raise ValidationError(
            _("Upload a photo in JPEG, PNG or WebP format. This file is in another format, whatever its name says."),
            code="unsupported_format",
        ) from None
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except DECODING_ERRORS as error:
        logger.info("An uploaded image could not be decoded: %s", error)
        raise ValidationError(
            _("This image could not be read: the file is damaged or incomplete. Export it again and upload that."),
            code="invalid_image",
        ) from None
    return _encode(pixels, source_format)


def _check_file_size(file):
    limit = conf.image_max_bytes()
    if file.size > limit:
        raise ValidationError(
            _("This file is %(size)s; an image may be at most %(limit)s. Export a smaller version and upload that."),
            code="file_too_large",
            params={"size": localize_digits(filesizeformat(file.size)), "limit": localize_digits(filesizeformat(limit))},
        )


def _check_pixel_count(image):
    # Opening reads only the header, so this refuses a bomb before its pixels are decoded.
    width, height = image.size
    if width * height > conf.image_max_pixels():
        raise _too_many_pixels()


def _too_many_pixels():
    limit = conf.image_max_pixels() / 1_000_000
    return ValidationError(
        _("This image has too many pixels: an image may have at most %(limit)s megapixels. "
          "Export a smaller version and upload that."),
        code="too_many_pixels",
        params={"limit": format_number(f"{limit:g}")},  # 40, not 40.0
    )


def _clean_pixels(image):
    """The first frame, upright, in sRGB, with no metadata attached at all.

    Works in place where Pillow can: a 40-megapixel photo is 120 MB decoded,
    and every copy counts on a web worker.
    """
    image.seek(0)
    image.load()  # decode now, while a damaged file can still be reported as such
    transparency, icc_profile = image.info.get("transparency"), image.info.get("icc_profile")
    method = UPRIGHT.get(_orientation(image))
    # Not ImageOps.exif_transpose: it also rewrites the EXIF and XMP it finds,
    # and crashes on some damaged blocks that are about to be dropped anyway.
    upright = image.transpose(method) if method is not None else image
    clean = _to_srgb(upright, icc_profile)
    # Encoders copy some of ``info`` into the new file (PNG its text chunks and
    # profile, for instance): start it empty, putting back only what draws
    # the picture.
    clean.info = {}
    if transparency is not None and clean.mode in ("P", "L", "RGB"):
        clean.info["transparency"] = transparency
    return clean


def _orientation(image):
    try:
        return image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # noqa: BLE001 - damaged EXIF must not cost the photo: read it as upright
        logger.info("An uploaded image's EXIF could not be read; its orientation is taken as upright.")
        return 1


def _to_srgb(image, icc_profile):
    if not icc_profile or ImageCms is None:
        return _without_cmyk(image)
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if _is_srgb(source) and image.mode in ("RGB", "RGBA", "L"):
            return image  # most phone photos: converting would cost a second for nothing
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        srgb = ImageCms.createProfile("sRGB")
        if image.mode == mode:
            ImageCms.profileToProfile(image, source, srgb, outputMode=mode, inPlace=True)
            return image
        return ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError) as error:
        # A broken or unusual profile: the colours may shift a little, which is
        # better than refusing the photo or keeping a blob we cannot vouch for.
        logger.info("An image's colour profile could not be converted to sRGB: %s", error)
        return _without_cmyk(image)


def _is_srgb(profile):
    return ImageCms.getProfileDescription(profile).strip().lower().startswith("srgb")


def _without_cmyk(image):
    # Browsers draw CMYK JPEGs badly or not at all.
    return image.convert("RGB") if image.mode == "CMYK" else image


def _encode(image, source_format):
    """Write *image* in the format it came in (a multi-picture JPEG as a plain JPEG)."""
    quality = conf.image_quality()
    options = {
        "jpg": {"format": "JPEG", "quality": quality, "optimize": True, "progressive": True},
        "png": {"format": "PNG"},  # lossless, at zlib's default level: "optimize" costs seconds on a large photo
        # Effort 2 of 6: measured 2.5 times faster than the default 4 on a 40-megapixel
        # photo (seconds, inside an editor's request) for files about 8% larger.
        "webp": {"format": "WEBP", "quality": quality, "method": 2},
    }
    extension = EXTENSIONS[source_format]
    buffer = io.BytesIO()
    image.save(buffer, **options[extension])
    return SanitizedImage(buffer.getvalue(), extension=extension, width=image.width, height=image.height)
