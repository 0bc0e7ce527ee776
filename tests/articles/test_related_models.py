"""The rules of related articles that the models and the database enforce."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import RelatedArticle, RelatedExclusion, RelatedSuggestion
from tests.articles.factories import RelatedArticleFactory, RelatedExclusionFactory
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def errors_of(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_an_article_cannot_be_related_to_itself():
    article = ArticleFactory()
    assert errors_of(RelatedArticle(article=article, target=article, position=1)) == {
        "target": ["An article cannot be related to itself."]
    }


def test_a_target_in_another_language_is_refused_with_the_language_named():
    english, arabic = ArticleFactory(), ArticleFactory(arabic=True)
    errors = errors_of(RelatedArticle(article=english, target=arabic, position=1))
    assert errors == {"target": ["Choose an article in English, the language of this article."]}


def test_the_same_target_cannot_be_pinned_twice():
    pin = RelatedArticleFactory()
    duplicate = RelatedArticle(article=pin.article, target=pin.target, position=2)
    assert errors_of(duplicate) == {"__all__": ["This article is already in the related list."]}


def test_a_valid_pin_passes_and_is_listed_under_its_article():
    pin = RelatedArticle(article=ArticleFactory(), target=ArticleFactory(), position=1)
    pin.full_clean()
    pin.save()
    assert list(pin.article.related_pins.values_list("target", flat=True)) == [pin.target.pk]


def test_the_database_refuses_self_and_duplicate_pins():
    pin = RelatedArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedArticle.objects.create(article=pin.article, target=pin.article, position=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedArticle.objects.create(article=pin.article, target=pin.target, position=6)


def test_the_database_refuses_self_and_duplicate_exclusions_and_suggestions():
    exclusion = RelatedExclusionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedExclusion.objects.create(article=exclusion.article, target=exclusion.target)
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedExclusion.objects.create(article=exclusion.article, target=exclusion.article)
    article = exclusion.article
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedSuggestion.objects.create(article=article, target=article, rank=1, score=1)


def test_exclusions_follow_the_same_language_rule():
    errors = errors_of(RelatedExclusion(article=ArticleFactory(arabic=True), target=ArticleFactory()))
    assert errors == {"target": ["Choose an article in Arabic, the language of this article."]}


def test_pins_keep_the_editor_order_with_a_stable_tie_break():
    article = ArticleFactory()
    second = RelatedArticleFactory(article=article, position=2)
    first_a = RelatedArticleFactory(article=article, position=1)
    first_b = RelatedArticleFactory(article=article, position=1)
    assert list(article.related_pins.all()) == [first_a, first_b, second]


def test_deleting_a_target_removes_its_pins():
    pin = RelatedArticleFactory()
    pin.target.delete()
    assert not RelatedArticle.objects.exists()
