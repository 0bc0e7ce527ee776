"""The job queue itself: enqueued with the write, once, retried, visible in the admin, never lost with a worker."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from articles import services, tasks
from articles.models import RelatedSuggestion
from jobs import queue
from jobs.models import Job
from tests.factories import ArticleFactory, TagFactory, UserFactory

# The worker ends transactions and may close the connection, which a test wrapped in one transaction cannot allow.
pytestmark = pytest.mark.django_db(transaction=True)


def refresh_jobs():
    return Job.objects.filter(task_path="articles.tasks.refresh_suggestions")


def two_related_stories():
    tag = TagFactory()
    return ArticleFactory(tags=[tag]), ArticleFactory(tags=[tag])


def test_a_save_enqueues_one_waiting_job_and_the_worker_runs_it(database_backend, run_worker):
    story, other = two_related_stories()
    with transaction.atomic():
        services.save_article(article=story)
        services.set_related_pins(article=story, targets=[])  # a second enqueue for the same story
    job = refresh_jobs().get()
    assert (job.status, job.args_kwargs["kwargs"]) == (TaskResultStatus.READY, {"article_id": story.pk})
    assert not RelatedSuggestion.objects.exists()  # nothing ran in the "request"

    run_worker()
    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert list(RelatedSuggestion.objects.filter(article=story).values_list("target", flat=True)) == [other.pk]


def test_a_job_is_rolled_back_with_the_write_that_caused_it(database_backend):
    story = ArticleFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        story.title = "Never saved"
        services.save_article(article=story)
        assert refresh_jobs().count() == 1
        raise RuntimeError("the editor's transaction fails after the save")
    assert not refresh_jobs().exists()


def test_the_immediate_backend_runs_the_job_only_once_the_write_commits():
    story, other = two_related_stories()
    with transaction.atomic():
        services.save_article(article=story)
        # Still inside the transaction: the job has not run, so it cannot read uncommitted rows.
        assert not RelatedSuggestion.objects.exists()
    assert list(RelatedSuggestion.objects.filter(article=story).values_list("target", flat=True)) == [other.pk]


def test_the_immediate_backend_runs_a_job_queued_twice_in_one_transaction_once(monkeypatch):
    refreshed = []
    monkeypatch.setattr(services, "refresh_related_suggestions", lambda article: refreshed.append(article.pk))
    story, other = ArticleFactory(), ArticleFactory()
    with transaction.atomic():
        services.save_article(article=story)
        services.set_related_pins(article=story, targets=[other])
        services.save_article(article=other)
        with pytest.raises(RuntimeError), transaction.atomic():
            services.save_article(article=ArticleFactory())
            raise RuntimeError("this part is rolled back, and its job with it")
    assert refreshed == [story.pk, other.pk]


def failing_refresh(**kwargs):
    raise RuntimeError("suggestion engine exploded")


def test_a_failing_job_is_retried_then_marked_failed_with_its_traceback(database_backend, run_worker, settings, monkeypatch):
    settings.NEWSROOM_JOB_ATTEMPTS = 3
    story = ArticleFactory()
    services.save_article(article=story)
    monkeypatch.setattr(services, "refresh_related_suggestions", failing_refresh)
    run_worker()
    attempts = list(refresh_jobs().order_by("enqueued_at").values_list("status", "args_kwargs"))
    assert attempts == [
        (TaskResultStatus.FAILED, {"args": [], "kwargs": {"article_id": story.pk}}),
        (TaskResultStatus.FAILED, {"args": [], "kwargs": {"article_id": story.pk, "attempt": 2}}),
        (TaskResultStatus.FAILED, {"args": [], "kwargs": {"article_id": story.pk, "attempt": 3}}),
    ]
    assert all("suggestion engine exploded" in job.traceback for job in refresh_jobs())


def test_a_retry_waits_longer_each_time(database_backend, settings, monkeypatch):
    settings.NEWSROOM_JOB_RETRY_SECONDS = 30
    monkeypatch.setattr(services, "refresh_related_suggestions", failing_refresh)
    story = ArticleFactory()
    before = timezone.now()
    with pytest.raises(RuntimeError):
        tasks.refresh_suggestions.call(article_id=story.pk, attempt=2)
    retry = refresh_jobs().get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 3
    assert retry.run_after >= before + datetime.timedelta(seconds=60)
    assert not queue.waiting(tasks.refresh_suggestions, article_id=story.pk).exists()  # not due yet


def test_the_immediate_backend_retries_too_and_the_save_stays(settings, monkeypatch):
    settings.NEWSROOM_JOB_ATTEMPTS = 3
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        raise RuntimeError("suggestion engine exploded")

    monkeypatch.setattr(services, "refresh_related_suggestions", failing)
    story = ArticleFactory()
    story.title = "Saved all the same"
    services.save_article(article=story)
    assert len(calls) == 3
    story.refresh_from_db()
    assert story.title == "Saved all the same"


def test_failed_jobs_show_in_the_admin_with_their_traceback(database_backend, run_worker, settings, monkeypatch, editor_client):
    settings.NEWSROOM_JOB_ATTEMPTS = 1
    monkeypatch.setattr(services, "refresh_related_suggestions", failing_refresh)
    services.save_article(article=ArticleFactory())
    run_worker()
    listing = editor_client.get(reverse("admin:jobs_job_changelist"), {"status": TaskResultStatus.FAILED})
    assert listing.status_code == 200
    assert '<th class="field-job"><a href' in listing.text and ">refresh_suggestions</a>" in listing.text
    assert '<td class="field-status_label">Failed</td>' in listing.text
    job = refresh_jobs().get()
    page = editor_client.get(reverse("admin:jobs_job_change", args=[job.pk]))
    assert "RuntimeError: suggestion engine exploded" in page.text
    assert page.text.count("<pre>") >= 1
    assert editor_client.get(reverse("admin:index")).context["app_list"][-1]["app_label"] == "jobs"
    editor_client.cookies["newsroom_language"] = "ar"
    arabic = editor_client.get(reverse("admin:jobs_job_changelist"))
    assert '<td class="field-status_label">فشلت</td>' in arabic.text and "المهام في الخلفية" in arabic.text


def test_a_job_whose_worker_died_is_queued_again_and_finished(database_backend, run_worker, settings):
    settings.NEWSROOM_JOB_STALE_SECONDS = 600
    story, other = two_related_stories()
    services.save_article(article=story)
    # What a killed worker leaves behind: the job claimed (committed as running), never finished.
    started = timezone.now() - datetime.timedelta(minutes=11)
    refresh_jobs().update(status=TaskResultStatus.RUNNING, started_at=started, worker_ids=["killed-worker"])
    fresh = ArticleFactory()
    services.save_article(article=fresh)
    refresh_jobs().filter(args_kwargs__kwargs__article_id=fresh.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    run_worker()
    assert not RelatedSuggestion.objects.exists()  # the library never picks it up by itself

    assert queue.requeue_stale() == 1
    run_worker()
    job = refresh_jobs().get(args_kwargs__kwargs__article_id=story.pk)
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert job.worker_ids[0] == "killed-worker" and len(job.worker_ids) == 2
    assert RelatedSuggestion.objects.filter(article=story, target=other).exists()
    assert refresh_jobs().get(args_kwargs__kwargs__article_id=fresh.pk).status == TaskResultStatus.RUNNING


def test_a_superuser_runs_failed_jobs_again_from_the_admin(database_backend, run_worker, settings, monkeypatch, editor_client):
    settings.NEWSROOM_JOB_ATTEMPTS = 1
    story, other = two_related_stories()
    services.save_article(article=story)
    with monkeypatch.context() as patched:
        patched.setattr(services, "refresh_related_suggestions", failing_refresh)
        run_worker()
    failed = refresh_jobs().get()
    changelist = reverse("admin:jobs_job_changelist")
    response = editor_client.post(changelist, {"action": "run_again", "_selected_action": [failed.pk]}, follow=True)
    assert "1 job queued again." in response.text
    run_worker()
    again = refresh_jobs().exclude(pk=failed.pk).get()
    assert (again.status, again.args_kwargs["kwargs"]) == (TaskResultStatus.SUCCESSFUL, {"article_id": story.pk})
    assert RelatedSuggestion.objects.filter(article=story, target=other).exists()


def test_only_a_superuser_may_run_jobs_again(database_backend, client):
    services.save_article(article=ArticleFactory())  # a job on the list: actions show only with rows
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_job"))
    client.force_login(viewer)
    response = client.get(reverse("admin:jobs_job_changelist"))
    assert response.status_code == 200 and ">refresh_suggestions</a>" in response.text
    assert "run_again" not in response.text
