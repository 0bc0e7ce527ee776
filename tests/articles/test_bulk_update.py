"""``update_articles_in_bulk``: many changed articles saved at once, with what ``save_article`` gives each of them."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from addresses.models import OldAddress
from articles import revisions, services
from articles.models import Article, RelatedArticle
from tests.concurrency import first_holds_then_second, skip_unless_postgresql
from tests.factories import ArticleFactory, AuthorFactory, TagFactory, UserFactory
from translations import services as translation_services
from translations.models import TranslationQueueEntry, TranslationSource

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def versions(article):
    return Version.objects.get_for_object(article).count()


@pytest.fixture
def world(editor):
    """Three live English stories, one translated into Arabic, one with a pin, and tags and authors to move between them."""
    tags = [TagFactory() for _ in range(3)]
    authors = [AuthorFactory() for _ in range(2)]
    first = ArticleFactory(title="Flood in the valley", slug="flood", tags=tags[:2], authors=authors[:1])
    second = ArticleFactory(title="Bread prices", slug="bread", tags=tags[2:])
    third = ArticleFactory(title="School term", slug="school")
    arabic = ArticleFactory(arabic=True, title="فيضان في الوادي")
    translation_services.link_translation(article=first, counterpart=arabic, by=editor)
    RelatedArticle.objects.create(article=second, target=third, position=1)
    return {"articles": [first, second, third], "tags": tags, "authors": authors, "arabic": arabic}


def changes(world):
    """The same edits, made to fresh copies of the stories: ``[(article, authors, tags)]``."""
    first, second, third = (Article.objects.get(pk=article.pk) for article in world["articles"])
    first.title, first.slug = "Flood in the valley, two dead", "flood-two-dead"
    first.body = '<p>Rescuers <script>alert(1)</script>reached the village.</p>'
    second.summary = "Prices rose again."
    return [
        (first, world["authors"], world["tags"][1:]),
        (second, None, None),  # authors and tags left as they are
        (third, list(third.authors.all()), world["tags"][:1]),  # only its tags change
    ]


def observed(world):
    """What readers, editors and translators can see of the stories, without ids or clocks."""
    ids = [article.pk for article in world["articles"]]
    state = {}
    for article in Article.objects.filter(pk__in=ids).order_by("pk"):
        last = Version.objects.get_for_object(article).order_by("-revision_id").first()
        fields = {name: value for name, value in last.field_dict.items() if name not in ("updated_at", "revised_at", "updated_by")}
        state[article.title] = {
            "row": {name: getattr(article, name) for name in (
                "title", "slug", "summary", "body", "text_fingerprint", "search_title", "search_summary", "search_body",
                "edit_version", "status", "published_at",
            )},
            "revised": article.revised_at is not None,
            "tags": sorted(article.tags.values_list("pk", flat=True)),
            "authors": sorted(article.authors.values_list("pk", flat=True)),
            "revisions": versions(article),
            "last revision": {**fields, "tags": sorted(fields.get("tags", [])), "authors": sorted(fields.get("authors", []))},
            "last revision comment": last.revision.comment,
            "pins kept": revisions.snapshot(last).pin_target_ids,
        }
        if connection.vendor == "postgresql":
            state[article.title]["vector"] = Article.objects.filter(pk=article.pk).values_list("search_vector", flat=True).get()
    state["addresses"] = sorted(OldAddress.objects.values_list("host", "path", "reason", "was_public", "article__slug"))
    state["queue"] = sorted(
        (str(entry.language), entry.need, entry.source.title, entry.translation.title if entry.translation else None)
        for entry in TranslationQueueEntry.objects.select_related("source", "translation")
    )
    state["translation stages"] = sorted(TranslationSource.objects.values_list("translation__title", "stage"))
    return state


def outcome(world, save):
    """Apply ``changes`` with *save*, note what it gives, and take it all back."""
    try:
        with transaction.atomic():
            save(changes(world))
            result = observed(world)
            raise _Undo
    except _Undo:
        return result


def test_a_bulk_update_gives_what_saving_each_article_gives(world, editor):
    def one_by_one(entries):
        for article, authors, tags in entries:
            services.save_article(article=article, by=editor, authors=authors, tags=tags, comment="Imported.",
                                  refresh_suggestions=False)

    def in_bulk(entries):
        result = services.update_articles_in_bulk(entries=entries, by=editor, comment="Imported.")
        assert len(result.saved) == 3 and not result.refused

    expected, got = outcome(world, one_by_one), outcome(world, in_bulk)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, dict):
            for part in value:
                assert (key, part, got[key][part]) == (key, part, value[part])
        assert (key, got[key]) == (key, value)
    # And what that is: the body sanitised, the old address kept, the translation outdated in the queue.
    assert got["Flood in the valley, two dead"]["row"]["body"] == "<p>Rescuers reached the village.</p>"
    assert ("", "/en/articles/flood", "slug", True, "flood-two-dead") in got["addresses"]
    assert ("ar", "outdated", "Flood in the valley, two dead", "فيضان في الوادي") in got["queue"]
    assert got["Bread prices"]["pins kept"] == [world["articles"][2].pk]


def test_an_article_whose_stored_form_would_not_change_is_left_alone(world, editor):
    first, second, third = world["articles"]
    before = {article.pk: (versions(article), Article.objects.get(pk=article.pk).edit_version) for article in world["articles"]}
    same = Article.objects.get(pk=second.pk)
    same.body = same.body.replace("<p>", '<p onclick="steal()">', 1)  # sanitised to what is stored already
    changed = Article.objects.get(pk=third.pk)
    changed.title = "School term starts"
    tags = list(second.tags.all())
    result = services.update_articles_in_bulk(entries=[(same, None, tags), (changed, None, None)], by=editor)
    assert result.unchanged == [same] and result.saved == [changed]
    assert (versions(second), Article.objects.get(pk=second.pk).edit_version) == before[second.pk]
    assert versions(third) == before[third.pk][0] + 1
    assert Article.objects.get(pk=third.pk).edit_version == before[third.pk][1] + 1


def test_refused_articles_are_refused_as_save_article_refuses_them_and_the_others_saved(world):
    writer = UserFactory(is_staff=True)
    writer.user_permissions.set(Permission.objects.filter(codename__in=["add_article", "change_article"]))
    first, second, third = (Article.objects.get(pk=article.pk) for article in world["articles"])
    first.status, first.published_at = Article.Status.DRAFT, None  # taking it down: an editor's decision
    second.title = "Bread prices, again"
    third.title = "School term, deleted meanwhile"
    Article.objects.filter(pk=third.pk).delete()
    with pytest.raises(ValidationError) as alone, transaction.atomic():
        reference = Article.objects.get(pk=first.pk)
        reference.status, reference.published_at = Article.Status.DRAFT, None
        services.save_article(article=reference, by=writer)
    result = services.update_articles_in_bulk(entries=[(first, None, None), (second, None, None), (third, None, None)], by=writer)
    refused = dict((article.pk, error) for article, error in result.refused)
    assert refused[first.pk].messages == alone.value.messages and refused[first.pk].code == "publish_forbidden"
    assert isinstance(refused[third.pk], services.EditConflict) and "deleted" in refused[third.pk].messages[0]
    assert result.saved == [second]
    assert Article.objects.get(pk=first.pk).status == Article.Status.PUBLISHED
    assert Article.objects.get(pk=second.pk).title == "Bread prices, again"


def test_an_editor_form_opened_before_a_bulk_update_is_refused_not_overwriting_it(world, editor):
    article = world["articles"][1]
    seen = Article.objects.get(pk=article.pk).edit_version  # the editor opens the form
    imported = Article.objects.get(pk=article.pk)
    imported.title = "Bread prices (imported)"
    services.update_articles_in_bulk(entries=[(imported, None, None)])
    typed = Article.objects.get(pk=article.pk)
    typed.title = "Bread prices (the editor's words)"
    with pytest.raises(services.EditConflict):
        services.save_article(article=typed, by=editor, seen_version=seen)
    assert Article.objects.get(pk=article.pk).title == "Bread prices (imported)"


def test_an_article_saved_since_the_versions_the_caller_read_is_refused_and_the_others_saved(world, editor):
    first, second, third = (Article.objects.get(pk=article.pk) for article in world["articles"])
    seen = {first.pk: first.edit_version, second.pk: second.edit_version}  # third: saved whatever its number
    typed = Article.objects.get(pk=first.pk)
    typed.title = "Flood in the valley (the editor's words)"
    services.save_article(article=typed, by=editor, seen_version=typed.edit_version)  # lands after the read
    third.edit_version = 99  # a number nobody read: not compared without a seen version
    for article in (first, second, third):
        article.summary = "Imported standfirst."

    result = services.update_articles_in_bulk(entries=[(a, None, None) for a in (first, second, third)], seen_versions=seen)

    ((refused, error),) = result.refused
    assert refused == first and isinstance(error, services.EditConflict) and error.current.pk == first.pk
    assert "after you opened it" in error.messages[0]
    assert result.saved == [second, third]
    stored = Article.objects.get(pk=first.pk)
    assert stored.title == "Flood in the valley (the editor's words)" and stored.summary != "Imported standfirst."


def test_a_live_story_whose_text_changed_says_updated(world):
    first, second, third = (Article.objects.get(pk=article.pk) for article in world["articles"])
    first.summary = "New standfirst."
    third.image_caption = "Not text: no Updated stamp."
    services.update_articles_in_bulk(entries=[(first, None, None), (third, None, None)])
    assert Article.objects.get(pk=first.pk).revised_at is not None
    assert Article.objects.get(pk=third.pk).revised_at is None


def test_updating_many_articles_costs_no_more_queries_than_a_few(editor):
    stories = [ArticleFactory(tags=[TagFactory()]) for _ in range(24)]

    def queries(articles, number):
        entries = []
        for article in Article.objects.filter(pk__in=[a.pk for a in articles]):
            article.title = f"{article.title} ({number})"
            entries.append((article, list(article.authors.all()), [TagFactory()]))
        with CaptureQueriesContext(connection) as captured:
            services.update_articles_in_bulk(entries=entries, by=editor, comment="Imported.")
        return len(captured)

    few = queries(stories[:3], 1)
    assert queries(stories, 2) <= few


def test_a_revision_of_a_bulk_update_reads_back_as_the_article(world, editor):
    entries = changes(world)
    services.update_articles_in_bulk(entries=entries, by=editor, comment="Imported.")
    first = entries[0][0]
    version = Version.objects.get_for_object(first).order_by("-revision_id").first()
    snap = revisions.snapshot(version)
    assert snap.article.title == "Flood in the valley, two dead" and snap.article.slug == "flood-two-dead"
    assert sorted(snap.tag_ids) == sorted(tag.pk for tag in world["tags"][1:])
    assert sorted(snap.author_ids) == sorted(author.pk for author in world["authors"])
    assert version.revision.user == editor and version.revision.comment == "Imported."


# PostgreSQL: real concurrent transactions -----------------------------------


def _imported(story):
    def update():
        imported = Article.objects.get(pk=story.pk)
        imported.title = "Bread prices (imported)"
        services.update_articles_in_bulk(entries=[(imported, None, None)])

    return update


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_editor_saving_while_a_bulk_update_holds_the_row_waits_and_is_told(editor):
    skip_unless_postgresql()
    story = ArticleFactory(title="Bread prices")
    seen = story.edit_version  # the editor's form was read before the import

    def editor_saves():
        typed = Article.objects.get(pk=story.pk)
        typed.title = "Bread prices (the editor's words)"
        services.save_article(article=typed, by=editor, seen_version=seen)

    results = first_holds_then_second(_imported(story), editor_saves)
    assert results["first"] == "done" and "after you opened it" in results["second"]
    assert Article.objects.get(pk=story.pk).title == "Bread prices (imported)"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_bulk_update_waits_for_an_editor_save_in_progress_then_saves_after_it(editor):
    skip_unless_postgresql()
    story = ArticleFactory(title="Bread prices")

    def editor_saves():
        typed = Article.objects.get(pk=story.pk)
        typed.summary = "The editor's standfirst."
        services.save_article(article=typed, by=editor, seen_version=story.edit_version)

    results = first_holds_then_second(editor_saves, _imported(story))
    assert results == {"first": "done", "second": "done"}
    saved = Article.objects.get(pk=story.pk)
    # As ``save_article`` without a seen version: it waited for the editor's save, then saved after it.
    assert (saved.title, saved.edit_version) == ("Bread prices (imported)", story.edit_version + 2)
