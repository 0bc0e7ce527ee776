"""Publishing is a permission of its own, checked by the one write path (``services.save_article``)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    """May write and change articles, not publish them."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["add_article", "change_article"]))
    return user


@pytest.fixture
def publisher(writer):
    writer.user_permissions.add(Permission.objects.get(codename="publish_article"))
    return type(writer).objects.get(pk=writer.pk)  # permissions are cached on the instance


def refused(article, by):
    with pytest.raises(ValidationError) as caught:
        services.save_article(article=article, by=by)
    assert caught.value.code == "publish_forbidden"
    assert "ask an editor" in caught.value.messages[0]


def test_a_writer_saves_drafts_but_cannot_publish_a_new_article(writer):
    draft = services.save_article(article=Article(title="Draft", slug="draft", section=SectionFactory()), by=writer)
    assert draft.status == Article.Status.DRAFT
    refused(Article(title="Live", slug="live", section=SectionFactory(), status="published", published_at=timezone.now()), writer)
    assert not Article.objects.filter(slug="live").exists()


def test_a_writer_cannot_publish_schedule_redate_or_unpublish(writer):
    draft = ArticleFactory(draft=True)
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() + datetime.timedelta(days=1)
    refused(draft, writer)  # scheduling is publishing
    live = ArticleFactory()
    live.published_at -= datetime.timedelta(days=3)
    refused(live, writer)
    live.refresh_from_db()
    live.status = Article.Status.DRAFT
    refused(live, writer)
    assert Article.objects.get(pk=live.pk).status == Article.Status.PUBLISHED


def test_a_writer_may_change_the_text_of_a_live_article_without_touching_its_publication(writer):
    live = ArticleFactory()
    live.title = "Corrected headline"
    services.save_article(article=live, by=writer)
    assert Article.objects.get(pk=live.pk).title == "Corrected headline"


def test_a_publisher_and_the_system_may_publish(publisher):
    draft = ArticleFactory(draft=True)
    assert services.publish_articles(articles=[draft], by=publisher) == [draft]
    assert Article.objects.published().filter(pk=draft.pk).exists()
    other = ArticleFactory(draft=True)
    services.publish_articles(articles=[other], by=None)  # demo content, commands, importers
    assert Article.objects.published().filter(pk=other.pk).exists()


def test_publishing_several_is_all_or_nothing_for_a_writer(writer):
    drafts = [ArticleFactory(draft=True), ArticleFactory(draft=True)]
    with pytest.raises(ValidationError):
        services.publish_articles(articles=drafts, by=writer)
    assert Article.objects.filter(status=Article.Status.PUBLISHED, pk__in=[a.pk for a in drafts]).count() == 0
