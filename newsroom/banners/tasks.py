"""Background jobs of the banners app: moving impression counts from the cache to the database."""

from jobs.queue import background_job

from . import services


@background_job
def flush_impressions(*, banner_id):
    """Write the impressions of one banner counted in the cache since the last flush."""
    return services.flush_impressions(banner_id=banner_id)
