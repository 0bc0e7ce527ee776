"""The generated archive has the shape the benchmarks rely on (``manage.py generate_archive``)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from articles.models import Article, RelatedArticle, RelatedSuggestion, Tag, Visibility
from articles.sanitizer import sanitize_html
from translations.models import TranslationSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(settings):
    settings.DEBUG = True  # a development tool (pytest-django turns DEBUG off)
    call_command("generate_archive", articles=60, seed=3, sample_size=6, stdout=io.StringIO())
    return Article.objects.all()


def test_both_languages_and_paired_stories(archive):
    assert archive.count() == 60
    assert set(archive.values_list("language", flat=True)) == {"en", "ar"}
    pairs = archive.values("translation_key").annotate(versions=Count("pk")).filter(versions=2)
    assert pairs.count() >= 15
    # The translated side of each pair records its source, in the other language; some are outdated.
    assert TranslationSource.objects.count() == pairs.count()
    assert not TranslationSource.objects.filter(source__language=F("translation__language")).exists()
    assert not TranslationSource.objects.exclude(source__translation_key=F("translation__translation_key")).exists()
    assert TranslationSource.objects.outdated().exists()


def test_drafts_scheduled_and_live_stories(archive):
    for visibility in Visibility:
        assert archive.with_visibility(visibility).exists(), visibility


def test_tags_repeat_and_pins_stay_in_the_language(archive):
    assert Tag.objects.annotate(uses=Count("articles")).filter(uses__gte=5).exists()
    pins = RelatedArticle.objects.select_related("article", "target")
    assert pins.exists()
    assert all(pin.article.language == pin.target.language for pin in pins)
    assert RelatedSuggestion.objects.exists()  # --suggestions sample (the default)


def test_bodies_are_long_and_already_clean(archive):
    article = archive.filter(language="ar").first()
    assert len(article.body.split()) > 600
    assert sanitize_html(article.body) == article.body


def test_refuses_a_production_site(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_archive", articles=5, stdout=io.StringIO())


def test_generated_stories_can_be_searched(archive):
    """COPY skips the model's save: the generator writes the searched columns (and, on PostgreSQL, vectors) itself."""
    from django.db import connection

    from articles import search, selectors

    story = archive.published().filter(language="ar").first()
    assert story.search_title == search.search_text(story.title)
    if connection.vendor == "postgresql":
        assert not archive.filter(search_vector__isnull=True).exists()
    word = story.title.split()[0]
    page = selectors.search_articles(language="ar", query=search.Query.parse(word), per_page=60)
    assert story.pk in [result.article.pk for result in page.results]
