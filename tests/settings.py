"""Settings for the test suite: the site's own settings in development mode, with a fast password hasher.

Background jobs run with the immediate backend, so they are deterministic.
Development mode is asked for here, as ``make run`` asks for it: the site's
default is production. Tests create many staff accounts, and hashing each
password with PBKDF2 would cost half a second of CPU apiece; Django's
documentation recommends a fast hasher for tests. The production settings are
still checked as they are, in subprocesses (``tests/newsroom/test_settings.py``).
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from newsroom.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Jobs run in the process, once the test's transaction (or captured commit) ends,
# whatever NEWSROOM_TASKS_BACKEND says; tests of the database backend and its
# worker switch to it themselves (tests/jobs/).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
