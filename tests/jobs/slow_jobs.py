"""A job for the worker-process tests: the first run hangs (until its worker is killed), a later run finishes."""

import time

from django.utils import timezone

from jobs.models import Checkpoint
from jobs.queue import background_job


@background_job
def hang_the_first_time(*, name):
    now = timezone.now()
    _checkpoint, first_run = Checkpoint.objects.get_or_create(name=f"{name}:started", defaults={"reached_at": now})
    if first_run:
        time.sleep(120)  # the test kills the worker long before this ends
    Checkpoint.objects.create(name=f"{name}:done", reached_at=now)
