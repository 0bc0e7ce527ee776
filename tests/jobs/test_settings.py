"""Which queue each environment uses, chosen by NEWSROOM_TASKS_BACKEND."""

import pytest

from tests.newsroom.test_settings import PRODUCTION, run_manage

PROBE = "from django.conf import settings; print(settings.TASKS['default']['BACKEND'])"


@pytest.fixture(autouse=True)
def _no_backend_in_the_environment(monkeypatch):
    monkeypatch.delenv("NEWSROOM_TASKS_BACKEND", raising=False)


def backend(**env):
    result = run_manage("shell", "-c", PROBE, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_queues_jobs_in_the_database_and_development_runs_them_at_once():
    assert backend(**PRODUCTION) == "django_tasks_db.DatabaseBackend"
    assert backend(DJANGO_DEBUG="1") == "django_tasks.backends.immediate.ImmediateBackend"
    assert backend(DJANGO_DEBUG="1", NEWSROOM_TASKS_BACKEND="database") == "django_tasks_db.DatabaseBackend"


def test_an_unknown_backend_refuses_to_start():
    result = run_manage("check", DJANGO_DEBUG="1", NEWSROOM_TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "NEWSROOM_TASKS_BACKEND must be one of database, immediate" in result.stderr


def test_deployment_check_warns_when_production_runs_jobs_in_requests():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, NEWSROOM_TASKS_BACKEND="immediate")
    assert result.returncode != 0
    assert "jobs.W001" in result.stderr + result.stdout
