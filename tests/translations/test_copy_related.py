"""Copying an editor's related-article pins from one language version of a story to another."""

import pytest
from django.core.exceptions import ValidationError

from articles import services as article_services
from tests.factories import ArticleFactory
from translations import services

pytestmark = pytest.mark.django_db


def version_of(article, **kwargs):
    return ArticleFactory(arabic=True, translation_key=article.translation_key, **kwargs)


def test_copy_pins_the_counterparts_in_order_and_reports_the_skipped():
    english = ArticleFactory(title="Story")
    arabic = version_of(english)
    first, lonely, third = ArticleFactory(title="First"), ArticleFactory(title="No Arabic"), ArticleFactory(title="Third")
    first_ar, third_ar = version_of(first, title="الأول"), version_of(third, title="الثالث", draft=True)
    for target in (third, lonely, first):
        article_services.pin_related_article(article=english, target=target)
    already = article_services.pin_related_article(article=arabic, target=ArticleFactory(arabic=True)).target

    report = services.copy_related_from_version(article=arabic, source=english)

    assert report.pinned == [third_ar, first_ar]
    assert report.skipped == [lonely]
    assert list(arabic.related_pins.values_list("target", "position")) == [
        (already.pk, 1),
        (third_ar.pk, 2),
        (first_ar.pk, 3),
    ]
    again = services.copy_related_from_version(article=arabic, source=english)
    assert again.pinned == [] and again.already_pinned == [third_ar, first_ar]
    assert arabic.related_pins.count() == 3


def test_copy_only_from_another_version_of_the_same_story():
    english = ArticleFactory()
    stranger = ArticleFactory(arabic=True)
    with pytest.raises(ValidationError):
        services.copy_related_from_version(article=stranger, source=english)
    with pytest.raises(ValidationError):
        services.copy_related_from_version(article=english, source=english)
