"""Suggestions at archive size: a bounded candidate set that keeps the best, batched full runs, incremental refreshes."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles import services
from articles.models import Article, RelatedSuggestion
from tests.concurrency import skip_unless_postgresql
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def suggested(article):
    return list(
        RelatedSuggestion.objects.filter(article=article).order_by("rank").values_list("target__title", flat=True)
    )


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def stored_lists():
    """Every stored list with its reasons, as an editor sees them in the admin."""
    rows = RelatedSuggestion.objects.order_by("article_id", "rank").values_list(
        "article_id", "rank", "target_id", "score", "shared_tags", "same_section", "text_similarity", "similar_words"
    )
    return [tuple(sorted(row[4]) if index == 4 else value for index, value in enumerate(row)) for row in rows]


def test_a_rare_shared_tag_finds_its_story_among_many_newer_stories_of_a_common_tag(monkeypatch):
    monkeypatch.setattr(services, "TAG_CANDIDATES", 5)
    monkeypatch.setattr(services, "SECTION_CANDIDATES", 0)
    syria, aqueduct = TagFactory(name_en="Syria"), TagFactory(name_en="Aleppo aqueduct")
    story = ArticleFactory(tags=[syria, aqueduct], title="Repairs begin", summary="", published_at=hours_ago(1))
    # Many stories of the common tag, all nearer in time than the one sharing the rare tag.
    ArticleFactory.create_batch(12, tags=[syria], title="Daily briefing", summary="", published_at=hours_ago(2))
    neighbour = ArticleFactory(tags=[aqueduct], title="Engineers inspect", summary="", published_at=hours_ago(400))
    services.refresh_suggestions_for(article=story)
    assert neighbour.title in suggested(story)


def test_stories_sharing_two_tags_come_before_any_number_sharing_one(monkeypatch):
    monkeypatch.setattr(services, "TAG_CANDIDATES", 3)
    monkeypatch.setattr(services, "SECTION_CANDIDATES", 0)
    syria, water, bread = TagFactory(), TagFactory(), TagFactory()
    story = ArticleFactory(tags=[syria, water, bread], title="Talks", summary="", published_at=hours_ago(1))
    ArticleFactory.create_batch(6, tags=[syria], title="Common", summary="", published_at=hours_ago(2))
    ArticleFactory.create_batch(6, tags=[bread], title="Less common", summary="", published_at=hours_ago(2))
    both = ArticleFactory(tags=[syria, water], title="Shares two, long ago", summary="", published_at=hours_ago(2000))
    services.refresh_suggestions_for(article=story)
    assert suggested(story)[0] == both.title


def test_a_refresh_moves_a_changed_story_out_of_the_lists_it_left_and_into_those_it_entered():
    syria, water = TagFactory(name_en="Syria"), TagFactory(name_en="Water")
    story = ArticleFactory(tags=[syria], title="Pumping station", summary="")
    old_neighbour = ArticleFactory(tags=[syria], title="Ceasefire", summary="")
    new_neighbour = ArticleFactory(tags=[water], title="Drought", summary="")
    bystander = ArticleFactory(tags=[TagFactory()], title="Football", summary="")
    services.refresh_all_suggestions()
    assert story.title in suggested(old_neighbour) and story.title not in suggested(new_neighbour)
    untouched = set(RelatedSuggestion.objects.filter(article=bystander).values_list("pk", flat=True))

    story.tags.set([water])  # the editor retags the story
    services.refresh_related_suggestions(article=story)
    assert story.title not in suggested(old_neighbour)
    assert story.title in suggested(new_neighbour)
    assert suggested(story) == [new_neighbour.title]
    assert set(RelatedSuggestion.objects.filter(article=bystander).values_list("pk", flat=True)) == untouched


def test_the_nightly_run_moves_several_changed_stories_at_once(monkeypatch):
    monkeypatch.setattr(services, "STALE_BATCH", 2)  # three changed stories: two batches
    syria, water = TagFactory(name_en="Syria"), TagFactory(name_en="Water")
    quiet = ArticleFactory(tags=[water], title="Drought", summary="", section=SectionFactory())
    changed = [ArticleFactory(tags=[syria], title=f"Changed {n}", summary="") for n in range(3)]
    services.refresh_all_suggestions()
    assert suggested(quiet) == []
    for article in changed:
        article.tags.add(water)  # a bulk fix in the shell: only the nightly run sees it
    past = timezone.now() - datetime.timedelta(minutes=2)
    Article.objects.filter(pk__in=[article.pk for article in changed]).update(
        suggestions_refreshed_at=past, updated_at=timezone.now()
    )
    assert services.refresh_stale_suggestions() == 3
    assert sorted(suggested(quiet)) == ["Changed 0", "Changed 1", "Changed 2"]
    assert services.refresh_stale_suggestions() == 0


def test_the_full_run_in_batches_gives_the_lists_of_refreshing_each_story_alone(settings, monkeypatch):
    settings.DEBUG = True  # generate_archive is a development tool
    call_command("generate_archive", articles=150, seed=5, suggestions="none", stdout=io.StringIO())
    # Small caps and batches, so the caps cut and the batches split a language.
    monkeypatch.setattr(services, "TAG_CANDIDATES", 12)
    monkeypatch.setattr(services, "SECTION_CANDIDATES", 8)
    monkeypatch.setattr(services, "REBUILD_BATCH", 17)
    out = io.StringIO()
    call_command("refresh_related_suggestions", "--all", stdout=out)
    assert "150 articles" in out.getvalue()
    batched = stored_lists()
    assert len({row[0] for row in batched}) > 100  # nearly every story has a list

    RelatedSuggestion.objects.all().delete()
    for article in Article.objects.order_by("?"):
        services.refresh_suggestions_for(article=article)
    assert stored_lists() == batched


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_full_run_shared_by_two_worker_processes_gives_the_same_lists(settings, monkeypatch):
    skip_unless_postgresql()
    settings.DEBUG = True
    call_command("generate_archive", articles=120, seed=8, suggestions="none", stdout=io.StringIO())
    monkeypatch.setattr(services, "TAG_CANDIDATES", 12)
    monkeypatch.setattr(services, "SECTION_CANDIDATES", 8)
    monkeypatch.setattr(services, "REBUILD_BATCH", 13)
    call_command("refresh_related_suggestions", "--all", stdout=io.StringIO())
    one_process = stored_lists()

    RelatedSuggestion.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_related_suggestions", "--all", "--workers", "2", stdout=out)
    assert "120 articles" in out.getvalue()
    assert stored_lists() == one_process
