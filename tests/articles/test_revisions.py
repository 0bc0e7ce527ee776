"""Revisions: every save keeps one (who, when, what), any two can be compared, any restored, a deleted article recovered."""

import pytest
import reversion
from django.core import serializers
from django.db import IntegrityError
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version

from articles import revisions, services
from articles.models import Article, RelatedArticle
from tests.admin_forms import change_url, form_data_for
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article, old, new):
    return reverse("admin:articles_article_compare", args=[article.pk]) + f"?old={old}&new={new}"


def restore_url(article, version):
    return reverse("admin:articles_article_restore", args=[article.pk, version.pk])


def article_versions(article):
    return list(revisions.versions_of(article.pk))


@pytest.fixture
def story(editor_client):
    """A story saved twice in the admin: two revisions."""
    article = ArticleFactory(title="Bakeries ration bread", body="<p>Queues formed before dawn.</p>")
    editor_client.post(change_url(article), form_data_for(editor_client, article))
    data = form_data_for(editor_client, article, title="Bakeries ration bread in Idlib", body="<p>Queues formed at night.</p>")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    return article


def test_each_admin_save_keeps_one_revision_with_who_and_what(story, editor):
    versions = article_versions(story)
    assert len(versions) == 2
    newest = versions[0].revision
    assert newest.user == editor
    assert "Title" in revisions.describe(newest.comment) or "title" in revisions.describe(newest.comment).lower()
    assert versions[0].field_dict["title"] == "Bakeries ration bread in Idlib"
    assert versions[1].field_dict["title"] == "Bakeries ration bread"


def test_a_revision_keeps_tags_authors_and_pins(editor_client, editor):
    article, target = ArticleFactory(tags=[TagFactory()]), ArticleFactory()
    editor_client.post(change_url(article), form_data_for(editor_client, article, pins=[(target, 1)]))
    snap = revisions.snapshot(article_versions(article)[0])
    assert snap.pin_target_ids == [target.pk]
    assert snap.tag_ids == list(article.tags.values_list("pk", flat=True))
    assert snap.author_ids == list(article.authors.values_list("pk", flat=True))


def test_a_command_saving_through_the_service_keeps_a_revision_too():
    article = ArticleFactory()
    article.title = "Changed by an importer"
    services.save_article(article=article)
    (version,) = article_versions(article)
    assert version.revision.user is None and version.field_dict["title"] == "Changed by an importer"


def test_refreshing_suggestions_keeps_no_revision():
    article = ArticleFactory()
    services.refresh_related_suggestions(article=article)
    services.refresh_all_suggestions()
    assert not Version.objects.exists()


def test_the_history_lists_revisions_with_who_and_when(editor_client, story):
    page = editor_client.get(history_url(story))
    assert page.status_code == 200
    assert page.text.count('name="old"') == 2
    assert "editor" in page.text
    assert "Restore" in page.text


def test_the_history_is_paginated_and_its_queries_do_not_grow(editor_client, django_assert_max_num_queries):
    article = ArticleFactory()
    for number in range(60):
        article.title = f"Version {number}"
        services.save_article(article=article)
    with django_assert_max_num_queries(12):
        page = editor_client.get(history_url(article))
    assert page.text.count('name="old"') == 50
    second = editor_client.get(history_url(article) + "?p=2")
    assert second.text.count('name="old"') == 10


def test_two_revisions_compared_word_by_word(editor_client, story, django_assert_max_num_queries):
    new, old = article_versions(story)
    with django_assert_max_num_queries(14):
        page = editor_client.get(compare_url(story, old.pk, new.pk))
    assert page.status_code == 200
    assert "<ins> in Idlib</ins>" in page.text
    assert "<del>before</del><ins>at</ins> <del>dawn.</del><ins>night.</ins>" in page.text


def test_comparing_with_a_revision_of_another_article_is_a_404(editor_client, story):
    other = ArticleFactory()
    services.save_article(article=other)
    (foreign,) = article_versions(other)
    assert editor_client.get(compare_url(story, foreign.pk, "current")).status_code == 404
    assert editor_client.get(compare_url(story, "x", "current")).status_code == 404


def test_restoring_makes_a_new_revision_through_the_save(editor_client, story, editor, monkeypatch):
    saves = []
    real_save = services.save_article
    monkeypatch.setattr(services, "save_article", lambda **kwargs: saves.append(kwargs) or real_save(**kwargs))
    old = article_versions(story)[1]
    confirm = editor_client.get(restore_url(story, old))
    assert "<del> in Idlib</del>" in confirm.text
    response = editor_client.post(restore_url(story, old), {"edit_version": story.edit_version})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Bakeries ration bread"
    assert len(saves) == 1 and saves[0]["by"] == editor
    versions = article_versions(story)
    assert len(versions) == 3
    assert revisions.describe(versions[0].revision.comment) == "Restored from an earlier revision."


def test_restoring_from_a_stale_page_is_refused(editor_client, story):
    old = article_versions(story)[1]
    response = editor_client.post(restore_url(story, old), {"edit_version": story.edit_version - 1}, follow=True)
    assert "saved this article" in response.text
    story.refresh_from_db()
    assert story.title == "Bakeries ration bread in Idlib"


def test_restoring_brings_back_pins_whose_targets_exist(editor_client):
    article, kept, gone = ArticleFactory(), ArticleFactory(), ArticleFactory()
    services.set_related_pins(article=article, targets=[kept, gone])
    services.set_related_pins(article=article, targets=[])
    with_pins = article_versions(article)[1]
    services.delete_articles(articles=[gone])
    services.restore_revision(article=article, version=with_pins)
    assert list(RelatedArticle.objects.filter(article=article).values_list("target_id", flat=True)) == [kept.pk]


def test_restore_needs_the_change_permission(story):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_article"))
    client = Client()
    client.force_login(viewer)
    assert client.get(history_url(story)).status_code == 200
    assert "Restore…" not in client.get(history_url(story)).text
    old = article_versions(story)[1]
    assert client.post(restore_url(story, old)).status_code == 403
    assert Article.objects.get(pk=story.pk).title == "Bakeries ration bread in Idlib"


# Recovering deleted articles ---------------------------------------------------------------


def recover_url(version):
    return reverse("admin:articles_article_recover", args=[version.pk])


def test_a_deleted_article_is_recovered_with_its_story_link_and_pins(editor_client, editor):
    english = ArticleFactory()
    arabic = ArticleFactory(arabic=True, translation_key=english.translation_key)
    kept, gone = ArticleFactory(arabic=True), ArticleFactory(arabic=True)
    services.set_related_pins(article=arabic, targets=[kept, gone])
    arabic_pk = arabic.pk
    assert editor_client.post(reverse("admin:articles_article_delete", args=[arabic_pk]), {"post": "yes"}).status_code == 302
    services.delete_articles(articles=[gone])
    listing = editor_client.get(reverse("admin:articles_article_recover_list"))
    assert arabic.title in listing.text
    version = revisions.deleted_articles().get(object_id=str(arabic_pk))
    response = editor_client.post(recover_url(version), follow=True)
    assert "was recovered" in response.text
    assert "1 pinned article was not restored" in response.text
    recovered = Article.objects.get(pk=arabic_pk)
    assert recovered.translation_key == english.translation_key
    assert list(recovered.related_pins.values_list("target_id", flat=True)) == [kept.pk]
    assert article_versions(recovered)[0].revision.user == editor


def test_a_recovered_article_whose_language_was_taken_comes_back_unlinked(editor):
    english = ArticleFactory()
    arabic = ArticleFactory(arabic=True, translation_key=english.translation_key)
    services.delete_articles(articles=[arabic], by=editor)
    ArticleFactory(arabic=True, translation_key=english.translation_key)
    version = revisions.deleted_articles().get(object_id=str(arabic.pk))
    recovered = services.recover_article(version=version, by=editor)
    assert not recovered.relinked and recovered.translation_key != english.translation_key


def test_recovering_needs_the_add_permission():
    article = ArticleFactory()
    services.delete_articles(articles=[article])
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["view_article", "change_article"]))
    client = Client()
    client.force_login(viewer)
    version = revisions.deleted_articles().get()
    assert client.get(reverse("admin:articles_article_recover_list")).status_code == 403
    assert client.post(recover_url(version)).status_code == 403
    assert not Article.objects.filter(pk=article.pk).exists()


def test_the_article_list_offers_recovery(editor_client):
    assert "Recover deleted articles" in editor_client.get(reverse("admin:articles_article_changelist")).text


def test_deleting_keeps_exactly_one_revision_per_article():
    article = ArticleFactory()
    services.delete_articles(articles=[article])
    assert Revision.objects.count() == 1
    assert revisions.describe(Revision.objects.get().comment) == "Deleted."


def test_a_revision_whose_slug_was_taken_since_is_refused_with_a_message(editor_client, story):
    old = article_versions(story)[1]
    ArticleFactory(slug="taken-now")
    Version.objects.filter(pk=old.pk).update(serialized_data=old.serialized_data.replace(f'"slug": "{story.slug}"', '"slug": "taken-now"'))
    response = editor_client.post(restore_url(story, old), {"edit_version": story.edit_version}, follow=True)
    assert response.status_code == 200
    assert "already uses this slug" in response.text
    assert Article.objects.get(pk=story.pk).slug == story.slug


def test_text_in_a_comparison_is_escaped(editor_client):
    article = ArticleFactory(title="Plain")
    services.save_article(article=article)
    article.title = 'Plain <script>alert("x")</script>'
    services.save_article(article=article)
    new, old = article_versions(article)
    page = editor_client.get(compare_url(article, old.pk, new.pk))
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;" in page.text


def _bulk_saved(by=None, **fields):
    """A new article saved through ``save_articles_in_bulk`` (the importer's write path), with two tags and an author."""
    article = ArticleFactory.build(section=SectionFactory(), **fields)
    tags, authors = [TagFactory(), TagFactory()], [AuthorFactory()]
    services.save_articles_in_bulk(entries=[(article, authors, tags)], by=by, comment="Imported from WordPress.")
    return article, authors, tags


def test_a_bulk_saved_article_keeps_the_version_a_single_save_would(editor):
    article, authors, tags = _bulk_saved(by=editor, title="Floods close the coast road")
    [version] = article_versions(article)
    # What django-reversion itself writes for the stored article: the same text, byte for byte.
    stored = Article.objects.get(pk=article.pk)
    options = reversion.revisions._get_options(Article)
    assert version.serialized_data == serializers.serialize("json", (stored,), fields=options.fields)
    assert version.object_repr == str(stored)
    assert version.revision.user == editor and version.revision.comment == "Imported from WordPress."
    snap = revisions.snapshot(version)
    assert sorted(snap.tag_ids) == sorted(tag.pk for tag in tags)
    assert snap.author_ids == [authors[0].pk] and snap.pin_target_ids == []


def test_a_bulk_saved_article_restores_to_the_text_it_was_saved_with(editor_client, editor):
    article, _authors, tags = _bulk_saved(by=editor, title="Floods close the coast road", body="<p>The road was shut at noon.</p>")
    stored = Article.objects.get(pk=article.pk)
    stored.title, stored.body = "Edited title", "<p>Edited body.</p>"
    services.save_article(article=stored, by=editor, tags=[])
    imported = article_versions(article)[-1]
    page = editor_client.get(history_url(article))
    assert page.text.count('name="old"') == 2 and "Imported from WordPress." in page.text
    services.restore_revision(article=stored, version=imported, by=editor)
    stored.refresh_from_db()
    assert stored.title == "Floods close the coast road"
    assert stored.body == "<p>The road was shut at noon.</p>"
    assert sorted(stored.tags.values_list("pk", flat=True)) == sorted(tag.pk for tag in tags)


def test_each_article_saved_in_one_bulk_call_has_its_own_version_in_one_revision():
    first, second = ArticleFactory.build(section=SectionFactory()), ArticleFactory.build(section=SectionFactory())
    services.save_articles_in_bulk(entries=[(first, [], []), (second, [], [])])
    [one], [two] = article_versions(first), article_versions(second)
    assert one.revision_id == two.revision_id
    assert one.field_dict["title"] == first.title and two.field_dict["title"] == second.title


def test_a_bulk_save_refused_by_a_constraint_writes_no_article_and_no_revision():
    section = SectionFactory()
    twins = [ArticleFactory.build(section=section, slug="same-slug") for _ in range(2)]
    with pytest.raises(IntegrityError):
        services.save_articles_in_bulk(entries=[(article, [], []) for article in twins])
    assert not Article.objects.filter(slug="same-slug").exists()
    assert not Revision.objects.exists() and not Version.objects.exists()
