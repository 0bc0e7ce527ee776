"""Posts are written in batches: one bad post costs only itself, a stopped run finishes when run again, links resolve once."""

import pytest
from django.urls import reverse
from reversion.models import Version

from addresses.models import OldAddress
from articles.models import Article, Section
from tests.factories import UserFactory
from translations.models import TranslationQueueEntry
from translations.services import rebuild_queue, sync_queue
from wordpress import services
from wordpress.models import ImportedPost

from .exports import export, post, term, write

pytestmark = pytest.mark.django_db

EN, AR = "https://en.example.org", "https://ar.example.org"
NEWS, AKHBAR = term("category", "news", "News"), term("category", "akhbar", "أخبار")


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two posts, so a handful of posts spans several batches."""
    monkeypatch.setattr(services, "BATCH_SIZE", 2)


def test_a_post_refused_inside_a_batch_leaves_nothing_and_its_neighbours_land(tmp_path):
    # A reporter may import drafts but not publish: the published post in the middle is refused.
    reporter = UserFactory(username="reporter", is_staff=True)
    path = write(tmp_path, "en.xml", export([
        post(1, "Draft one", status="draft", terms=[NEWS]),
        post(2, "Live one", terms=[term("category", "own", "Own")]),
        post(3, "Draft two", status="draft", terms=[NEWS]),
    ]))
    report = services.import_files(paths=[path], language="en", by=reporter)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Draft one", "Draft two"]
    assert not ImportedPost.objects.filter(wp_id=2).exists()
    assert not OldAddress.objects.filter(path="/2024/05/post-2").exists()
    assert not Section.objects.filter(slug_en="own").exists()  # made for the refused post only: taken back with it
    assert report.posts["created"] == 2 and report.skipped == {"could not be saved": 1}
    assert any("#2" in str(w) and "You may not publish" in str(w) for w in report.warnings)


class Stop(Exception):
    """Stands for the import being stopped (a worker killed, Ctrl-C) after some posts."""


def test_a_run_stopped_after_some_posts_finishes_when_run_again_and_creates_nothing_twice(tmp_path, small_batches):
    first_body = f'<p>See <a href="{EN}/2024/05/post-5/">the last one</a>.</p>'
    path = write(tmp_path, "en.xml", export([post(1, "One", terms=[NEWS], body=first_body)]
                                             + [post(n, f"Post {n}", terms=[NEWS]) for n in range(2, 6)]))

    def stop_after_three(done, total):
        if done == 3:
            raise Stop

    with pytest.raises(Stop):
        services.import_files(paths=[path], language="en", progress=stop_after_three)
    assert Article.objects.count() == 4  # two whole batches; nothing of the third
    again = services.import_files(paths=[path], language="en")
    assert again.posts == {"unchanged": 4, "created": 1}
    assert Article.objects.count() == 5 and ImportedPost.objects.count() == 5
    assert OldAddress.objects.filter(path="/?p=5").count() == 1
    # The forward link the stopped run could not resolve is rewritten by the run that finished.
    assert 'href="/en/articles/post-5/"' in Article.objects.get(title="One").body


def test_links_are_rewritten_whether_their_target_comes_before_within_or_after_the_batch(tmp_path, small_batches):
    def link(n):
        return f'<a href="{EN}/2024/05/post-{n}/">post {n}</a>'

    path = write(tmp_path, "en.xml", export([
        post(1, "One", terms=[NEWS]),
        post(2, "Two", terms=[NEWS]),
        post(3, "Three", terms=[NEWS], body=f"<p>Back to {link(1)}, across to {link(4)}, ahead to {link(5)}.</p>"),
        post(4, "Four", terms=[NEWS]),
        post(5, "Five", terms=[NEWS]),
    ]))
    report = services.import_files(paths=[path], language="en")
    body = Article.objects.get(title="Three").body
    for n in (1, 4, 5):
        assert f'href="/en/articles/post-{n}/"' in body
    assert EN not in body and report.links_rewritten == 3 and report.dangling_links == 0


def test_an_imported_article_shows_its_import_in_its_history(tmp_path, editor_client):
    path = write(tmp_path, "en.xml", export([post(1, "One", terms=[NEWS]), post(2, "Two", terms=[NEWS])]))
    services.import_files(paths=[path], language="en")
    article = Article.objects.get(title="One")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 1 and versions.get().revision.comment == services.COMMENT_IMPORTED
    assert versions.get().field_dict["title"] == "One"
    page = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert page.status_code == 200 and "Imported from WordPress." in page.text


def queue():
    return sorted(TranslationQueueEntry.objects.values_list("story", "language", "need", "source", "translation", "queued_at"))


def test_the_queue_after_a_bulk_import_is_the_one_kept_in_step(tmp_path, small_batches):
    en = write(tmp_path, "en.xml", export([
        post(1, "Flood", site=EN, terms=[NEWS], body=f'<p><a href="{AR}/?p=1">النسخة العربية من المقال</a></p>'),
        post(2, "Bread", site=EN, terms=[NEWS]),
        post(3, "Plan", site=EN, status="draft", terms=[NEWS]),
    ], site=EN, language="en"))
    ar = write(tmp_path, "ar.xml", export([
        post(1, "فيضان", site=AR, terms=[AKHBAR]),
        post(2, "خبز", site=AR, date="2024-05-03 08:00:00", terms=[AKHBAR]),
    ], site=AR, language="ar"))
    services.import_files(paths=[en, ar])
    after_import = queue()
    # Two stories miss a version (Bread in Arabic, خبز in English); the paired one and the draft need nothing.
    assert {(need, language) for _story, language, need, *_rest in after_import} == {("missing", "ar"), ("missing", "en")}
    assert len(after_import) == 2
    for story in set(Article.objects.values_list("translation_key", flat=True)):
        sync_queue(story=story)
    assert queue() == after_import
    rebuild_queue()
    assert queue() == after_import
