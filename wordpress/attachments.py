"""What an attachment tells about its image: the caption and the credit a featured image takes with it.

WordPress keeps an attachment's caption in its excerpt, and its credit in one
of two places: the IPTC/EXIF "credit" it read from the file when it was
uploaded (``image_meta.credit`` inside ``_wp_attachment_metadata``, a
PHP-serialised array, read by ``wordpress.phpserial``), or a meta key a
credit plugin adds (Media Credit's ``_media_credit``, themes' ``credit``…).
What an editor typed wins over what the camera wrote. A missing credit is
normal; unreadable metadata is reported and the rest still imported. The
alternative text (``_wp_attachment_image_alt``) becomes the image's
description; without one, the page describes the image by the story's title.
"""

import html
import re
from dataclasses import dataclass

from . import phpserial

#: Meta keys credit plugins and themes use, in the order they are trusted.
CREDIT_KEYS = ("_media_credit", "media_credit", "_photo_credit", "photo_credit", "_credit", "credit")
METADATA_KEY = "_wp_attachment_metadata"
CAPTION_LENGTH = 300
CREDIT_LENGTH = 150
#: Where WordPress keeps the text a screen reader reads for the image (its "Alternative Text").
ALT_KEY = "_wp_attachment_image_alt"
ALT_LENGTH = 300
TAG = re.compile(r"<[^>]+>")


@dataclass
class Details:
    caption: str = ""
    alt: str = ""
    credit: str = ""
    credit_from: str = ""  # the meta key it came from, or "image metadata"
    problem: str = ""  # why the metadata could not be read, for the report


def _plain(text):
    return " ".join(html.unescape(TAG.sub(" ", text or "")).split())


def metadata_credit(serialized):
    """``image_meta.credit`` of a serialised ``_wp_attachment_metadata``, ``""`` when it has none.

    Raises ``phpserial.PhpValueError`` for a value that is not plain PHP data.
    """
    if not (serialized or "").strip():
        return ""
    metadata = phpserial.loads(serialized)
    image_meta = metadata.get("image_meta") if isinstance(metadata, dict) else None
    credit = image_meta.get("credit") if isinstance(image_meta, dict) else None
    return _plain(credit) if isinstance(credit, str) else ""


def details(item):
    """The caption, alt text and credit of the attachment ``wxr.Item`` *item*."""
    found = Details(caption=_plain(item.excerpt)[:CAPTION_LENGTH], alt=_plain(item.meta.get(ALT_KEY, ""))[:ALT_LENGTH])
    for key in CREDIT_KEYS:
        credit = _plain(item.meta.get(key, ""))
        if credit:
            found.credit, found.credit_from = credit[:CREDIT_LENGTH], key
            return found
    try:
        credit = metadata_credit(item.meta.get(METADATA_KEY, ""))
    except phpserial.PhpValueError as error:
        found.problem = str(error)  # the report says "image metadata not read (...)" in the reader's language
        return found
    if credit:
        found.credit, found.credit_from = credit[:CREDIT_LENGTH], "image metadata"
    return found
