"""Importing again an archive whose posts changed: every changed post updated in bulk, as saving each would."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.factories import UserFactory
from wordpress import services

from .exports import export, post, term, write

pytestmark = pytest.mark.django_db

EN, AR = "https://en.example.org", "https://ar.example.org"
NEWS, AKHBAR = term("category", "news", "News"), term("category", "akhbar", "أخبار")


def two_sites(tmp_path, en_items, ar_items):
    en = write(tmp_path, "en.xml", export(en_items, site=EN, language="en-US"))
    ar = write(tmp_path, "ar.xml", export(ar_items, site=AR, language="ar", authors=(("rania", "رانيا خليل"),)))
    return [en, ar]


def archive(tmp_path, *, changed):
    """The two sites' exports: as first imported, or with posts 3, 5 and 8 changed."""
    flood_body = "<p>Rescuers reached the village.</p>" if changed else "<p>The river rose overnight.</p>"
    en = [
        post(3, "Flood, two dead" if changed else "Flood", site=EN, slug="flood-two-dead" if changed else "flood",
             body=f'{flood_body}\n\n<p><a href="{AR}/?p=7">النسخة العربية من المقال</a></p>',
             terms=[NEWS, term("post_tag", "river", "River")] + ([term("post_tag", "rescue", "Rescue")] if changed else [])),
        post(4, "Bread prices", site=EN, terms=[NEWS], body="<p>Up again.</p>"),
        post(5, "School term", site=EN, terms=[NEWS], body="<p>Starts on Monday, not Sunday.</p>" if changed else "<p>Starts on Sunday.</p>"),
    ]
    ar = [
        post(7, "فيضان", site=AR, slug="fayadan", terms=[AKHBAR], body="<p>ارتفع النهر.</p>"),
        post(8, "أسعار الخبز ترتفع مجددا" if changed else "أسعار الخبز", site=AR, slug="khubz", terms=[AKHBAR], body="<p>مرة أخرى.</p>"),
        post(9, "المدرسة", site=AR, slug="madrasa", terms=[AKHBAR], body="<p>يوم الأحد.</p>"),
    ]
    return two_sites(tmp_path, en, ar)


def imported(title):
    return Article.objects.get(title=title)


def import_revisions(article):
    """The revisions that say the import wrote the article (the second pass's link rewrites aside)."""
    return Version.objects.get_for_object(article).filter(revision__comment=services.COMMENT_IMPORTED).count()


@pytest.fixture
def page_cache_on(settings, empty_cache):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


def test_a_changed_archive_imported_again_updates_each_changed_post(tmp_path, client, editor, page_cache_on):
    services.import_files(paths=archive(tmp_path, changed=False))
    flood, translation = imported("Flood"), imported("فيضان")
    assert flood.translation_key == translation.translation_key  # paired by the link to the Arabic version
    before = {article.pk: import_revisions(article) for article in Article.objects.all()}
    bread_ar = imported("أسعار الخبز")
    assert "أسعار الخبز" in client.get(bread_ar.get_absolute_url()).text  # the page is cached now

    report = services.import_files(paths=archive(tmp_path, changed=True))

    assert report.posts == {"updated": 3, "unchanged": 3}
    flood = Article.objects.get(pk=flood.pk)
    assert (flood.title, flood.slug, flood.body) == ("Flood, two dead", "flood-two-dead", "<p>Rescuers reached the village.</p>")
    assert sorted(flood.tags.values_list("slug_en", flat=True)) == ["rescue", "river"]
    assert imported("School term").body == "<p>Starts on Monday, not Sunday.</p>"
    changed = {flood.pk, imported("School term").pk, bread_ar.pk}
    for article in Article.objects.all():
        assert import_revisions(article) == before[article.pk] + (article.pk in changed), article.title
    # The Arabic version translates a story whose English text changed: the translators' queue says so.
    client.force_login(editor)
    queue = client.get(reverse("admin:translations_translationqueueentry_changelist")).text
    assert "translation-state--outdated" in queue and "Flood, two dead" in queue
    client.logout()
    # Readers: the old address answers with a 301 to the new one, the cached page shows the new title.
    response = client.get("/en/articles/flood/")
    assert response.status_code == 301 and response["Location"] == flood.get_absolute_url()
    assert "أسعار الخبز ترتفع مجددا" in client.get(bread_ar.get_absolute_url()).text


def test_an_archive_imported_again_unchanged_after_a_conversion_change_keeps_its_articles_as_they_are(tmp_path, monkeypatch):
    paths = archive(tmp_path, changed=False)
    services.import_files(paths=paths)
    before = {article.pk: (import_revisions(article), article.edit_version, article.updated_at) for article in Article.objects.all()}
    monkeypatch.setattr(services, "CONVERSION_VERSION", services.CONVERSION_VERSION + "-next")
    report = services.import_files(paths=paths)
    # Every post was converted again; none comes out different, so none is written.
    assert report.posts == {"unchanged": 6}
    assert {article.pk: (import_revisions(article), article.edit_version, article.updated_at) for article in Article.objects.all()} == before


def single_site(tmp_path, count, *, changed, edition=""):
    """*count* posts on one site, the first *changed* of them in their *edition* (a correction)."""
    items = [post(number, f"Story {number}", terms=[NEWS, term("post_tag", f"t{number % 3}", f"T{number % 3}")],
                  body=f"<p>Story {number}{edition if number <= changed else ''}.</p>")
             for number in range(1, count + 1)]  # fmt: skip
    return [write(tmp_path, f"en-{changed}{edition}.xml", export(items, site=EN, language="en-US"))]


def queries(paths):
    with CaptureQueriesContext(connection) as captured:
        report = services.import_files(paths=paths)
    return len(captured), report


def test_reimporting_many_changed_posts_costs_no_more_queries_than_a_few(tmp_path):
    services.import_files(paths=single_site(tmp_path, 30, changed=0))
    few, report = queries(single_site(tmp_path, 30, changed=3, edition=" (corrected)"))
    assert report.posts == {"updated": 3, "unchanged": 27}
    many, report = queries(single_site(tmp_path, 30, changed=30, edition=" (corrected again)"))
    assert report.posts == {"updated": 30}
    assert many <= few


def test_a_post_the_importer_may_not_take_down_is_reported_and_the_others_updated(tmp_path):
    services.import_files(paths=archive(tmp_path, changed=False))
    writer = UserFactory(is_staff=True)
    writer.user_permissions.set(Permission.objects.filter(codename__in=["add_article", "change_article"]))
    en = [
        post(3, "Flood", site=EN, slug="flood", body="<p>The river rose overnight.</p>", status="draft",
             terms=[NEWS, term("post_tag", "river", "River")]),
        post(4, "Bread prices", site=EN, terms=[NEWS], body="<p>Up again, and again.</p>"),
    ]
    path = write(tmp_path, "en-again.xml", export(en, site=EN, language="en-US"))
    report = services.import_files(paths=[path], by=writer)
    assert report.posts == {"updated": 1, "skipped": 1} and report.skipped == {"could not be saved": 1}
    assert any("#3" in str(w) and "ask an editor" in str(w) for w in report.warnings)
    assert imported("Flood").status == Article.Status.PUBLISHED  # left as it was: taking it down is an editor's call
    assert imported("Bread prices").body == "<p>Up again, and again.</p>"


def test_a_live_story_taken_down_in_wordpress_is_reported_when_its_article_becomes_a_draft(tmp_path):
    services.import_files(paths=archive(tmp_path, changed=False))
    en = [
        post(3, "Flood", site=EN, slug="flood", body="<p>The river rose overnight.</p>", status="draft",
             terms=[NEWS, term("post_tag", "river", "River")]),
        post(5, "School term", site=EN, terms=[NEWS], body="<p>Starts on Sunday.</p>", status="private"),
    ]
    path = write(tmp_path, "en-again.xml", export(en, site=EN, language="en-US"))
    report = services.import_files(paths=[path])
    assert report.posts == {"updated": 2}
    assert imported("Flood").status == Article.Status.DRAFT
    said = [str(warning) for warning in report.warnings]
    assert any("#3" in line and "unpublished" in line and "“draft”" in line for line in said), said
    assert any("#5" in line and "unpublished" in line and "“private”" in line for line in said), said


def test_a_post_put_in_the_wordpress_trash_takes_its_live_article_down_and_says_so(tmp_path, editor):
    services.import_files(paths=archive(tmp_path, changed=False))
    edited = imported("School term")
    edited.summary = "An editor's summary."
    from articles.services import save_article

    save_article(article=edited, by=editor)
    trashed = [
        post(4, "Bread prices", site=EN, terms=[NEWS], body="<p>Up again.</p>", status="trash"),
        post(5, "School term", site=EN, terms=[NEWS], body="<p>Starts on Sunday.</p>", status="trash"),
    ]
    path = write(tmp_path, "en-trash.xml", export(trashed, site=EN, language="en-US"))
    report = services.import_files(paths=[path])

    assert imported("Bread prices").status == Article.Status.DRAFT  # not left up while WordPress took it down
    assert imported("School term").status == Article.Status.PUBLISHED  # an editor's article: the desk decides
    said = [str(warning) for warning in report.warnings]
    assert any("#4" in line and "taken down: the post is in WordPress's trash now" in line for line in said), said
    assert any("#5" in line and "edited in Newsroom since the last import: left published" in line for line in said), said
    again = services.import_files(paths=[path])
    assert not any("taken down" in str(warning) for warning in again.warnings)  # said once; nothing more to do
    # Restored in WordPress later: the import publishes it again, as the draft was the import's own doing.
    restored = write(tmp_path, "en-back.xml", export([post(4, "Bread prices", site=EN, terms=[NEWS], body="<p>Up again.</p>")],
                                                    site=EN, language="en-US"))
    services.import_files(paths=[restored])
    assert imported("Bread prices").status == Article.Status.PUBLISHED
