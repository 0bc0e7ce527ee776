"""Related suggestions are refreshed once at the end of an import, by one background job, not once per post."""

import pytest
from django_tasks import TaskResultStatus

from articles.models import RelatedSuggestion
from jobs.models import Job
from wordpress import services

from .exports import export, post, term, write

# The worker ends transactions, which a test wrapped in one transaction cannot allow.
pytestmark = pytest.mark.django_db(transaction=True)

TAGGED = [term("category", "news", "News"), term("post_tag", "bread", "Bread")]


def jobs(name):
    return Job.objects.filter(task_path=f"articles.tasks.{name}")


def import_three(tmp_path, **options):
    body = '<p>See <a href="https://en.example.org/2024/05/post-2/">the other</a>.</p>'
    path = write(tmp_path, "en.xml", export([post(1, "One", terms=TAGGED, body=body), post(2, "Two", terms=TAGGED),
                                             post(3, "Three", terms=TAGGED)]))
    return services.import_files(paths=[path], language="en", **options)


def test_an_import_queues_one_refresh_for_the_run_and_none_per_post(tmp_path, database_backend, run_worker):
    report = import_three(tmp_path)
    assert report.posts["created"] == 3 and report.links_rewritten == 1  # post 1's forward link, rewritten at the end
    assert not jobs("refresh_suggestions").exists()
    job = jobs("refresh_stale_suggestions").get()
    assert job.status == TaskResultStatus.READY and not RelatedSuggestion.objects.exists()

    run_worker()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    # Each story now suggests the two others (they share a tag and a section).
    assert RelatedSuggestion.objects.count() == 6


def test_running_it_again_unchanged_queues_nothing(tmp_path, database_backend, run_worker):
    import_three(tmp_path)
    run_worker()
    import_three(tmp_path)
    assert jobs("refresh_stale_suggestions").count() == 1  # the first run's, done


def test_a_dry_run_queues_nothing(tmp_path, database_backend):
    import_three(tmp_path, dry_run=True)
    assert not Job.objects.exists()
