"""Queue the site's periodic work; run it from cron every minute or few.

It only enqueues (the worker does the work) and is safe to run at any time,
or twice at once: stories that went live since the last run get their
go-live job, banners' impression counts and article reads waiting in the cache
get a flush, and jobs whose worker died are queued again.
"""

from django.core.management.base import BaseCommand

from articles import reads
from articles import services as article_services
from jobs import queue
from newsroom.banners import services as banner_services


class Command(BaseCommand):
    help = (
        "Queue the periodic work: go-live work of scheduled stories, impression and read flushes, "
        "and jobs whose worker died. Run it from cron, e.g. every minute."
    )

    def handle(self, *args, **options):
        requeued = queue.requeue_stale()
        went_live = article_services.enqueue_go_live_work()
        flushes = banner_services.enqueue_impression_flushes()
        reads_flushed = reads.enqueue_read_flush()
        self.stdout.write(
            f"{len(went_live)} story(ies) went live, {len(flushes)} impression flush(es) queued, "
            f"{int(reads_flushed)} read flush queued, "
            f"{requeued} stale job(s) queued again."
        )
