"""Fixtures for the translations tests: a story told in English and in Arabic."""

import pytest

from tests.factories import ArticleFactory
from translations import services


@pytest.fixture
def english(db):
    return ArticleFactory(title="Wheat harvest begins in Hasakah", slug="wheat-harvest")


@pytest.fixture
def arabic(db):
    return ArticleFactory(arabic=True, title="بدء حصاد القمح في الحسكة", slug="حصاد-القمح")


@pytest.fixture
def linked_pair(english, arabic, editor):
    """The English article as the source, the Arabic one as its translation, in step."""
    services.link_translation(article=english, counterpart=arabic, by=editor)
    english.refresh_from_db()
    arabic.refresh_from_db()
    return english, arabic
