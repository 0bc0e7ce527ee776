"""Deployment check (``manage.py check --deploy``): production jobs belong on a worker, not in requests."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def jobs_run_by_a_worker(app_configs, **kwargs):
    """The immediate backend runs every job inside the request that enqueued it, and keeps no record."""
    if settings.DEBUG or getattr(settings, "NEWSROOM_TASKS_BACKEND", "database") == "database":
        return []
    return [
        Warning(
            "Background jobs run inside web requests and are not recorded.",
            hint="Set NEWSROOM_TASKS_BACKEND=database and run `manage.py db_worker` next to the web servers.",
            id="jobs.W001",
        )
    ]
