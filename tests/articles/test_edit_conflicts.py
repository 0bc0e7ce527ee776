"""No lost edits: a save made after someone else's is refused, names them, shows the difference, and keeps the text typed."""

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article, RelatedArticle, RelatedExclusion
from tests.admin_forms import change_url, form_data_for
from tests.concurrency import first_holds_then_second, skip_unless_postgresql
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db


# The service ---------------------------------------------------------------------------------


def test_a_save_from_a_stale_version_is_refused_with_who_and_when(editor):
    article = ArticleFactory(title="First title")
    seen = article.edit_version
    services.save_article(article=Article.objects.get(pk=article.pk), by=editor)
    article.title = "Mine"
    with pytest.raises(services.EditConflict) as refused:
        services.save_article(article=article, seen_version=seen)
    assert refused.value.saved_by == editor
    assert refused.value.current.title == "First title"
    assert "editor saved this article at" in refused.value.messages[0]
    assert Article.objects.get(pk=article.pk).title == "First title"


def test_each_save_moves_the_version_on(editor):
    article = ArticleFactory()
    services.save_article(article=article, seen_version=0)
    services.save_article(article=article, seen_version=1)
    assert Article.objects.get(pk=article.pk).edit_version == 2 == article.edit_version


def test_a_save_without_a_seen_version_is_not_checked():
    article = ArticleFactory()
    services.save_article(article=Article.objects.get(pk=article.pk))
    services.save_article(article=article)  # a command: last write wins, as before
    assert Article.objects.get(pk=article.pk).edit_version == 2


def test_pins_changed_by_someone_else_refuse_a_stale_pin_or_exclusion():
    article, first, second = ArticleFactory(), ArticleFactory(), ArticleFactory()
    seen = article.edit_version
    services.pin_related_article(article=Article.objects.get(pk=article.pk), target=first)
    with pytest.raises(services.EditConflict):
        services.promote_suggestion(article=article, target=second, seen_version=seen)
    with pytest.raises(services.EditConflict):
        services.exclude_suggestion(article=article, target=second, seen_version=seen)
    assert list(RelatedArticle.objects.filter(article=article).values_list("target_id", flat=True)) == [first.pk]
    assert not RelatedExclusion.objects.exists()


# The admin form ------------------------------------------------------------------------------


@pytest.fixture
def other_editor_client(committed):
    from tests.conftest import CommittingClient

    client = CommittingClient(committed)
    client.force_login(EditorFactory(username="aisha", first_name="Aisha", last_name="Haddad"))
    return client


@pytest.fixture
def both_opened(editor_client, other_editor_client):
    """Two editors opened the same article; Aisha saved first."""
    article = ArticleFactory(title="Bakeries ration bread", body="<p>Queues formed before dawn.</p>")
    mine = form_data_for(editor_client, article, title="Bakeries ration bread in Aleppo")
    theirs = form_data_for(other_editor_client, article, body="<p>Queues formed at night.</p>")
    assert other_editor_client.post(change_url(article), theirs).status_code == 302
    return article, mine


def test_the_second_save_is_refused_and_shows_who_their_change_and_my_text(editor_client, both_opened):
    article, mine = both_opened
    response = editor_client.post(change_url(article), mine)
    assert response.status_code == 200
    assert "Aisha Haddad saved this article at" in response.text
    form = response.context["adminform"].form
    assert form["title"].value() == "Bakeries ration bread in Aleppo"  # nothing typed is lost
    assert "<ins> in Aleppo</ins>" in response.text  # my change against theirs
    assert "<del>at</del><ins>before</ins>" in response.text  # their change, which mine would undo
    assert "Save mine anyway" in response.text
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.body) == ("Bakeries ration bread", "<p>Queues formed at night.</p>")


def test_saving_again_without_choosing_is_refused_again(editor_client, both_opened):
    article, mine = both_opened
    again = editor_client.post(change_url(article), mine)
    data = {**mine, "conflict_version": again.context["adminform"].form.data["conflict_version"]}
    assert editor_client.post(change_url(article), data).status_code == 200
    assert Article.objects.get(pk=article.pk).title == "Bakeries ration bread"


def test_save_mine_anyway_saves_over_the_version_shown(editor_client, both_opened):
    article, mine = both_opened
    refused = editor_client.post(change_url(article), mine)
    data = {**mine, "conflict_version": refused.context["adminform"].form.data["conflict_version"], "save_mine_anyway": "on"}
    assert editor_client.post(change_url(article), data).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Bakeries ration bread in Aleppo"


def test_save_mine_anyway_does_not_overwrite_a_third_save(editor_client, other_editor_client, both_opened):
    article, mine = both_opened
    refused = editor_client.post(change_url(article), mine)
    third = form_data_for(other_editor_client, article, summary="A third change.")
    other_editor_client.post(change_url(article), third)
    data = {**mine, "conflict_version": refused.context["adminform"].form.data["conflict_version"], "save_mine_anyway": "on"}
    assert editor_client.post(change_url(article), data).status_code == 200
    assert Article.objects.get(pk=article.pk).summary == "A third change."


def test_pins_typed_in_the_inline_are_kept_and_compared(editor_client, other_editor_client):
    article, theirs_pin, my_pin = ArticleFactory(), ArticleFactory(title="Their pick"), ArticleFactory(title="My pick")
    mine = form_data_for(editor_client, article, pins=[(my_pin, 1)])
    other_editor_client.post(change_url(article), form_data_for(other_editor_client, article, pins=[(theirs_pin, 1)]))
    response = editor_client.post(change_url(article), mine)
    assert response.status_code == 200
    assert "<del>Their pick</del>" in response.text and "<ins>My pick</ins>" in response.text
    assert list(RelatedArticle.objects.filter(article=article).values_list("target_id", flat=True)) == [theirs_pin.pk]


def test_a_related_button_from_a_stale_page_is_refused(editor_client, other_editor_client):
    article, target = ArticleFactory(), ArticleFactory()
    stale = form_data_for(editor_client, article)
    other_editor_client.post(change_url(article), form_data_for(other_editor_client, article, title="Changed"))
    url = reverse("admin:articles_article_related_action", args=[article.pk, "exclude", target.pk])
    response = editor_client.post(url, stale, follow=True)
    assert "Aisha Haddad saved this article" in response.text
    assert not RelatedExclusion.objects.exists()
    fresh = form_data_for(editor_client, article)
    editor_client.post(url, fresh)
    assert RelatedExclusion.objects.filter(article=article, target=target).exists()


def test_the_conflict_reads_in_arabic_for_an_arabic_editor(editor_client, both_opened):
    article, mine = both_opened
    editor_client.cookies["newsroom_language"] = "ar"
    response = editor_client.post(change_url(article), mine)
    assert response.context["adminform"].form.non_field_errors()
    assert 'lang="ar"' in response.text


# Two real transactions on PostgreSQL --------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_from_the_same_version_cannot_both_pass():
    skip_unless_postgresql()
    article = ArticleFactory(title="Original")
    seen = article.edit_version

    def save(title):
        def run():
            copy = Article.objects.get(pk=article.pk)
            copy.title = title
            services.save_article(article=copy, seen_version=seen)

        return run

    results = first_holds_then_second(save("First"), save("Second"), success="saved")
    assert results["first"] == "saved"
    assert "saved this article at" in results["second"]
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.edit_version) == ("First", seen + 1)
