"""The jobs app's settings, each read with its default.

Read on every call (so ``override_settings`` works) and never missing: a
project that leaves one out gets the default below. ``newsroom/settings.py``
fills them from the environment with the same defaults.
"""

from django.conf import settings

#: Where jobs go: "database" (rows run by ``manage.py db_worker``) or "immediate" (in the process, after commit).
BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}

DEFAULTS = {
    # Runs of a failing job in all, before it is left failed.
    "NEWSROOM_JOB_ATTEMPTS": 3,
    # Wait before the second attempt; doubled before each further one.
    "NEWSROOM_JOB_RETRY_SECONDS": 30,
    # A job running this long is taken to have lost its worker and is queued again.
    "NEWSROOM_JOB_STALE_SECONDS": 900,
}


def _get(name):
    return getattr(settings, name, DEFAULTS[name])


def attempts() -> int:
    return _get("NEWSROOM_JOB_ATTEMPTS")


def retry_seconds() -> int:
    return _get("NEWSROOM_JOB_RETRY_SECONDS")


def stale_seconds() -> int:
    return _get("NEWSROOM_JOB_STALE_SECONDS")
