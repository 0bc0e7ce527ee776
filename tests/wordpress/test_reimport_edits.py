"""Importing again while moving in: an article an editor corrected in Newsroom since its import is never overwritten.

WordPress stays live for a few weeks, so the desk imports more than once. A
post that changed there is updated here, unless its article was saved in
Newsroom since the import wrote it: then the editor's version is kept and
the post reported, unless the desk asks for WordPress's (``--overwrite-edits``).
"""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from articles import services as article_services
from articles.models import Article
from tests.admin_forms import change_url, form_data_for
from tests.concurrency import first_holds_then_second, skip_unless_postgresql
from tests.factories import EditorFactory, UserFactory
from wordpress import services
from wordpress.models import ImportedPost, ImportRun

from .exports import export, post, term, write
from .test_featured_images import attachment, jpeg
from .test_admin_import import IMPORT_URL, upload

pytestmark = pytest.mark.django_db

NEWS = term("category", "news", "News")
KEPT = "edited in Newsroom since the last import: kept the editor's version"


def site(tmp_path, name, **bodies):
    """One English site's export of posts 1-3 ("Story N"), each body "Story N." unless *bodies* says (``p2=...``)."""
    items = [post(number, f"Story {number}", terms=[NEWS], body=bodies.get(f"p{number}", f"<p>Story {number}.</p>"))
             for number in (1, 2, 3)]  # fmt: skip
    return [write(tmp_path, f"{name}.xml", export(items, language="en-US"))]


def story(number):
    return Article.objects.get(pk=ImportedPost.objects.get(wp_id=number).article_id)


def import_revisions(article):
    return Version.objects.get_for_object(article).filter(revision__comment=services.COMMENT_IMPORTED).count()


def correct(article, title, by):
    """An editor's correction, saved as the article form saves it (from the version the form was read at)."""
    typed = Article.objects.get(pk=article.pk)
    typed.title = title
    article_services.save_article(article=typed, by=by, seen_version=typed.edit_version)


def test_a_post_edited_in_the_admin_since_its_import_keeps_the_editors_version_and_is_reported(tmp_path, editor_client):
    services.import_files(paths=site(tmp_path, "first"))
    edited = story(2)
    response = editor_client.post(change_url(edited), form_data_for(editor_client, edited, title="Story 2, corrected"))
    assert response.status_code == 302
    revisions_before = import_revisions(edited)

    # WordPress changed posts 1 and 2 meanwhile.
    changed = site(tmp_path, "second", p1="<p>Story 1, more.</p>", p2="<p>Story 2, more.</p>")
    report = services.import_files(paths=changed)

    assert report.posts == {"updated": 1, "unchanged": 1, "skipped": 1} and report.skipped == {KEPT: 1}
    assert report.imported == 3  # the kept post is an article all the same: the run did not fail
    warnings = [str(warning) for warning in report.warnings]
    assert any(w.startswith("en.example.org #2 'Story 2': not updated: its article was edited in Newsroom") for w in warnings), warnings
    assert f"Skipped posts by reason: {KEPT}: 1" in report.lines()
    kept = Article.objects.get(pk=edited.pk)
    assert (kept.title, kept.body) == ("Story 2, corrected", "<p>Story 2.</p>")
    assert import_revisions(kept) == revisions_before  # the import wrote nothing of it
    assert story(1).body == "<p>Story 1, more.</p>"  # not edited here: updated as always

    # Run again: still kept, still said (in the language the report is read in).
    again = services.import_files(paths=changed)
    assert again.posts == {"unchanged": 2, "skipped": 1}
    with translation.override("ar"):
        said = "\n".join(again.lines())
    assert again.skipped == {KEPT: 1}
    assert "عُدّل في غرفة الأخبار منذ آخر استيراد: أُبقيت نسخة المحرّر: 1" in said
    assert Article.objects.get(pk=edited.pk).title == "Story 2, corrected"


def test_a_kept_post_whose_permalink_changed_in_wordpress_answers_at_the_new_one_too(tmp_path, editor, client, settings):
    settings.ALLOWED_HOSTS = ["en.example.org"]  # the old site's host, now served by Newsroom
    services.import_files(paths=site(tmp_path, "first"))
    edited = story(2)
    correct(edited, "Story 2, corrected", editor)
    moved = [post(2, "Story 2", terms=[NEWS], body="<p>Story 2, more.</p>",
                  link="https://en.example.org/2024/06/story-two-moved/")]
    report = services.import_files(paths=[write(tmp_path, "moved.xml", export(moved, language="en-US"))])
    assert report.skipped == {KEPT: 1}
    response = client.get("/2024/06/story-two-moved/", headers={"host": "en.example.org"})
    assert response.status_code == 301 and response["Location"] == Article.objects.get(pk=edited.pk).get_absolute_url()
    assert Article.objects.get(pk=edited.pk).title == "Story 2, corrected"


def test_overwrite_edits_gives_the_edited_article_wordpress_version(tmp_path, editor, capsys):
    services.import_files(paths=site(tmp_path, "first"))
    correct(story(2), "Story 2, corrected", editor)

    call_command("import_wordpress", *site(tmp_path, "second", p2="<p>Story 2, more.</p>"), "--overwrite-edits")

    assert "Posts: 0 created, 1 updated, 2 unchanged, 0 skipped" in capsys.readouterr().out
    taken = story(2)
    assert (taken.title, taken.body) == ("Story 2", "<p>Story 2, more.</p>")
    # From now on the import's version is the one it knows: a later change in WordPress updates it as usual.
    report = services.import_files(paths=site(tmp_path, "third", p2="<p>Story 2, more again.</p>"))
    assert report.posts == {"updated": 1, "unchanged": 2}


def test_posts_imported_before_versions_were_kept_are_updated_as_before(tmp_path, editor):
    services.import_files(paths=site(tmp_path, "first"))
    ImportedPost.objects.update(article_version=None)  # rows written by an import made before the field existed

    report = services.import_files(paths=site(tmp_path, "second", p2="<p>Story 2, more.</p>"))

    assert report.posts == {"updated": 1, "unchanged": 2}
    assert story(2).body == "<p>Story 2, more.</p>"
    assert ImportedPost.objects.get(wp_id=2).article_version == story(2).edit_version  # known from now on


def editing_after_the_read(monkeypatch, editor, when):
    """Make an editor save a story right after the import read what it knows of a batch (``_records``).

    *when* maps the WordPress ids of a read (as a tuple) to the story the
    editor corrects then: the import has read that article's version and not
    written it yet.
    """
    read = services._records

    def records_then_an_edit(items, source):
        found = read(items, source)
        number = when.pop(tuple(item.post_id for item in items), None)
        if number is not None:
            correct(story(number), f"Story {number}, corrected", editor)
        return found

    monkeypatch.setattr(services, "_records", records_then_an_edit)


def test_an_edit_saved_between_the_import_reading_a_batch_and_writing_it_is_kept(tmp_path, editor, monkeypatch):
    services.import_files(paths=site(tmp_path, "first"))
    editing_after_the_read(monkeypatch, editor, {(1, 2, 3): 2})

    report = services.import_files(paths=site(tmp_path, "second", p1="<p>Story 1, more.</p>", p2="<p>Story 2, more.</p>"))

    assert report.posts == {"updated": 1, "unchanged": 1, "skipped": 1} and report.skipped == {KEPT: 1}
    assert any(str(w).startswith("en.example.org #2 'Story 2': not updated") for w in report.warnings)
    assert (story(2).title, story(2).body) == ("Story 2, corrected", "<p>Story 2.</p>")
    assert story(1).body == "<p>Story 1, more.</p>"


def test_an_edit_saved_while_a_post_is_written_alone_is_kept(tmp_path, editor, monkeypatch):
    services.import_files(paths=site(tmp_path, "first"))
    # Story 2's edit sends the batch back post by post; story 3 is edited after its own read there.
    editing_after_the_read(monkeypatch, editor, {(1, 2, 3): 2, (3,): 3})

    bodies = {f"p{number}": f"<p>Story {number}, more.</p>" for number in (1, 2, 3)}
    report = services.import_files(paths=site(tmp_path, "second", **bodies))

    assert report.posts == {"updated": 1, "skipped": 2} and report.skipped == {KEPT: 2}
    assert [story(number).title for number in (1, 2, 3)] == ["Story 1", "Story 2, corrected", "Story 3, corrected"]
    assert story(3).body == "<p>Story 3.</p>"


def test_a_post_written_alone_whose_article_comes_out_the_same_keeps_no_revision_and_is_unchanged(tmp_path, monkeypatch):
    services.import_files(paths=site(tmp_path, "first"))
    before = {number: (import_revisions(story(number)), story(number).edit_version) for number in (2, 3)}
    writer = UserFactory(is_staff=True)  # may not take a published story down
    writer.user_permissions.set(Permission.objects.filter(codename__in=["add_article", "change_article"]))
    # A new conversion makes every post go through the write again; post 1 is now a draft, which the
    # writer may not make it: its refusal sends the batch back, and posts 2 and 3 are written alone.
    monkeypatch.setattr(services, "CONVERSION_VERSION", services.CONVERSION_VERSION + "-next")
    items = [post(1, "Story 1", terms=[NEWS], body="<p>Story 1.</p>", status="draft"),
             *(post(number, f"Story {number}", terms=[NEWS], body=f"<p>Story {number}.</p>") for number in (2, 3))]

    report = services.import_files(paths=[write(tmp_path, "second.xml", export(items, language="en-US"))], by=writer)

    assert report.posts == {"unchanged": 2, "skipped": 1} and report.skipped == {"could not be saved": 1}
    assert {number: (import_revisions(story(number)), story(number).edit_version) for number in (2, 3)} == before


def _import_from_the_admin(client, tmp_path, form):
    """Post 2, corrected by an editor since its import and changed in WordPress, imported again from the admin page with *form*."""
    boss = EditorFactory(username="boss")
    services.import_files(paths=site(tmp_path, "first"))
    correct(story(2), "Story 2, corrected", boss)
    client.force_login(boss)
    changed = export([post(2, "Story 2", terms=[NEWS], body="<p>Story 2, more.</p>")], language="en-US")
    client.post(reverse(IMPORT_URL), {"files": [upload("site.xml", changed)], **form})


@pytest.mark.django_db(transaction=True)  # the worker ends transactions
def test_the_admin_import_can_overwrite_edits(client, tmp_path, database_backend, run_worker):
    _import_from_the_admin(client, tmp_path, {"overwrite_edits": "on"})
    run_worker()

    run = ImportRun.objects.get()
    assert run.overwrite_edits and run.report["posts"] == {"updated": 1}
    assert (story(2).title, story(2).body) == ("Story 2", "<p>Story 2, more.</p>")
    page = client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).text
    assert "overwrite edits" in page.lower()


@pytest.mark.django_db(transaction=True)  # the worker ends transactions
def test_the_admin_import_keeps_edits_by_default(client, tmp_path, database_backend, run_worker):
    _import_from_the_admin(client, tmp_path, {})
    run_worker()

    run = ImportRun.objects.get()
    assert not run.overwrite_edits and run.report["skipped"] == {KEPT: 1} and run.report["imported"] == 1
    assert story(2).title == "Story 2, corrected"
    page = client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).text
    assert "0 created, 0 updated, 0 unchanged, 1 skipped" in page and "not updated: its article was edited" in page


# The second pass: links and featured images ---------------------------------


def test_links_in_an_edited_article_are_left_as_the_editor_left_them(tmp_path, editor, client, settings):
    later = "https://en.example.org/2024/05/post-9/"  # a post not exported yet: its link waits
    items = [post(number, f"Story {number}", terms=[NEWS], body=f'<p>See <a href="{later}">the follow-up</a>.</p>')
             for number in (1, 2)]  # fmt: skip
    services.import_files(paths=[write(tmp_path, "first.xml", export(items, language="en-US"))])
    correct(story(2), "Story 2, corrected", editor)

    items.append(post(9, "Story 9", terms=[NEWS], body="<p>The follow-up.</p>"))
    report = services.import_files(paths=[write(tmp_path, "second.xml", export(items, language="en-US"))])

    assert report.posts == {"created": 1, "unchanged": 2} and report.links_rewritten == 1
    follow_up = story(9).get_absolute_url()
    assert f'href="{follow_up}"' in story(1).body  # not edited here: its link now leads to the new address
    assert f'href="{later}"' in story(2).body  # as the editor left it ...
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get("/2024/05/post-9/", headers={"host": "en.example.org"})
    assert response.status_code == 301 and response["Location"] == follow_up  # ... and it still leads there
    # The import's own write of story 1's link is no editor's edit: a later change in WordPress updates it.
    items[0] = post(1, "Story 1", terms=[NEWS], body="<p>Changed in WordPress.</p>")
    report = services.import_files(paths=[write(tmp_path, "third.xml", export(items, language="en-US"))])
    assert report.posts == {"updated": 1, "unchanged": 2} and story(1).body == "<p>Changed in WordPress.</p>"


def test_a_featured_image_an_editor_took_out_is_not_put_back(tmp_path, editor):
    jpeg(tmp_path / "uploads" / "2024" / "05", "market.jpg")
    uploads = str(tmp_path / "uploads")
    items = [post(1, "Market", terms=[NEWS], meta={"_thumbnail_id": "9"}), attachment(9, "2024/05/market.jpg")]
    path = write(tmp_path, "first.xml", export(items, language="en-US"))
    services.import_files(paths=[path], uploads=uploads)
    assert story(1).image
    typed = Article.objects.get(pk=story(1).pk)
    typed.image = ""  # the editor takes the photograph out
    article_services.save_article(article=typed, by=editor, seen_version=typed.edit_version)

    report = services.import_files(paths=[path], uploads=uploads)

    assert report.images == {"left out: article edited in Newsroom": 1}
    assert not story(1).image


def test_the_import_attaching_a_featured_image_is_no_edit(tmp_path):
    jpeg(tmp_path / "uploads" / "2024" / "05", "market.jpg")
    uploads = str(tmp_path / "uploads")
    items = [post(1, "Market", terms=[NEWS], meta={"_thumbnail_id": "9"}), attachment(9, "2024/05/market.jpg")]
    services.import_files(paths=[write(tmp_path, "first.xml", export(items, language="en-US"))], uploads=uploads)
    assert story(1).image and ImportedPost.objects.get(wp_id=1).article_version == story(1).edit_version

    items[0] = post(1, "Market", terms=[NEWS], meta={"_thumbnail_id": "9"}, body="<p>Changed in WordPress.</p>")
    report = services.import_files(paths=[write(tmp_path, "second.xml", export(items, language="en-US"))], uploads=uploads)

    assert report.posts == {"updated": 1} and story(1).body == "<p>Changed in WordPress.</p>"


# PostgreSQL: real concurrent transactions -----------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_meeting_an_editor_save_in_progress_waits_then_keeps_the_editors_version(tmp_path, editor):
    skip_unless_postgresql()
    services.import_files(paths=site(tmp_path, "first"))
    edited = story(2)
    changed = site(tmp_path, "second", p2="<p>Story 2, more.</p>")
    reports = []

    def editor_saves():  # the row stays locked until the editor's transaction commits
        correct(edited, "Story 2, corrected", editor)

    def import_runs():
        reports.append(services.import_files(paths=changed))

    results = first_holds_then_second(editor_saves, import_runs)

    assert results == {"first": "done", "second": "done"}
    assert reports[0].posts == {"unchanged": 2, "skipped": 1} and reports[0].skipped == {KEPT: 1}
    kept = Article.objects.get(pk=edited.pk)
    assert (kept.title, kept.body) == ("Story 2, corrected", "<p>Story 2.</p>")
