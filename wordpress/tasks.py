"""The import as a background job: an upload in the admin queues it, a worker runs it."""

from jobs.queue import background_job


@background_job
def run_import(*, run_id):
    """Import the files of the ``ImportRun`` *run_id* and record its report."""
    from . import services  # services enqueue this job: imported here, once both modules exist

    services.perform_run(run_id=run_id)
