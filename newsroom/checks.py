"""System checks for deployments (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache_in_production(app_configs, **kwargs):
    """A per-process cache makes workers disagree: a banner switched off keeps showing elsewhere."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith("LocMemCache"):
        return []
    return [
        Warning(
            "The cache is local to each process.",
            hint="Set CACHE_URL (e.g. redis://127.0.0.1:6379/0) so every worker sees the same banner list.",
            id="newsroom.W001",
        )
    ]
