"""Where an import started from the admin finds featured images: a folder on the server, or an uploaded zip.

The command takes ``--uploads DIR`` (refused at once when it is no folder:
``given_folder``); the admin's page cannot let a browser
name any server path, so it offers two safe ways:

* **A folder under ``NEWSROOM_WORDPRESS_UPLOADS_ROOT``** (unset: not offered),
  where someone with access to the server put copies of ``wp-content/uploads``.
  The page lists the folders directly under the root; the choice is checked
  again by the job, and a folder whose real path (symlinks followed) leaves
  the root is refused.
* **A .zip of ``wp-content/uploads``**, uploaded with the exports. Its table
  of contents is checked in the request (a clear form error) and again while
  the job extracts it into a private temporary folder, removed when the run
  ends: a member path leaving the folder (``../``, absolute, a drive letter,
  a symlink: "zip-slip"), an encrypted member, more files or more bytes than
  the limits (``NEWSROOM_WORDPRESS_ZIP_MAX_FILES``/``_MAX_BYTES``), or a
  member compressed suspiciously well (a zip bomb) refuse the whole zip.
  Files that are not images (PHP, PDF, ``.htaccess``…) are never extracted;
  they are counted in the report. What is extracted is still only read
  through the image cleaning every upload goes through.
"""

import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import conf

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
#: A member larger than this compressed more than ``MAX_RATIO`` times is a bomb, not a photograph
#: (JPEG, PNG and WebP hardly compress at all).
RATIO_FROM_BYTES = 1024 * 1024
MAX_RATIO = 100
CHUNK = 1024 * 1024
#: Folders listed under the root, at most.
MAX_FOLDERS = 500


class UploadsRefused(Exception):
    """An uploads folder or zip that is not used, with the reason in words for the person importing."""


@dataclass
class Plan:
    """What a zip holds: the image members to extract, and what is left out (by extension)."""

    images: list = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    total: int = 0


# A folder under the root ------------------------------------------------------


def _root():
    root = conf.uploads_root()
    return os.path.realpath(root) if root and os.path.isdir(root) else None


def folder_choices():
    """The folders directly under the uploads root (names), sorted; empty when no root is set."""
    root = _root()
    if root is None:
        return []
    names = []
    with os.scandir(root) as entries:
        for entry in entries:
            if not entry.name.startswith(".") and entry.is_dir() and _inside(root, entry.path):
                names.append(entry.name)
    return sorted(names)[:MAX_FOLDERS]


def _inside(root, path):
    real = os.path.realpath(path)
    return real == root or real.startswith(root + os.sep)


def folder_under_root(name):
    """The real path of the folder *name* directly under the uploads root, or ``UploadsRefused``."""
    root = _root()
    if root is None:
        raise UploadsRefused(_("No uploads folder is set on this server (NEWSROOM_WORDPRESS_UPLOADS_ROOT)."))
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise UploadsRefused(_("Choose one of the folders listed."))
    path = os.path.join(root, name)
    if not os.path.isdir(path) or not _inside(root, path):
        raise UploadsRefused(_("The folder %(name)s is not in the uploads folder.") % {"name": name})
    return uploads_inside(path)


def given_folder(path):
    """The uploads folder a command was given (``--uploads``): checked before anything is read, as the admin's choice is.

    A path that is not a folder is refused with one error, rather than a
    missing file reported for every post. Like a folder chosen in the admin,
    a copy that kept ``wp-content/uploads`` or ``uploads`` is looked into.
    """
    return uploads_inside(check_folder(path))


def check_folder(path):
    """*path*, or ``UploadsRefused`` when it is not a folder."""
    if not os.path.isdir(path):
        raise UploadsRefused(_("The uploads folder %(path)s does not exist or is not a folder.") % {"path": path})
    return path


def uploads_inside(folder):
    """``folder/wp-content/uploads`` or ``folder/uploads`` when the copy kept those folders, else *folder*."""
    folder = os.path.realpath(folder)
    for inner in (("wp-content", "uploads"), ("uploads",)):
        candidate = os.path.join(folder, *inner)
        if os.path.isdir(candidate) and _inside(folder, candidate):  # not a symlink leading elsewhere
            return os.path.realpath(candidate)
    return folder


# An uploaded zip ----------------------------------------------------------------


def _member_parts(name):
    """The path parts of a zip member, or ``None`` for a name that could land outside the folder."""
    if "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return None
    parts = [part for part in name.split("/") if part not in ("", ".")]
    return None if not parts or ".." in parts else parts


def _is_symlink(info):
    return stat.S_ISLNK(info.external_attr >> 16)


def _check_member(info):
    if _member_parts(info.filename) is None or _is_symlink(info):
        raise UploadsRefused(_("The zip holds a file that would land outside its folder: %(name)s") % {"name": info.filename[:200]})
    if info.flag_bits & 0x1:
        raise UploadsRefused(_("The zip holds an encrypted file: %(name)s") % {"name": info.filename[:200]})
    if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise UploadsRefused(_("The zip holds a file compressed suspiciously well (a zip bomb?): %(name)s") % {"name": info.filename[:200]})


def _too_big():
    return UploadsRefused(
        _("The zip's images add up to more than %(size)s once extracted.") % {"size": filesizeformat(conf.zip_max_bytes())}
    )


def _too_many():
    return UploadsRefused(_("The zip holds more than %(count)d files.") % {"count": conf.zip_max_files()})


def _open(handle):
    """The ``ZipFile`` of *handle*, once its end record shows no more entries than allowed.

    ``ZipFile`` reads its whole table of contents into memory on opening: a
    zip declaring millions of entries is refused before that, from the few
    bytes of its end record (read with the standard library's own reader).
    """
    end = zipfile._EndRecData(handle)
    if end and end[zipfile._ECD_ENTRIES_TOTAL] > conf.zip_max_files():
        raise _too_many()
    handle.seek(0)
    return zipfile.ZipFile(handle)


def plan(archive):
    """Check the table of contents of the ``ZipFile`` *archive*; return its ``Plan`` or raise ``UploadsRefused``."""
    members = archive.infolist()
    if len(members) > conf.zip_max_files():
        raise _too_many()
    found = Plan()
    for info in members:
        if info.is_dir():
            continue
        _check_member(info)
        extension = os.path.splitext(info.filename)[1].lower()
        if extension not in IMAGE_EXTENSIONS:
            found.left_out[extension or _("(no extension)")] += 1
            continue
        found.total += info.file_size
        if found.total > conf.zip_max_bytes():
            raise _too_big()
        found.images.append(info)
    if not found.images:
        raise UploadsRefused(_("The zip holds no images (JPEG, PNG, GIF or WebP)."))
    return found


def check_zip(upload):
    """Check an uploaded zip's table of contents (nothing is extracted); raise ``UploadsRefused``."""
    try:
        with _open(upload) as archive:
            plan(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise UploadsRefused(_("This is not a zip file that can be read.")) from error
    finally:
        upload.seek(0)


def _extract(archive, found, target):
    """Write the images of *found* under *target*, counting the bytes really written (headers can lie)."""
    written = 0
    for info in found.images:
        path = os.path.join(target, *_member_parts(info.filename))
        if not _inside(target, os.path.dirname(path)):
            raise UploadsRefused(_("The zip holds a file that would land outside its folder: %(name)s") % {"name": info.filename[:200]})
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        member_bytes = 0
        with archive.open(info) as source, open(path, "xb") as out:
            while chunk := source.read(CHUNK):
                member_bytes += len(chunk)
                written += len(chunk)
                if member_bytes > info.file_size or written > conf.zip_max_bytes():
                    raise _too_big()
                out.write(chunk)


@contextmanager
def extracted(storage, name):
    """Extract the images of the zip *name* (in *storage*) into a private temporary folder.

    Yields ``(uploads folder, files left out by extension)``; the folder is removed on the way out, whatever happens.
    """
    target = tempfile.mkdtemp(prefix="newsroom-wp-uploads-")  # readable by this user only
    try:
        try:
            with storage.open(name, "rb") as handle, _open(handle) as archive:
                found = plan(archive)
                _extract(archive, found, target)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
            raise UploadsRefused(_("This is not a zip file that can be read.")) from error
        except FileExistsError as error:
            raise UploadsRefused(_("The zip holds the same file twice: %(name)s") % {"name": os.path.basename(error.filename or "")}) from error
        yield uploads_inside(target), found.left_out
    finally:
        shutil.rmtree(target, ignore_errors=True)


@contextmanager
def for_run(uploads, storage):
    """The uploads folder an ``ImportRun``'s *uploads* choice names (``None``: no images), and what was left out."""
    if uploads.get("folder"):
        yield folder_under_root(uploads["folder"]), Counter()
    elif uploads.get("stored"):
        with extracted(storage, uploads["stored"]) as found:
            yield found
    else:
        yield None, Counter()
