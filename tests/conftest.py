"""Shared fixtures: an editor, a logged-in admin client, media kept out of the tree, and committing services."""

import pytest
from django.test import Client

from tests.factories import EditorFactory


class CommittingClient(Client):
    """The test client, with each request's after-commit work run as it would be in production.

    A test runs inside a transaction that is rolled back at its end, where
    ``transaction.on_commit`` callbacks (suggestion refreshes after a save)
    would never fire. Each request here runs them once it has been handled.
    """

    def __init__(self, capture_on_commit, **defaults):
        super().__init__(**defaults)
        self._capture_on_commit = capture_on_commit

    def request(self, **request):
        with self._capture_on_commit(execute=True):
            return super().request(**request)


@pytest.fixture
def client(django_capture_on_commit_callbacks):
    return CommittingClient(django_capture_on_commit_callbacks)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
def commit(django_capture_on_commit_callbacks):
    """Call a service as if its transaction committed, so its after-commit work (suggestion refreshes) runs.

    Tests run inside a transaction that is rolled back, where ``on_commit``
    callbacks never fire by themselves.
    """

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run
