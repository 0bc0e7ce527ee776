"""Factories for related articles (pins, exclusions) used by the articles tests."""

import factory

from articles.models import RelatedArticle, RelatedExclusion
from tests.factories import ArticleFactory


class RelatedArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedArticle

    article = factory.SubFactory(ArticleFactory)
    target = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n + 1)


class RelatedExclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedExclusion

    article = factory.SubFactory(ArticleFactory)
    target = factory.SubFactory(ArticleFactory)
