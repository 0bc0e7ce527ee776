"""The rules of linking, unlinking, creating and keeping versions in step, at the service level."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils import translation as django_translation

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, TagFactory
from translations import services
from translations.models import TranslationEvent, TranslationSource
from translations.selectors import story_versions

pytestmark = pytest.mark.django_db


def versions(article):
    return list(Article.objects.versions_of(article))


def error_text(excinfo):
    with django_translation.override("en"):
        return " ".join(excinfo.value.messages)


# Linking ------------------------------------------------------------------


def test_link_is_symmetric_and_tracks_the_translation(english, arabic, editor):
    services.link_translation(article=english, counterpart=arabic, by=editor)
    assert versions(english) == [arabic]
    assert versions(arabic) == [english]
    record = TranslationSource.objects.get(translation=arabic)
    assert record.source == english
    assert not record.is_outdated
    assert record.marked_by == editor


def test_link_can_name_the_counterpart_as_the_original(english, arabic, editor):
    services.link_translation(article=arabic, counterpart=english, by=editor, source=english)
    assert TranslationSource.objects.get().translation == arabic


def test_link_is_audited(english, arabic, editor):
    services.link_translation(article=english, counterpart=arabic, by=editor)
    event = TranslationEvent.objects.get()
    assert (event.action, event.article, event.counterpart, event.actor) == ("linked", arabic, english, editor)
    assert event.article_title == arabic.title


def test_link_to_itself_is_refused(english, editor):
    with pytest.raises(ValidationError) as excinfo:
        services.link_translation(article=english, counterpart=english, by=editor)
    assert error_text(excinfo) == "An article cannot be linked to itself."


def test_link_of_two_articles_in_the_same_language_is_refused(english, editor):
    other = ArticleFactory(title="Another English story")
    with pytest.raises(ValidationError) as excinfo:
        services.link_translation(article=english, counterpart=other, by=editor)
    assert "Both articles are in English" in error_text(excinfo)
    assert versions(english) == [] and versions(other) == []


def test_link_of_an_article_already_in_another_story_is_refused(english, arabic, editor):
    other_english = ArticleFactory(title="Bread prices rise")
    services.link_translation(article=other_english, counterpart=arabic, by=editor)
    with pytest.raises(ValidationError) as excinfo:
        services.link_translation(article=english, counterpart=arabic, by=editor)
    assert error_text(excinfo) == f"“{arabic.title}” is already linked to another story. Unlink it from that story first."
    assert versions(arabic) == [other_english]
    assert versions(english) == []


def test_link_into_a_story_that_already_has_that_language_is_refused(linked_pair, editor):
    english, arabic = linked_pair
    second_arabic = ArticleFactory(arabic=True, title="خبر آخر")
    with pytest.raises(ValidationError) as excinfo:
        services.link_translation(article=english, counterpart=second_arabic, by=editor)
    assert error_text(excinfo) == f"This story already has a version in Arabic: “{arabic.title}”."
    assert versions(second_arabic) == []


def test_link_of_versions_already_linked_is_refused(linked_pair, editor):
    english, arabic = linked_pair
    with pytest.raises(ValidationError) as excinfo:
        services.link_translation(article=english, counterpart=arabic, by=editor)
    assert "already a version of this story" in error_text(excinfo)


def test_refusals_are_translated_for_arabic_editors(english, editor):
    with pytest.raises(ValidationError) as excinfo:
        services.link_translation(article=english, counterpart=english, by=editor)
    with django_translation.override("ar"):
        assert excinfo.value.messages == ["لا يمكن ربط مقال بنفسه."]


def test_link_uses_fresh_rows_not_a_stale_copy(linked_pair, editor):
    """An article unlinked since the form was loaded is not linked into its old story."""
    english, arabic = linked_pair
    stale_english = Article.objects.get(pk=english.pk)
    services.unlink_translation(article=english, by=editor)
    newcomer = ArticleFactory(arabic=True)
    services.link_translation(article=stale_english, counterpart=newcomer, by=editor)
    assert versions(newcomer) == [english]
    assert versions(arabic) == []


def test_lost_race_on_the_constraint_is_a_clear_error(linked_pair, editor, monkeypatch):
    """If the checks pass but another editor linked first, the database constraint decides."""
    english, _arabic = linked_pair
    latecomer = ArticleFactory(arabic=True)
    monkeypatch.setattr(services, "check_link", lambda **kwargs: None)
    with pytest.raises(ValidationError) as excinfo:
        services.link_translation(article=english, counterpart=latecomer, by=editor)
    assert excinfo.value.code == "language_taken"
    assert "This story already has a version in Arabic: another editor added it" in error_text(excinfo)
    latecomer.refresh_from_db()
    assert versions(latecomer) == []
    assert not TranslationEvent.objects.filter(article=latecomer).exists()


# Unlinking ----------------------------------------------------------------


def test_unlink_separates_the_versions_and_changes_nothing_else(linked_pair, editor):
    english, arabic = linked_pair
    before = Article.objects.values().get(pk=arabic.pk)
    services.unlink_translation(article=arabic, by=editor)
    after = Article.objects.values().get(pk=arabic.pk)
    assert versions(english) == [] and versions(arabic) == []
    assert after.pop("translation_key") != before.pop("translation_key")
    assert after == before
    assert not TranslationSource.objects.exists()
    assert TranslationEvent.objects.filter(action="unlinked", article=arabic, counterpart=english).exists()


def test_unlink_of_an_article_without_versions_is_refused(english, editor):
    with pytest.raises(ValidationError) as excinfo:
        services.unlink_translation(article=english, by=editor)
    assert error_text(excinfo) == f"“{english.title}” is not linked to any other version."


# Creating a version -------------------------------------------------------


def test_create_translation_makes_a_linked_draft_carrying_what_versions_share(editor, settings):
    tags, authors = TagFactory.create_batch(2), AuthorFactory.create_batch(2)
    source = ArticleFactory(
        title="Power cuts in Aleppo",
        slug="power-cuts",
        image="articles/2026/01/aleppo.jpg",
        image_width=1200,
        image_height=800,
        image_caption="A street at night",
        image_credit="Enab Baladi",
        tags=tags,
        authors=authors,
    )
    created = services.create_translation(source=source, language="ar", by=editor)
    draft = Article.objects.get(pk=created.pk)
    assert draft.language == "ar" and draft.status == Article.Status.DRAFT and draft.published_at is None
    assert versions(draft) == [source]
    assert (draft.title, draft.summary, draft.body) == (source.title, source.summary, source.body)
    assert draft.section == source.section
    assert set(draft.tags.all()) == set(tags) and set(draft.authors.all()) == set(authors)
    assert draft.image.name == "articles/2026/01/aleppo.jpg" and (draft.image_width, draft.image_height) == (1200, 800)
    assert (draft.image_caption, draft.image_credit) == ("A street at night", "Enab Baladi")
    assert draft.created_by == editor
    assert draft.translation_source.source == source and not draft.translation_source.is_outdated
    assert TranslationEvent.objects.filter(action="created", article=draft, counterpart=source, actor=editor).exists()


def test_created_version_gets_a_slug_free_in_its_language(english, editor):
    ArticleFactory(arabic=True, slug=english.slug)
    draft = services.create_translation(source=english, language="ar", by=editor)
    assert draft.slug == f"{english.slug}-2"


def another_save_takes_the_slug_first(monkeypatch, times=1):
    """Make another editor's Arabic article take the chosen slug just after it is chosen, *times* times."""
    choose = services._unique_slug
    raced = []

    def racing_choice(base, language):
        slug = choose(base, language)
        if len(raced) < times:
            raced.append(ArticleFactory(arabic=True, slug=slug, title="Another editor's story"))
        return slug

    monkeypatch.setattr(services, "_unique_slug", racing_choice)
    return raced


def test_a_slug_taken_by_a_racing_save_moves_the_new_version_to_the_next_free_slug(english, editor, monkeypatch):
    raced = another_save_takes_the_slug_first(monkeypatch)
    draft = services.create_translation(source=english, language="ar", by=editor)
    # Not "another editor added it": the other save took only the web address, not the story's Arabic place.
    assert raced[0].slug == english.slug and draft.slug == f"{english.slug}-2"
    assert versions(draft) == [english]


def test_a_slug_lost_to_racing_saves_again_and_again_is_a_clear_error(english, editor, monkeypatch):
    another_save_takes_the_slug_first(monkeypatch, times=services.SLUG_ATTEMPTS + 1)
    with pytest.raises(ValidationError) as excinfo:
        services.create_translation(source=english, language="ar", by=editor)
    assert error_text(excinfo) == (
        f"Other articles took the web address “{english.slug}” while this version was being created. "
        "Please try again."
    )
    assert versions(english) == []


def test_create_translation_refuses_a_language_the_story_has(linked_pair, editor):
    english, arabic = linked_pair
    with pytest.raises(ValidationError) as excinfo:
        services.create_translation(source=english, language="ar", by=editor)
    assert error_text(excinfo) == f"This story already has a version in Arabic: “{arabic.title}”."
    with pytest.raises(ValidationError) as excinfo:
        services.create_translation(source=english, language="en", by=editor)
    assert "is already in English" in error_text(excinfo)
    assert Article.objects.count() == 2


def test_create_translation_refuses_an_unknown_language(english, editor):
    with pytest.raises(ValidationError):
        services.create_translation(source=english, language="fr", by=editor)
    assert Article.objects.count() == 1


# Keeping in step ----------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_translation_is_outdated_when_the_source_text_changes(linked_pair, field):
    english, arabic = linked_pair
    setattr(english, field, getattr(english, field) + " Updated.")
    english.save()
    assert [row.state for row in story_versions(arabic)] == ["original", "outdated"]


def test_other_changes_do_not_make_a_translation_outdated(linked_pair):
    english, arabic = linked_pair
    english.image_caption = "A new caption"
    english.save()
    arabic.body = "<p>ترجمة منقحة.</p>"
    arabic.save()
    assert [row.state for row in story_versions(arabic)] == ["original", "up_to_date"]


def test_mark_up_to_date_takes_a_new_snapshot(linked_pair, editor):
    english, arabic = linked_pair
    english.body += "<p>A new paragraph.</p>"
    english.save()
    record = services.mark_up_to_date(translation=arabic, by=editor)
    assert record.source_body == english.body and not record.is_outdated
    assert TranslationEvent.objects.filter(action="marked", article=arabic).exists()


def test_mark_up_to_date_refuses_the_original(linked_pair, editor):
    english, _arabic = linked_pair
    with pytest.raises(ValidationError) as excinfo:
        services.mark_up_to_date(translation=english, by=editor)
    assert "is not a translation of another version" in error_text(excinfo)


def test_story_versions_shows_a_missing_language(english):
    assert [(row.language, row.state) for row in story_versions(english)] == [("en", "original"), ("ar", "missing")]


# Deleting -----------------------------------------------------------------


@pytest.mark.parametrize("deleted_language", ["en", "ar"])
def test_deleting_a_version_leaves_the_other_intact_and_unlinked(linked_pair, editor, deleted_language):
    english, arabic = linked_pair
    gone, kept = (english, arabic) if deleted_language == "en" else (arabic, english)
    title = gone.title
    services.delete_versions(articles=[gone], by=editor)
    kept.refresh_from_db()
    assert Article.objects.get() == kept
    assert versions(kept) == []
    assert not TranslationSource.objects.exists()
    # The trail stays readable: the deleted version's title is kept as text.
    titles = set(TranslationEvent.objects.values_list("article_title", flat=True))
    assert title in titles
    assert TranslationEvent.objects.filter(action="deleted", counterpart=kept, article=None).exists()


def test_plain_delete_also_never_deletes_the_story(linked_pair):
    english, arabic = linked_pair
    english.delete()
    assert Article.objects.filter(pk=arabic.pk).exists()
    assert TranslationEvent.objects.get().article_title == arabic.title


def test_the_database_refuses_an_article_as_its_own_source(english):
    with pytest.raises(IntegrityError), transaction.atomic():
        TranslationSource.objects.create(translation=english, source=english, source_title="x", marked_at=timezone.now())


def test_the_database_refuses_two_versions_in_one_language(linked_pair):
    english, _arabic = linked_pair
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(arabic=True, translation_key=english.translation_key)


def test_an_article_deleted_meanwhile_is_a_clear_error(english, arabic, editor):
    Article.objects.filter(pk=arabic.pk).delete()
    with pytest.raises(ValidationError) as excinfo:
        services.link_translation(article=english, counterpart=arabic, by=editor)
    assert error_text(excinfo) == f"“{arabic.title}” no longer exists: someone deleted it a moment ago."


def test_a_new_version_copies_every_field_of_its_source_but_the_ones_deliberately_left_out(editor):
    """A field added to Article later is copied too, unless someone decides it is not and says so in the list."""
    source = ArticleFactory(
        tags=TagFactory.create_batch(2),
        authors=AuthorFactory.create_batch(2),
        image="articles/2026/01/shared.jpg",
        image_width=640,
        image_height=480,
        image_caption="Caption",
        image_credit="Credit",
        no_support_appeal=True,
    )
    draft = services.create_translation(source=source, language="ar", by=editor)
    fields = [*Article._meta.concrete_fields, *Article._meta.many_to_many]
    assert services.NOT_COPIED_TO_A_NEW_VERSION <= {field.name for field in fields}
    for field in fields:
        if field.name in services.NOT_COPIED_TO_A_NEW_VERSION:
            continue
        if field.many_to_many:
            ours, theirs = set(getattr(draft, field.name).all()), set(getattr(source, field.name).all())
        else:
            ours, theirs = field.value_from_object(draft), field.value_from_object(source)
        assert ours == theirs, f"{field.name} was not copied to the new version"
