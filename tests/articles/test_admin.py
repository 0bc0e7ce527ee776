"""Editors write and publish articles in the Django admin, in English or Arabic."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_editor_publishes_an_article_that_appears_on_the_edition_home(editor_client, editor):
    response = editor_client.post(reverse("admin:articles_article_add"), article_form_data(editor_client))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article = Article.objects.get(slug="bakeries-ration-bread-in-idlib")
    assert article.created_by == editor and article.updated_by == editor
    assert "<script" not in article.body
    assert "Bakeries ration bread in Idlib" in editor_client.get("/en/").text


def test_duplicate_slug_is_a_form_error_and_nothing_is_saved(editor_client):
    ArticleFactory(slug="bakeries-ration-bread-in-idlib")
    response = editor_client.post(reverse("admin:articles_article_add"), article_form_data(editor_client))
    assert response.status_code == 200
    assert "An article in this language already uses this slug." in response.text
    assert Article.objects.count() == 1


def test_form_errors_are_in_arabic_for_an_arabic_editor(editor_client):
    ArticleFactory(slug="bakeries-ration-bread-in-idlib")
    editor_client.cookies["newsroom_language"] = "ar"
    response = editor_client.post(reverse("admin:articles_article_add"), article_form_data(editor_client))
    assert "هناك مقال بهذه اللغة يستخدم هذا المعرّف." in response.text
    assert 'dir="rtl"' in response.text


def test_arabic_article_form_fields_are_right_to_left(editor_client):
    article = ArticleFactory(arabic=True)
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert 'name="title" value="%s"' % article.title in response.text
    assert 'dir="rtl" lang="ar"' in response.text


def test_article_body_uses_the_offline_rich_text_editor(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert "django_prose_editor/editor.js" in response.text
    assert "data-django-prose-editor" in response.text


def test_change_list_filters_by_language_and_does_not_query_per_row(editor_client, django_assert_max_num_queries):
    ArticleFactory.create_batch(3)
    ArticleFactory.create_batch(2, arabic=True)
    url = reverse("admin:articles_article_changelist")
    with django_assert_max_num_queries(12) as few:
        editor_client.get(url)
    ArticleFactory.create_batch(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = editor_client.get(url)
    assert response.status_code == 200
    arabic_only = editor_client.get(url + "?language__exact=ar")
    assert arabic_only.context["cl"].result_count == 2


def test_autocomplete_finds_tags_in_either_language(editor_client):
    TagFactory(name_en="Turkey", name_ar="تركيا")
    url = reverse("admin:autocomplete") + "?app_label=articles&model_name=article&field_name=tags&term=ترك"
    response = editor_client.get(url)
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Turkey"]


def test_visitors_without_staff_rights_cannot_reach_the_article_admin(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_punctuation_only_title_without_slug_is_a_form_error_and_the_edition_keeps_working(editor_client):
    response = editor_client.post(reverse("admin:articles_article_add"), article_form_data(editor_client, title="!!!", slug=""))
    assert response.status_code == 200
    assert "the title has no letters or digits" in response.text
    assert not Article.objects.exists()
    assert editor_client.get("/en/").status_code == 200


def test_add_page_with_an_unknown_language_falls_back_instead_of_failing(editor_client):
    assert editor_client.get(reverse("admin:articles_article_add") + "?language=zz").status_code == 200


def test_the_article_list_reads_no_story_text(editor_client, django_assert_max_num_queries):
    ArticleFactory.create_batch(3, body="<p>" + "word " * 2000 + "</p>")
    with django_assert_max_num_queries(12) as captured:
        response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    listing = [query["sql"] for query in captured.captured_queries if '"articles_article"."title"' in query["sql"]]
    assert listing and not any('"articles_article"."body"' in sql for sql in listing)


def test_the_article_list_filters_by_publication_year_instead_of_a_date_hierarchy(editor_client):
    old = ArticleFactory(title="From 2019", published_at=timezone.make_aware(timezone.datetime(2019, 6, 1)))
    ArticleFactory(title="From this year")
    response = editor_client.get(reverse("admin:articles_article_changelist"), {"year": "2019"})
    assert [article.pk for article in response.context["cl"].result_list] == [old.pk]
    assert "2019" in response.text and "date_hierarchy" not in response.text
    for hostile in ("99999", "20x9", "٢٠١٩"):
        assert editor_client.get(reverse("admin:articles_article_changelist"), {"year": hostile}).status_code in (200, 302)


def test_a_list_longer_than_the_counting_cap_says_or_more(editor_client, monkeypatch):
    from articles.admin import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 2)
    ArticleFactory.create_batch(3)
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert "2 or more articles" in response.text


@pytest.mark.postgres
def test_the_title_search_is_served_by_an_index_on_postgresql(editor_client):
    from django.db import connection

    from tests.concurrency import skip_unless_postgresql

    skip_unless_postgresql()
    ArticleFactory(title="Wheat harvest in Hasakah")
    queryset = Article.objects.filter(title__icontains="harvest")
    with connection.cursor() as cursor:
        # A one-row table is cheapest read any way at all: rule out walking the table or another
        # index in full, so the plan says whether the trigram index can answer the search.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_title_trgm" in plan, plan


def test_the_article_list_never_counts_its_filters_choices(editor_client):
    ArticleFactory()
    response = editor_client.get(reverse("admin:articles_article_changelist"), {"_facets": "1"})
    assert response.status_code == 200
    assert "Show counts" not in response.text and "Hide counts" not in response.text
