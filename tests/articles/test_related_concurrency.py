"""Suggestion refreshes that overlap never fail an editor's save, and leave consistent lists.

Refreshes are background jobs: one that fails is a failed (and retried) job
in the admin, never an error or a lost save for the editor.

A refresh rewrites a story's list and its neighbours' lists by deleting and
re-inserting rows. Two editors saving stories in one section at the same time
refresh overlapping lists; on PostgreSQL the second refresh must wait for the
first and then recompute, not insert ranks the first has just written. Each
concurrent editor runs in its own thread, with its own connection and transaction.
"""

from functools import partial

import pytest
from django.db import IntegrityError
from django.test import Client
from django_tasks import TaskResultStatus

from articles import services
from articles.models import Article, RelatedSuggestion
from jobs.models import Job
from tests.admin_forms import change_url, form_data_for
from tests.concurrency import at_the_same_instant, first_holds_then_second, skip_unless_postgresql
from tests.factories import ArticleFactory, TagFactory


def stored_lists():
    lists = {}
    for article_id, rank, target_id in RelatedSuggestion.objects.order_by("article", "rank").values_list(
        "article_id", "rank", "target_id"
    ):
        lists.setdefault(article_id, []).append((rank, target_id))
    return lists


def assert_lists_consistent():
    """Every list is numbered 1..n and is exactly what a fresh rebuild computes."""
    lists = stored_lists()
    for ranked in lists.values():
        assert [rank for rank, _target in ranked] == list(range(1, len(ranked) + 1))
    services.refresh_all_suggestions()
    assert stored_lists() == lists


# A real commit, and the refresh a job of the real database backend, run by its worker.
@pytest.mark.django_db(transaction=True)
def test_a_failed_suggestion_refresh_is_a_failed_job_and_the_editors_save_stays(
    editor_client, monkeypatch, database_backend, run_worker, settings
):
    settings.NEWSROOM_JOB_ATTEMPTS = 2
    story = ArticleFactory(title="Bread prices in Idlib")
    data = form_data_for(editor_client, story, title="Bread prices rise again in Idlib")

    def lost_race(**kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "unique_related_suggestion_rank"')

    monkeypatch.setattr(services, "refresh_related_suggestions", lost_race)
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 302  # the request only saved and enqueued
    story.refresh_from_db()
    assert story.title == "Bread prices rise again in Idlib"

    run_worker()
    jobs = Job.objects.filter(task_path="articles.tasks.refresh_suggestions").order_by("enqueued_at")
    assert [job.status for job in jobs] == [TaskResultStatus.FAILED, TaskResultStatus.FAILED]  # tried, retried
    assert all("unique_related_suggestion_rank" in job.traceback for job in jobs)
    story.refresh_from_db()
    assert story.title == "Bread prices rise again in Idlib"


# PostgreSQL: real concurrent transactions -----------------------------------


@pytest.fixture
def _postgresql_only(db):
    skip_unless_postgresql()


@pytest.fixture
def section_stories(_postgresql_only):
    """Five published stories sharing a tag and a section: every list overlaps every other."""
    tag = TagFactory()
    first = ArticleFactory(tags=[tag])
    return [first, *(ArticleFactory(tags=[tag], section=first.section) for _ in range(4))]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_refresh_of_overlapping_lists_waits_for_the_other_and_both_succeed(section_stories):
    first, second, *_others = section_stories
    # The second refresh runs into the first one's rewritten, uncommitted lists.
    results = first_holds_then_second(
        lambda: services.refresh_related_suggestions(article=first),
        lambda: services.refresh_related_suggestions(article=second),
    )
    assert results == {"first": "done", "second": "done"}
    assert set(stored_lists()) == {story.pk for story in section_stories}
    assert_lists_consistent()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_refreshes_started_at_the_same_instant_all_succeed(section_stories):
    for _round in range(3):
        results = at_the_same_instant(
            {story.pk: partial(services.refresh_related_suggestions, article=story) for story in section_stories}
        )
        assert set(results.values()) == {"done"}
        # The next round starts from full lists, so each refresh deletes rows the others rewrite.
        RelatedSuggestion.objects.filter(rank=1).delete()
    services.refresh_all_suggestions()
    assert_lists_consistent()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_editors_save_succeeds_while_another_refresh_holds_the_section_lists(section_stories, editor):
    first, second, *_others = section_stories

    def second_editor_saves():
        client = Client()
        client.force_login(editor)
        response = client.post(change_url(second), form_data_for(client, second, title="Bread prices rise again in Idlib"))
        assert response.status_code == 302, response.status_code

    results = first_holds_then_second(lambda: services.refresh_related_suggestions(article=first), second_editor_saves)
    assert results == {"first": "done", "second": "done"}
    assert Article.objects.get(pk=second.pk).title == "Bread prices rise again in Idlib"
    assert_lists_consistent()
