"""The WordPress import's settings, each read with its default.

Read on every call (so ``override_settings`` works) and never missing: a
project that leaves one out gets the default below. ``newsroom/settings.py``
fills them from the environment with the same defaults.
"""

from django.conf import settings

DEFAULTS = {
    # A folder on the server holding copies of wp-content/uploads, one sub-folder per site, that the
    # admin's import page may read featured images from ("" = none offered).
    "NEWSROOM_WORDPRESS_UPLOADS_ROOT": "",
    # An uploads .zip given on the admin's import page: the most bytes its files may hold once
    # extracted, and the most files it may hold.
    "NEWSROOM_WORDPRESS_ZIP_MAX_BYTES": 4 * 1024**3,
    "NEWSROOM_WORDPRESS_ZIP_MAX_FILES": 100_000,
}


def _get(name):
    return getattr(settings, name, DEFAULTS[name])


def uploads_root() -> str:
    return _get("NEWSROOM_WORDPRESS_UPLOADS_ROOT")


def zip_max_bytes() -> int:
    return _get("NEWSROOM_WORDPRESS_ZIP_MAX_BYTES")


def zip_max_files() -> int:
    return _get("NEWSROOM_WORDPRESS_ZIP_MAX_FILES")
