"""``run_scheduled_work``: go-live work of scheduled stories, impression flushes and lost jobs, enqueued from cron."""

import datetime
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus

from articles import services
from articles.models import Article, RelatedSuggestion
from jobs.models import Job
from newsroom.banners import services as banner_services
from newsroom.banners.models import Banner
from tests.banners.factories import BannerFactory
from tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db(transaction=True)


def went_live(story, minutes_ago=5):
    """*story*, scheduled when it was saved, whose publication time has now passed."""
    now = timezone.now()
    Article.objects.filter(pk=story.pk).update(
        published_at=now - datetime.timedelta(minutes=minutes_ago), updated_at=now - datetime.timedelta(days=2)
    )


def go_live_jobs():
    return Job.objects.filter(task_path="articles.tasks.story_went_live")


def run_scheduled_work():
    out = StringIO()
    call_command("run_scheduled_work", stdout=out)
    return out.getvalue()


def test_stories_whose_time_came_get_their_go_live_job_once(database_backend):
    tag = TagFactory()
    scheduled = ArticleFactory(tags=[tag], scheduled=True)
    ArticleFactory(scheduled=True)  # its time has not come
    ArticleFactory(tags=[tag])  # saved after its publication time: its save queued the refresh
    went_live(scheduled)
    assert "1 story(ies) went live" in run_scheduled_work()
    assert [job.args_kwargs["kwargs"] for job in go_live_jobs()] == [{"article_id": scheduled.pk}]
    assert "0 story(ies) went live" in run_scheduled_work()  # the checkpoint moved on
    assert go_live_jobs().count() == 1


def test_the_go_live_job_refreshes_the_story_and_its_neighbours(database_backend, run_worker):
    tag = TagFactory()
    neighbour = ArticleFactory(tags=[tag])
    scheduled = ArticleFactory(tags=[tag], scheduled=True)
    went_live(scheduled)
    run_scheduled_work()
    run_worker()
    assert go_live_jobs().get().status == TaskResultStatus.SUCCESSFUL
    assert RelatedSuggestion.objects.filter(article=scheduled, target=neighbour).exists()
    assert RelatedSuggestion.objects.filter(article=neighbour, target=scheduled).exists()


def test_go_live_work_is_not_enqueued_when_its_transaction_fails(database_backend, monkeypatch):
    scheduled = ArticleFactory(scheduled=True)
    went_live(scheduled)

    def checkpoint_write_fails(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.queue, "advance_checkpoint", checkpoint_write_fails)
    with pytest.raises(RuntimeError):
        services.enqueue_go_live_work()
    assert not go_live_jobs().exists()


def test_a_long_scheduled_story_is_found_on_the_first_run_only_within_a_day(database_backend):
    old = ArticleFactory(scheduled=True)
    went_live(old, minutes_ago=60 * 25)
    assert services.enqueue_go_live_work() == []


def test_impressions_waiting_in_the_cache_are_flushed_by_the_scheduled_job(database_backend, run_worker, settings):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 50
    banner = BannerFactory()
    cache.clear()
    for _ in range(7):
        banner_services.record_impression(banner_id=banner.pk)
    assert not Job.objects.exists()  # no write of any kind per page view
    assert "1 impression flush(es) queued" in run_scheduled_work()
    run_worker()
    assert Banner.objects.get(pk=banner.pk).impressions == 7


def test_a_full_batch_of_views_queues_one_flush_job(database_backend, run_worker, settings):
    settings.NEWSROOM_BANNER_IMPRESSION_BATCH = 5
    banner = BannerFactory()
    cache.clear()
    for _ in range(12):
        banner_services.record_impression(banner_id=banner.pk)
    assert Job.objects.filter(task_path="newsroom.banners.tasks.flush_impressions").count() == 1
    run_worker()
    # The flush took every view counted by then, full batch or not.
    assert Banner.objects.get(pk=banner.pk).impressions == 12


def test_stale_jobs_are_queued_again_by_the_scheduled_work(database_backend, settings):
    settings.NEWSROOM_JOB_STALE_SECONDS = 60
    services.save_article(article=ArticleFactory())
    Job.objects.update(status=TaskResultStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(minutes=5))
    assert "1 stale job(s) queued again" in run_scheduled_work()
    assert Job.objects.get().status == TaskResultStatus.READY
