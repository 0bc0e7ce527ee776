"""Editing details found by trying the admin as an editor would."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory
from translations import services

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def arabic_draft(editor):
    english = ArticleFactory(title="Bakeries reopen in Aleppo", slug="bakeries-reopen-in-aleppo")
    return services.create_translation(source=english, language="ar", by=editor)


def test_translation_draft_gets_an_address_from_its_translated_title(editor_client, arabic_draft):
    # The draft starts with the English slug; published as is, the Arabic page had an English address.
    page = editor_client.get(change_url(arabic_draft))
    assert page.context["adminform"].form["slug"].value() == ""
    data = admin_form_data(page, title="أفران حلب تعود إلى العمل", status="published")
    response = editor_client.post(change_url(arabic_draft), data)
    assert response.status_code == 302
    arabic_draft.refresh_from_db()
    assert arabic_draft.slug == "أفران-حلب-تعود-إلى-العمل"
    assert editor_client.get(arabic_draft.get_absolute_url()).status_code == 200


def test_a_slug_the_editor_typed_is_kept(editor_client, arabic_draft):
    page = editor_client.get(change_url(arabic_draft))
    response = editor_client.post(change_url(arabic_draft), admin_form_data(page, title="أفران حلب", slug="أفران"))
    assert response.status_code == 302
    assert Article.objects.get(pk=arabic_draft.pk).slug == "أفران"


def test_a_published_article_keeps_its_slug_on_the_form(editor_client):
    article = ArticleFactory(slug="kept-address")
    assert editor_client.get(change_url(article)).context["adminform"].form["slug"].value() == "kept-address"


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_view_on_site_is_not_offered_before_readers_can_see_the_article(editor_client, kind):
    # Readers get a 404 for these, so the button only led editors to an error page.
    article = ArticleFactory(**{kind: True})
    page = editor_client.get(change_url(article)).text
    assert "viewsitelink" not in page


def test_view_on_site_leads_to_the_live_article(editor_client):
    article = ArticleFactory()
    page = editor_client.get(change_url(article)).text
    assert f'href="{article.get_absolute_url()}" class="viewsitelink"' in page


def test_article_list_filters_by_visibility_not_twice_by_status(editor_client):
    page = editor_client.get(reverse("admin:articles_article_changelist")).text
    assert "?visibility=scheduled" in page
    assert "status__exact" not in page
