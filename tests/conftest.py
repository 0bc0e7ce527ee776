"""Shared fixtures: an editor, a logged-in admin client, media kept out of the tree, committing services, the job worker."""

import signal
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.factories import EditorFactory


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A context manager: the after-commit work registered inside runs at its end, as a commit would run it.

    Like a commit, it then forgets that work: pytest-django's capture leaves
    the callbacks registered in the test's transaction, where a later
    ``jobs.queue.enqueue`` would take the job for still pending.
    """

    @contextmanager
    def run():
        pending = connection.run_on_commit
        start = len(pending)
        with django_capture_on_commit_callbacks(execute=True):
            yield
        del pending[start:]

    return run


class CommittingClient(Client):
    """The test client, with each request's after-commit work run as it would be in production.

    A test runs inside a transaction that is rolled back at its end, where
    ``transaction.on_commit`` callbacks (background jobs after a save) would
    never fire. Each request here runs them once it has been handled.
    """

    def __init__(self, committed, **defaults):
        super().__init__(**defaults)
        self._committed = committed

    def request(self, **request):
        with self._committed():
            return super().request(**request)


@pytest.fixture
def client(committed):
    return CommittingClient(committed)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever a test before it left active."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def empty_cache():
    """The shared cache empty at the start and at the end of the test, so cached state never leaks between tests."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def editor(db):
    return EditorFactory(username="editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def commit(committed):
    """Call a service as if its transaction committed, so its after-commit work (background jobs) runs.

    Tests run inside a transaction that is rolled back, where ``on_commit``
    callbacks never fire by themselves.
    """

    def run(service, **kwargs):
        with committed():
            return service(**kwargs)

    return run


# Jobs on the real database backend, and its worker run as ``manage.py db_worker`` in the test process.

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_backend(settings):
    """Jobs are rows of the database backend, as in production (tests use the immediate one otherwise)."""
    settings.TASKS = DATABASE_BACKEND
    # Retries wait in production; here the worker's batch run picks them up at once.
    settings.NEWSROOM_JOB_RETRY_SECONDS = 0


@pytest.fixture
def run_worker():
    """Run ``db_worker`` until the queue has nothing ready, as production runs it (minus the waiting).

    The worker installs its own signal handlers; they are put back afterwards
    so Ctrl+C still stops pytest.
    """

    def run():
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)

    return run
