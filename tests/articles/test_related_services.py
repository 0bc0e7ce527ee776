"""Curating related articles and keeping the stored suggestions fresh."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article, RelatedArticle, RelatedExclusion, RelatedSuggestion
from tests.articles.factories import RelatedArticleFactory, RelatedExclusionFactory
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def suggested(article):
    return list(
        RelatedSuggestion.objects.filter(article=article).order_by("rank").values_list("target__title", flat=True)
    )


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def syria():
    return TagFactory(name_en="Syria")


def test_suggestions_are_ranked_by_shared_tags_section_and_words(syria):
    turkey = TagFactory(name_en="Turkey")
    story = ArticleFactory(summary="", title="Turkey and Syria talk in Baghdad", tags=[syria, turkey])
    ArticleFactory(summary="", title="Two tags in common", tags=[syria, turkey], published_at=days_ago(3))
    ArticleFactory(summary="", title="Baghdad talk postponed", tags=[syria], published_at=days_ago(2))
    ArticleFactory(summary="", title="One tag only", tags=[syria], published_at=days_ago(1))
    ArticleFactory(summary="", title="Same section only", section=story.section)
    ArticleFactory(summary="", title="Nothing in common")
    services.refresh_suggestions_for(article=story)
    assert suggested(story) == ["Two tags in common", "Baghdad talk postponed", "One tag only", "Same section only"]
    row = RelatedSuggestion.objects.get(article=story, target__title="Baghdad talk postponed")
    assert row.shared_tags == [syria.pk] and row.same_section is False
    assert set(row.similar_words) == {"Baghdad", "talk"}


def test_suggestions_leave_out_other_languages_drafts_self_pinned_excluded_and_old_stories(settings, syria):
    settings.NEWSROOM_RELATED_MAX_AGE_DAYS = 30
    story = ArticleFactory(title="Story", tags=[syria])
    ArticleFactory(title="Kept", tags=[syria])
    ArticleFactory(arabic=True, title="خبر عربي", tags=[syria])
    ArticleFactory(title="A draft", tags=[syria], draft=True)
    ArticleFactory(title="Too old", tags=[syria], published_at=days_ago(31))
    pinned = ArticleFactory(title="Pinned", tags=[syria])
    excluded = ArticleFactory(title="Excluded", tags=[syria])
    RelatedArticleFactory(article=story, target=pinned)
    RelatedExclusionFactory(article=story, target=excluded)
    services.refresh_suggestions_for(article=story)
    assert suggested(story) == ["Kept"]


def test_old_stories_get_suggestions_from_their_own_time(settings, syria):
    settings.NEWSROOM_RELATED_MAX_AGE_DAYS = 30
    old = ArticleFactory(title="Old story", tags=[syria], published_at=days_ago(400))
    ArticleFactory(title="Its contemporary", tags=[syria], published_at=days_ago(390))
    ArticleFactory(title="Today's story", tags=[syria])
    services.refresh_suggestions_for(article=old)
    assert suggested(old) == ["Its contemporary"]


def test_as_many_suggestions_are_kept_as_twice_the_count(settings, syria):
    settings.NEWSROOM_RELATED_COUNT = 2
    story = ArticleFactory(tags=[syria])
    ArticleFactory.create_batch(6, tags=[syria])
    services.refresh_suggestions_for(article=story)
    assert RelatedSuggestion.objects.filter(article=story).count() == 4


def test_refreshing_is_deterministic(syria):
    story = ArticleFactory(tags=[syria])
    stamp = days_ago(2)
    ArticleFactory.create_batch(6, tags=[syria], published_at=stamp)
    services.refresh_suggestions_for(article=story)
    first = suggested(story)
    services.refresh_suggestions_for(article=story)
    assert suggested(story) == first
    assert first == list(Article.objects.exclude(pk=story.pk).order_by("-pk").values_list("title", flat=True))


def test_publishing_a_story_adds_it_to_the_lists_of_related_stories(syria):
    older = ArticleFactory(title="Older", tags=[syria])
    services.refresh_related_suggestions(article=older)
    assert suggested(older) == []
    new = ArticleFactory(title="New", tags=[syria], draft=True)
    services.refresh_related_suggestions(article=new)
    assert suggested(older) == []  # a draft is never suggested
    new.status, new.published_at = Article.Status.PUBLISHED, timezone.now()
    new.save()
    services.refresh_related_suggestions(article=new)
    assert suggested(older) == ["New"] and suggested(new) == ["Older"]


def test_editing_tags_moves_a_story_up_other_lists(syria):
    water = TagFactory()
    story = ArticleFactory(title="Story", tags=[syria, water])
    ArticleFactory(title="First", tags=[syria], published_at=days_ago(1))
    second = ArticleFactory(title="Second", tags=[syria], published_at=days_ago(2))
    services.refresh_related_suggestions(article=story)
    assert suggested(story) == ["First", "Second"]
    second.tags.add(water)
    services.refresh_related_suggestions(article=second)
    assert suggested(story) == ["Second", "First"]


def test_unpublishing_a_story_takes_it_out_of_other_lists(syria):
    story = ArticleFactory(title="Story", tags=[syria])
    other = ArticleFactory(title="Other", tags=[syria])
    services.refresh_related_suggestions(article=story)
    assert suggested(story) == ["Other"]
    other.status, other.published_at = Article.Status.DRAFT, None
    other.save()
    services.refresh_related_suggestions(article=other)
    assert suggested(story) == []


def test_deleting_a_story_refills_the_lists_that_suggested_it(settings, syria):
    settings.NEWSROOM_RELATED_COUNT = 1  # two kept per story
    story = ArticleFactory(title="Story", tags=[syria])
    ArticleFactory(title="Third", tags=[syria], published_at=days_ago(3))
    second = ArticleFactory(title="Second", tags=[syria], published_at=days_ago(2))
    services.refresh_suggestions_for(article=story)
    assert suggested(story) == ["Second", "Third"]
    first = ArticleFactory(title="First", tags=[syria], published_at=days_ago(1))
    services.refresh_related_suggestions(article=first)
    assert suggested(story) == ["First", "Second"]
    affected = services.lists_suggesting([first, second])
    Article.objects.filter(pk__in=[first.pk, second.pk]).delete()
    services.refresh_after_deletion(article_ids=affected)
    assert suggested(story) == ["Third"]


def test_refresh_all_rebuilds_every_list(syria):
    stories = ArticleFactory.create_batch(3, tags=[syria])
    assert services.refresh_all_suggestions() == 3
    assert all(len(suggested(story)) == 2 for story in stories)


def test_pin_appends_by_default_and_inserts_at_a_position():
    story = ArticleFactory()
    first, second, third = ArticleFactory.create_batch(3)
    services.pin_related_article(article=story, target=first)
    services.pin_related_article(article=story, target=second)
    services.pin_related_article(article=story, target=third, position=1)
    pins = list(story.related_pins.values_list("target", "position"))
    assert pins == [(third.pk, 1), (first.pk, 2), (second.pk, 3)]


@pytest.mark.parametrize("kind", ["self", "other language", "duplicate"])
def test_pin_refuses_bad_targets_and_writes_nothing(kind):
    story = ArticleFactory()
    existing = RelatedArticleFactory(article=story, position=1)
    target = {"self": story, "other language": ArticleFactory(arabic=True), "duplicate": existing.target}[kind]
    with pytest.raises(ValidationError):
        services.pin_related_article(article=story, target=target)
    assert list(story.related_pins.all()) == [existing]


def test_setting_the_pins_orders_adds_and_removes_them():
    story = ArticleFactory()
    a, b, c, d = ArticleFactory.create_batch(4)
    services.set_related_pins(article=story, targets=[a, b, c])
    services.set_related_pins(article=story, targets=[c, d, a])
    assert list(story.related_pins.values_list("target", "position")) == [(c.pk, 1), (d.pk, 2), (a.pk, 3)]
    services.set_related_pins(article=story, targets=[])
    assert not story.related_pins.exists()


@pytest.mark.parametrize("kind", ["self", "other language", "twice"])
def test_setting_the_pins_refuses_bad_lists_and_writes_nothing(kind):
    story = ArticleFactory()
    kept = RelatedArticleFactory(article=story, position=1)
    other = ArticleFactory()
    targets = {"self": [story], "other language": [ArticleFactory(arabic=True)], "twice": [other, other]}[kind]
    with pytest.raises(ValidationError):
        services.set_related_pins(article=story, targets=targets)
    assert list(story.related_pins.all()) == [kept]


def test_setting_the_pins_lifts_the_exclusion_of_a_pinned_article():
    story, other = ArticleFactory(), ArticleFactory()
    RelatedExclusionFactory(article=story, target=other)
    services.set_related_pins(article=story, targets=[other])
    assert not RelatedExclusion.objects.exists()


def test_promote_a_suggestion_pins_it_after_the_pins_and_it_is_no_longer_suggested(syria, commit):
    story = ArticleFactory(tags=[syria])
    pinned = ArticleFactory()
    suggestion = ArticleFactory(tags=[syria])
    commit(services.pin_related_article, article=story, target=pinned)
    assert suggested(story) == [suggestion.title]
    commit(services.promote_suggestion, article=story, target=suggestion)
    assert list(story.related_pins.values_list("target", flat=True)) == [pinned.pk, suggestion.pk]
    assert suggested(story) == []


def test_exclude_and_allow_again(editor, syria, commit):
    story = ArticleFactory(tags=[syria])
    other = ArticleFactory(tags=[syria])
    services.refresh_suggestions_for(article=story)
    exclusion = commit(services.exclude_suggestion, article=story, target=other, by=editor)
    assert exclusion.created_by == editor and suggested(story) == []
    with pytest.raises(ValidationError):
        services.exclude_suggestion(article=story, target=other)
    assert commit(services.allow_suggestion, article=story, target=other)
    assert suggested(story) == [other.title]


def test_a_pinned_article_cannot_be_excluded_and_pinning_lifts_an_exclusion():
    story, other = ArticleFactory(), ArticleFactory()
    RelatedExclusionFactory(article=story, target=other)
    services.pin_related_article(article=story, target=other)
    assert not RelatedExclusion.objects.exists()
    with pytest.raises(ValidationError, match="pinned"):
        services.exclude_suggestion(article=story, target=other)


def test_refresh_for_a_story_without_tags_or_publication_date_uses_its_section():
    section = SectionFactory()
    draft = ArticleFactory(section=section, draft=True)
    neighbour = ArticleFactory(section=section)
    services.refresh_related_suggestions(article=draft)
    assert suggested(draft) == [neighbour.title]
    assert not RelatedArticle.objects.exists()


def test_saving_a_story_again_without_changes_leaves_other_lists_alone(syria):
    story = ArticleFactory(tags=[syria])
    neighbours = ArticleFactory.create_batch(3, tags=[syria])
    services.refresh_all_suggestions()
    before = set(RelatedSuggestion.objects.exclude(article=story).values_list("pk", flat=True))
    services.refresh_related_suggestions(article=story)
    assert set(RelatedSuggestion.objects.exclude(article=story).values_list("pk", flat=True)) == before
    water = TagFactory()
    neighbours[0].tags.add(water)
    story.tags.add(water)  # the editor tags the story: it now matters more to the first neighbour only
    services.refresh_related_suggestions(article=story)
    after = set(RelatedSuggestion.objects.exclude(article=story).values_list("pk", flat=True))
    rewritten = set(RelatedSuggestion.objects.filter(pk__in=after - before).values_list("article", flat=True))
    assert rewritten == {neighbours[0].pk}


def test_management_command_refreshes_one_language_or_all():
    from django.core.management import CommandError, call_command

    tag = TagFactory()
    english = ArticleFactory(tags=[tag])
    ArticleFactory(tags=[tag])
    arabic = ArticleFactory(arabic=True, tags=[tag])
    ArticleFactory(arabic=True, tags=[tag])
    out = io.StringIO()
    call_command("refresh_related_suggestions", "--all", "--language", "ar", stdout=out)
    assert "2 articles" in out.getvalue()
    assert suggested(arabic) and not suggested(english)
    call_command("refresh_related_suggestions", stdout=out)
    assert suggested(english)
    with pytest.raises(CommandError):
        call_command("refresh_related_suggestions", "--all", "--language", "xx")


def test_the_nightly_run_refreshes_only_what_changed_and_their_neighbours(syria):
    turkey = TagFactory(name_en="Turkey")
    quiet = ArticleFactory(tags=[syria], title="Quiet story", summary="")
    edited = ArticleFactory(tags=[turkey], title="Edited story", summary="", section=SectionFactory())
    scheduled = ArticleFactory(tags=[turkey], title="Goes live tonight", scheduled=True)
    services.refresh_all_suggestions()
    assert services.refresh_stale_suggestions() == 0  # nothing changed since
    assert "Edited story" not in suggested(quiet)

    # Edited without the save service (a bulk fix in the shell, say): only the nightly run sees it.
    edited.tags.add(syria)
    Article.objects.filter(pk=edited.pk).update(
        suggestions_refreshed_at=timezone.now() - datetime.timedelta(minutes=2), updated_at=timezone.now()
    )
    # Its list was computed while it was scheduled; its time has come since.
    Article.objects.filter(pk=scheduled.pk).update(
        suggestions_refreshed_at=timezone.now() - datetime.timedelta(minutes=2),
        published_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert set(services.stale_articles()) == {edited, scheduled}

    assert services.refresh_stale_suggestions() == 2
    # The edited story entered its new neighbour's list, though the neighbour itself never changed.
    assert "Edited story" in suggested(quiet)
    assert services.refresh_stale_suggestions() == 0


def test_scoring_looks_at_a_bounded_set_of_candidates_most_shared_tags_first(syria, monkeypatch):
    monkeypatch.setattr(services, "TAG_CANDIDATES", 2)
    monkeypatch.setattr(services, "SECTION_CANDIDATES", 0)
    turkey, iraq = TagFactory(name_en="Turkey"), TagFactory(name_en="Iraq")
    story = ArticleFactory(tags=[syria, turkey, iraq], summary="", title="Talks")
    three = ArticleFactory(tags=[syria, turkey, iraq], summary="", title="Shares three")
    two = ArticleFactory(tags=[syria, turkey], summary="", title="Shares two")
    ArticleFactory.create_batch(3, tags=[syria], summary="", title="Shares one")
    services.refresh_suggestions_for(article=story)
    assert suggested(story) == [three.title, two.title]


def test_scoring_takes_the_sections_stories_nearest_in_time(monkeypatch):
    monkeypatch.setattr(services, "SECTION_CANDIDATES", 2)
    section = SectionFactory()
    story = ArticleFactory(section=section, published_at=days_ago(50), title="Middle", summary="")
    before = ArticleFactory(section=section, published_at=days_ago(51), title="Day before", summary="")
    after = ArticleFactory(section=section, published_at=days_ago(49), title="Day after", summary="")
    ArticleFactory(section=section, published_at=days_ago(200), title="Long before", summary="")
    ArticleFactory(section=section, published_at=days_ago(5), title="Long after", summary="")
    services.refresh_suggestions_for(article=story)
    assert set(suggested(story)) == {before.title, after.title}
