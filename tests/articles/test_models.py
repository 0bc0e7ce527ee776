"""Rules an article keeps whatever writes it: the database and the model enforce them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article
from articles.sanitizer import sanitize_html
from tests.factories import ArticleFactory, SectionFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_slug_is_unique_within_a_language_in_the_database():
    ArticleFactory(slug="aleppo-power-cuts")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="aleppo-power-cuts")


def test_the_same_slug_may_be_used_in_each_language():
    ArticleFactory(slug="damascus")
    assert ArticleFactory(arabic=True, slug="damascus").pk


def test_duplicate_slug_is_a_validation_error_naming_the_problem():
    ArticleFactory(slug="aleppo-power-cuts")
    duplicate = ArticleFactory.build(slug="aleppo-power-cuts", section=SectionFactory())
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "An article in this language already uses this slug." in str(error.value)


def test_language_must_be_a_configured_edition():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(language="fr")
    article = ArticleFactory.build(language="fr", section=SectionFactory())
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "language" in error.value.message_dict


def test_arabic_titles_keep_arabic_slugs():
    article = ArticleFactory(arabic=True, slug="انقطاع-الكهرباء-في-حلب")
    article.refresh_from_db()
    assert article.slug == "انقطاع-الكهرباء-في-حلب"
    assert "/ar/articles/" in article.get_absolute_url()


def test_a_story_has_at_most_one_version_per_language():
    english = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(translation_key=english.translation_key)
    assert ArticleFactory(arabic=True, translation_key=english.translation_key).pk


def test_published_article_needs_a_date_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_publishing_without_a_date_means_now():
    article = ArticleFactory.build(status=Article.Status.PUBLISHED, published_at=None, section=SectionFactory())
    article.full_clean()
    assert abs(article.published_at - timezone.now()) < datetime.timedelta(seconds=5)


def test_published_queryset_hides_drafts_and_scheduled_articles():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_appears_once_its_time_comes():
    article = ArticleFactory(scheduled=True)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_sanitiser_strips_scripts_and_event_handlers_on_every_save():
    article = ArticleFactory(
        body='<p onmouseover="x()">Hi</p><script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)">bad link</a><iframe src="https://evil.example"></iframe>'
    )
    article.refresh_from_db()
    for dangerous in ("<script", "onmouseover", "onerror", "javascript:", "<iframe", "<img"):
        assert dangerous not in article.body
    assert "Hi" in article.body and "bad link" in article.body


def test_sanitiser_also_runs_on_plain_model_saves():
    article = ArticleFactory()
    article.body = "<p>ok</p><script>alert(1)</script>"
    article.save()
    article.refresh_from_db()
    assert article.body == "<p>ok</p>"


def test_sanitiser_keeps_the_editors_formatting():
    html = (
        "<h2>Background</h2><p><strong>Bold</strong>, <em>italic</em> and "
        '<a href="https://example.org/report">a link</a>.</p>'
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>quoted</p></blockquote>"
    )
    cleaned = sanitize_html(html)
    for kept in ("<h2>", "<strong>", "<em>", 'href="https://example.org/report"', "<ul>", "<ol>", "<blockquote>"):
        assert kept in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_section_and_tag_slugs_are_unique_per_language():
    SectionFactory(slug_en="politics", slug_ar="سياسة")
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionFactory(slug_en="politics")
    TagFactory(slug_ar="تركيا")
    with pytest.raises(IntegrityError), transaction.atomic():
        TagFactory(slug_ar="تركيا")


def test_shared_vocabulary_is_shown_in_the_active_language():
    from django.utils import translation

    section = SectionFactory(name_en="Economy", name_ar="اقتصاد")
    with translation.override("ar"):
        assert str(section) == "اقتصاد"
    with translation.override("en"):
        assert str(section) == "Economy"


def test_sanitiser_drops_the_empty_titles_the_editor_leaves_on_links():
    cleaned = sanitize_html('<p><a href="https://example.org/" title="">report</a></p>')
    assert 'title=' not in cleaned and 'href="https://example.org/"' in cleaned


def test_empty_slug_is_made_from_the_title_in_its_own_script():
    article = ArticleFactory.build(arabic=True, title="عودة اللاجئين إلى حلب", slug="", section=SectionFactory())
    article.full_clean()
    assert article.slug == "عودة-اللاجئين-إلى-حلب"


def test_a_title_without_letters_needs_a_typed_slug():
    article = ArticleFactory.build(title="؟!", slug="", section=SectionFactory())
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "the title has no letters or digits" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="")


def test_the_text_fingerprint_follows_title_summary_and_body_only():
    article = ArticleFactory()
    first = article.text_fingerprint
    assert len(first) == 32
    article.section = SectionFactory()
    article.save()
    assert article.text_fingerprint == first
    for field, text in (("title", "A new headline"), ("summary", "A new standfirst"), ("body", "<p>New words.</p>")):
        setattr(article, field, text)
        article.save()
        assert article.text_fingerprint != first, field
        first = article.text_fingerprint


def test_the_fingerprint_is_of_the_stored_sanitised_body():
    clean = ArticleFactory(body="<p>Same words.</p>")
    dirty = ArticleFactory(body='<p onclick="steal()">Same words.</p><script>steal()</script>', title=clean.title,
                           summary=clean.summary)
    assert dirty.text_fingerprint == clean.text_fingerprint


@pytest.mark.parametrize("language, slug", [("en", "bread-prices_2"), ("ar", "أسعار-الخبز-2")])
def test_an_articles_address_is_the_one_reverse_gives(language, slug):
    from django.urls import reverse
    from django.utils import translation

    article = ArticleFactory.build(language=language, slug=slug)
    with translation.override(language):
        assert article.get_absolute_url() == reverse("articles:article", kwargs={"slug": slug})
