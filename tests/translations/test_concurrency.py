"""Two editors linking at the same moment cannot give a story two Arabic versions (PostgreSQL).

Each editor runs in its own thread, with its own database connection and
transaction. The service's checks cannot see the other editor's uncommitted
link; the unique constraint ``one_version_per_language_per_story`` can, and
the service turns its violation into the same clear error the checks give.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation as django_translation

from articles.models import Article
from tests.factories import ArticleFactory
from translations import services

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


def run_in_thread(target, results, name):
    def run():
        try:
            target()
            results[name] = "linked"
        except ValidationError as error:
            with django_translation.override("en"):
                results[name] = error.messages[0]
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture
def story(editor):
    return ArticleFactory(title="Negotiations in Astana"), ArticleFactory(arabic=True), ArticleFactory(arabic=True)


def assert_one_arabic_version(english):
    assert Article.objects.filter(translation_key=english.translation_key, language="ar").count() == 1


def test_editor_whose_link_commits_second_gets_the_clear_error(story, editor):
    english, first_arabic, second_arabic = story
    first_has_linked, results = threading.Event(), {}

    def first_editor():
        with transaction.atomic():
            services.link_translation(article=english, counterpart=first_arabic, by=editor)
            first_has_linked.set()
            # Hold the transaction open while the second editor's link runs into it.
            threading.Event().wait(1.5)

    def second_editor():
        first_has_linked.wait(10)
        services.link_translation(article=english, counterpart=second_arabic, by=editor)

    threads = [run_in_thread(first_editor, results, "first"), run_in_thread(second_editor, results, "second")]
    for thread in threads:
        thread.join(30)
    assert results["first"] == "linked"
    # The second editor's checks passed (the first link was not committed); the constraint decided.
    assert results["second"].startswith("This story already has a version in Arabic: another editor added it")
    assert_one_arabic_version(english)
    assert list(Article.objects.versions_of(second_arabic)) == []


def test_editors_linking_at_the_same_instant_one_wins(story, editor):
    english, first_arabic, second_arabic = story
    start, results = threading.Barrier(2), {}

    def editor_linking(arabic):
        def link():
            start.wait(10)
            services.link_translation(article=english, counterpart=arabic, by=editor)

        return link

    threads = [
        run_in_thread(editor_linking(first_arabic), results, "first"),
        run_in_thread(editor_linking(second_arabic), results, "second"),
    ]
    for thread in threads:
        thread.join(30)
    assert list(results.values()).count("linked") == 1
    loser = next(result for result in results.values() if result != "linked")
    assert loser.startswith("This story already has a version in Arabic")
    assert_one_arabic_version(english)
