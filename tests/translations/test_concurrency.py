"""Two editors linking at the same moment: one wins, the other gets a clear error (PostgreSQL).

Each editor runs in its own thread, with its own database connection and
transaction. The service locks the rows it reads, so the second editor waits
for the first one's commit and its checks then see the link; where no shared
row is involved, the unique constraint ``one_version_per_language_per_story``
decides, and the service turns its violation into the same clear error.
"""

import pytest

from articles.models import Article
from tests import concurrency
from tests.concurrency import skip_unless_postgresql
from tests.factories import ArticleFactory
from translations import services

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    skip_unless_postgresql()


def first_holds_then_second(first, second):
    return concurrency.first_holds_then_second(first, second, success="linked")


def at_the_same_instant(**actions):
    return concurrency.at_the_same_instant(actions, success="linked")


@pytest.fixture
def story(editor):
    return ArticleFactory(title="Negotiations in Astana"), ArticleFactory(arabic=True), ArticleFactory(arabic=True)


def assert_one_arabic_version(english):
    assert Article.objects.filter(translation_key=english.translation_key, language="ar").count() == 1


def test_editor_whose_link_commits_second_gets_the_clear_error(story, editor):
    english, first_arabic, second_arabic = story
    results = first_holds_then_second(
        lambda: services.link_translation(article=english, counterpart=first_arabic, by=editor),
        lambda: services.link_translation(article=english, counterpart=second_arabic, by=editor),
    )
    assert results["first"] == "linked"
    # The second editor waited for the first one's commit, then its checks saw the link.
    assert results["second"] == "This story already has a version in Arabic: “%s”." % first_arabic.title
    assert_one_arabic_version(english)
    assert list(Article.objects.versions_of(second_arabic)) == []


def test_editors_linking_at_the_same_instant_one_wins(story, editor):
    english, first_arabic, second_arabic = story
    results = at_the_same_instant(
        first=lambda: services.link_translation(article=english, counterpart=first_arabic, by=editor),
        second=lambda: services.link_translation(article=english, counterpart=second_arabic, by=editor),
    )
    assert list(results.values()).count("linked") == 1
    loser = next(result for result in results.values() if result != "linked")
    assert loser.startswith("This story already has a version in Arabic")
    assert_one_arabic_version(english)


@pytest.fixture
def contested_arabic(editor):
    """Two English stories, and one Arabic article two editors each want as the other's version."""
    return ArticleFactory(title="Astana talks"), ArticleFactory(title="Geneva talks"), ArticleFactory(
        title="محادثات", arabic=True
    )


def test_second_editor_linking_the_same_counterpart_gets_the_clear_error(contested_arabic, editor):
    astana, geneva, arabic = contested_arabic
    results = first_holds_then_second(
        lambda: services.link_translation(article=astana, counterpart=arabic, by=editor),
        lambda: services.link_translation(article=geneva, counterpart=arabic, by=editor),
    )
    assert results == {
        "first": "linked",
        "second": "“محادثات” is already linked to another story. Unlink it from that story first.",
    }
    # The first editor was told the link worked, and it still holds.
    assert list(Article.objects.versions_of(astana)) == [arabic]
    assert list(Article.objects.versions_of(geneva)) == []


def test_editors_linking_one_counterpart_at_the_same_instant_one_wins(contested_arabic, editor):
    astana, geneva, arabic = contested_arabic
    results = at_the_same_instant(
        astana=lambda: services.link_translation(article=astana, counterpart=arabic, by=editor),
        geneva=lambda: services.link_translation(article=geneva, counterpart=arabic, by=editor),
    )
    assert sorted(results.values()) == [
        "linked",
        "“محادثات” is already linked to another story. Unlink it from that story first.",
    ]
    winner = astana if results["astana"] == "linked" else geneva
    loser = geneva if winner is astana else astana
    arabic.refresh_from_db()
    assert arabic.translation_key == winner.translation_key
    assert list(Article.objects.versions_of(loser)) == []


def test_unlinking_while_another_editor_links_leaves_no_half_story(story, editor):
    english, first_arabic, second_arabic = story
    services.link_translation(article=english, counterpart=first_arabic, by=editor)
    results = first_holds_then_second(
        lambda: services.unlink_translation(article=first_arabic, by=editor),
        # Relinking the two right after the unlink: it must see the unlink, not the story as it was.
        lambda: services.link_translation(article=first_arabic, counterpart=english, by=editor),
    )
    # The relink waited for the unlink (not "already a version of this story"), then joined them again.
    assert results == {"first": "linked", "second": "linked"}
    english.refresh_from_db()
    assert list(Article.objects.versions_of(english)) == [first_arabic]
