"""``manage.py db_worker`` as production runs it: a separate process on the same PostgreSQL database.

Only PostgreSQL: the suite's SQLite database lives in the test process's memory.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import TaskResultStatus

from articles import services
from articles.models import RelatedSuggestion
from jobs import queue
from jobs.models import Checkpoint, Job
from tests.concurrency import skip_unless_postgresql
from tests.factories import ArticleFactory, TagFactory

from . import slow_jobs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def start_worker(database_backend):
    """Start ``db_worker`` processes on the test database; each is killed at the end if still running."""
    skip_unless_postgresql()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "1",
        "NEWSROOM_TASKS_BACKEND": "database",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    }
    workers = []

    def start(*args):
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", *args]
        process = subprocess.Popen(command, cwd=Path(settings.BASE_DIR), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        workers.append(process)
        return process

    yield start
    for process in workers:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_worker_process_runs_the_job_a_save_enqueued(start_worker):
    tag = TagFactory()
    story, other = ArticleFactory(tags=[tag]), ArticleFactory(tags=[tag])
    services.save_article(article=story)
    worker = start_worker()
    job = Job.objects.get(task_path="articles.tasks.refresh_suggestions")
    assert wait_for(lambda: Job.objects.get(pk=job.pk).status == TaskResultStatus.SUCCESSFUL), worker
    assert list(RelatedSuggestion.objects.filter(article=story).values_list("target", flat=True)) == [other.pk]
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(10) == 0  # stops cleanly between jobs


def test_a_job_whose_worker_is_killed_mid_job_is_finished_by_the_next_worker(start_worker, settings):
    queue.enqueue(slow_jobs.hang_the_first_time, name="import")
    job = Job.objects.get()
    first = start_worker()
    assert wait_for(lambda: Checkpoint.objects.filter(name="import:started").exists())
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert Job.objects.get(pk=job.pk).status == TaskResultStatus.RUNNING  # left claimed, as the library leaves it

    settings.NEWSROOM_JOB_STALE_SECONDS = 0
    assert queue.requeue_stale() == 1
    start_worker("--batch").wait(60)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL and len(job.worker_ids) == 2
    assert Checkpoint.objects.filter(name="import:done").count() == 1
