"""How the newsroom runs work in the background: declared jobs, enqueued with their write, retried, never lost.

Jobs are django-tasks tasks (Django's Tasks framework, backported to 5.2)
declared with ``background_job`` and enqueued with ``enqueue``:

* **With the write.** With the database backend the job's row is inserted in
  the current transaction, so it exists exactly when the write that caused it
  committed. A backend that keeps jobs elsewhere (the immediate backend of
  development and tests) is handed the job once the transaction commits, so
  the job reads committed rows and its failure cannot undo the write.
* **Once.** ``enqueue`` skips a job already waiting with the same arguments,
  in the queue or for the current commit (one suggestion refresh per article
  however many saves come first). Jobs are therefore written to be
  idempotent: they take ids and re-read what they need.
* **Retried.** The library records a failure with its traceback but never
  retries. A failing job of ours enqueues its next attempt first (after
  ``NEWSROOM_JOB_RETRY_SECONDS``, twice as long each time, up to
  ``NEWSROOM_JOB_ATTEMPTS`` in all), then fails: every failed attempt stays in
  the admin, and the attempt number is one of the job's arguments.
* **Not lost with its worker.** ``db_worker`` marks a job running (committed)
  before running it, and nothing in the library looks at that row again if
  the worker is killed. ``requeue_stale`` puts such jobs back in the queue.
"""

import datetime
import functools
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend

from . import conf
from .models import Checkpoint, Job

logger = logging.getLogger(__name__)


def background_job(function):
    """Declare *function* (keyword arguments only, JSON values) a job whose failures are retried.

    The job takes one more keyword argument, ``attempt`` (1 for the first run),
    which the retry policy sets and the admin shows.
    """

    # wraps() keeps the function's module and name: the worker finds the job by them.
    @functools.wraps(function)
    def run_attempt(*, attempt=1, **kwargs):
        try:
            return function(**kwargs)
        except Exception:
            _retry_later(job, kwargs, attempt)
            raise

    job = task()(run_attempt)
    return job


def _retry_later(job, kwargs, attempt):
    """Enqueue the next attempt of *job*, unless this was the last one."""
    if attempt >= conf.attempts():
        logger.error("Job %s failed for good after %d attempts (%s)", job.name, attempt, kwargs)
        return
    retry = job
    # The immediate backend cannot wait: it runs the next attempt straight away.
    if job.get_backend().supports_defer:
        delay = conf.retry_seconds() * 2 ** (attempt - 1)
        retry = job.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    retry.enqueue(attempt=attempt + 1, **kwargs)


def _kept_in_database(job):
    return isinstance(job.get_backend(), DatabaseBackend)


def waiting(job, **kwargs):
    """Jobs of this kind waiting to run now with these arguments (database backend)."""
    matching = {f"args_kwargs__kwargs__{name}": value for name, value in kwargs.items()}
    return Job.objects.ready().filter(task_path=job.module_path, backend_name=job.backend, **matching)


def _waiting_for_commit(job, kwargs):
    """Whether the current transaction already hands this job over when it commits.

    Django drops the callbacks of a rolled-back savepoint from this list, so
    it never claims a job that will not be handed over.
    """
    return any(
        getattr(callback, "func", None) == job.enqueue and callback.keywords == kwargs
        for _savepoints, callback, _robust in transaction.get_connection().run_on_commit
    )


def enqueue(job, **kwargs):
    """Enqueue *job* with the current write (see the module docstring); a job already waiting is not doubled."""
    if not _kept_in_database(job):
        if not _waiting_for_commit(job, kwargs):
            transaction.on_commit(functools.partial(job.enqueue, **kwargs))
    elif not waiting(job, **kwargs).exists():
        job.enqueue(**kwargs)


def run_again(jobs):
    """Queue a fresh first attempt of each of *jobs* (e.g. failed ones, once the cause is fixed); return how many."""
    count = 0
    for job in jobs:
        kwargs = {name: value for name, value in job.args_kwargs["kwargs"].items() if name != "attempt"}
        enqueue(job.task, **kwargs)
        count += 1
    return count


def requeue_stale(*, now=None):
    """Queue again the jobs marked running for longer than ``NEWSROOM_JOB_STALE_SECONDS``; return how many.

    Their worker is taken to be dead (killed, out of memory, machine lost). A
    job that is merely slow runs twice, which idempotent jobs allow.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=conf.stale_seconds())
    stale = Job.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    count = stale.update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Requeued %d job(s) whose worker stopped mid-job", count)
    return count


def advance_checkpoint(*, name, now, first_since):
    """Move the checkpoint *name* to *now*; return where it was (*first_since* the first time).

    Call inside the transaction that enqueues the work for the interval, so the
    mark moves only if that work is committed. The row lock keeps two runs of a
    periodic command from enqueuing the same interval twice.
    """
    checkpoint, created = Checkpoint.objects.select_for_update().get_or_create(
        name=name, defaults={"reached_at": now}
    )
    since = first_since if created else checkpoint.reached_at
    if not created:
        checkpoint.reached_at = max(now, since)
        checkpoint.save(update_fields=["reached_at"])
    return since
