"""Queue again the background jobs whose worker died mid-job (``run_scheduled_work`` does this too)."""

from django.core.management.base import BaseCommand

from jobs import queue


class Command(BaseCommand):
    help = "Queue again the jobs marked running for longer than NEWSROOM_JOB_STALE_SECONDS (their worker died)."

    def handle(self, *args, **options):
        count = queue.requeue_stale()
        self.stdout.write(f"{count} stale job(s) queued again.")
