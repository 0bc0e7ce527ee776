"""Demo content comes with curated related lists, filled up by suggestions."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, RelatedArticle, RelatedSuggestion

pytestmark = pytest.mark.django_db


def test_demo_stories_have_curated_and_suggested_related_articles(client):
    call_command("load_demo_content", stdout=io.StringIO())
    pins = RelatedArticle.objects.count()
    assert pins >= 8 and RelatedSuggestion.objects.exists()

    english = Article.objects.get(language="en", slug__startswith="ankara")
    arabic = Article.objects.get(language="ar", title__startswith="أنقرة ودمشق")
    # The story with no Arabic version is left out of the Arabic list.
    assert english.related_pins.count() == 3 and arabic.related_pins.count() == 2

    response = client.get(english.get_absolute_url())
    items = response.context["related_items"]
    assert len(items) == 4
    assert [item.pinned for item in items] == [True, True, True, False]

    call_command("load_demo_content", stdout=io.StringIO())
    assert RelatedArticle.objects.count() == pins
