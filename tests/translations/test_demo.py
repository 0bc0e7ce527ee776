"""The demo step links the translated stories, leaves one-language stories alone and one translation outdated."""

import io

import pytest

from articles.models import Article
from newsroom.demo import translations as demo_translations
from tests.factories import ArticleFactory, UserFactory
from translations.models import TranslationEvent, TranslationQueueEntry, TranslationSource
from translations.selectors import story_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def context(editor):
    stories = {
        "first-pair": {"en": ArticleFactory(), "ar": ArticleFactory(arabic=True)},
        demo_translations.OUTDATED_STORY: {"en": ArticleFactory(), "ar": ArticleFactory(arabic=True)},
        "english-only": {"en": ArticleFactory(), "ar": None},
        "arabic-only": {"ar": ArticleFactory(arabic=True)},
    }
    return {"stories": stories, "editor": editor}


def states(article):
    return [row.state for row in story_versions(article)]


def test_demo_links_pairs_and_leaves_one_translation_outdated(context, editor):
    demo_translations.load(context, io.StringIO())
    stories = context["stories"]
    first, revised = stories["first-pair"], stories[demo_translations.OUTDATED_STORY]
    assert list(Article.objects.versions_of(first["en"])) == [first["ar"]]
    assert states(first["ar"]) == ["original", "up_to_date"]
    assert states(revised["ar"]) == ["original", "outdated"]
    assert TranslationSource.objects.outdated().get().translation == revised["ar"]
    queued = set(TranslationQueueEntry.objects.values_list("source", "language", "need"))
    english_only, arabic_only = stories["english-only"]["en"], stories["arabic-only"]["ar"]
    assert queued == {(revised["en"].pk, "ar", "outdated"), (english_only.pk, "ar", "missing"), (arabic_only.pk, "en", "not_started")}
    assert not Article.objects.versions_of(stories["english-only"]["en"]).exists()
    draft = Article.objects.versions_of(stories["arabic-only"]["ar"]).get()
    assert (draft.language, draft.status) == ("en", Article.Status.DRAFT)
    assert set(TranslationEvent.objects.values_list("actor", flat=True)) == {editor.pk}


def test_demo_step_is_idempotent(context):
    demo_translations.load(context, io.StringIO())
    snapshot = list(TranslationSource.objects.values()), TranslationEvent.objects.count()
    bodies = list(Article.objects.order_by("pk").values_list("body", flat=True))
    out = io.StringIO()
    demo_translations.load(context, out)
    assert (list(TranslationSource.objects.values()), TranslationEvent.objects.count()) == snapshot
    assert list(Article.objects.order_by("pk").values_list("body", flat=True)) == bodies
    assert "0 pairs linked, 2 already linked" in out.getvalue()
    assert "0 one-click draft" in out.getvalue()


def test_demo_step_runs_without_an_editor(context):
    del context["editor"]
    demo_translations.load(context, io.StringIO())
    assert TranslationEvent.objects.filter(actor=None).count() == 3  # two links and the draft


def test_the_demo_draft_is_assigned_to_the_demo_translator(context):
    translator = UserFactory(username=demo_translations.TRANSLATOR, is_staff=True)
    demo_translations.load(context, io.StringIO())
    entry = TranslationQueueEntry.objects.get(need="not_started")
    assert entry.assignee == translator and entry.due_date is not None
