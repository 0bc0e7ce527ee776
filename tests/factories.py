"""Factories for the test suite: the smallest valid objects, overridable per test."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from translations import services as translation_services
from articles.models import Article, Author, Section, Tag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class EditorFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name_en = factory.Sequence(lambda n: f"Section {n}")
    name_ar = factory.Sequence(lambda n: f"قسم {n}")
    slug_en = factory.Sequence(lambda n: f"section-{n}")
    slug_ar = factory.Sequence(lambda n: f"قسم-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_ar = factory.Sequence(lambda n: f"موضوع {n}")
    slug_en = factory.Sequence(lambda n: f"topic-{n}")
    slug_ar = factory.Sequence(lambda n: f"موضوع-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name_en = factory.Sequence(lambda n: f"Reporter {n}")
    name_ar = factory.Sequence(lambda n: f"مراسل {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A live English article unless told otherwise."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    language = "en"
    title = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-number-{n}")
    summary = "A short standfirst for the story."
    body = "<p>First paragraph of the story.</p><p>Second paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    class Params:
        arabic = factory.Trait(
            language="ar",
            title=factory.Sequence(lambda n: f"خبر رقم {n}"),
            slug=factory.Sequence(lambda n: f"خبر-رقم-{n}"),
            summary="مقدمة قصيرة للخبر.",
            body="<p>الفقرة الأولى من الخبر.</p>",
        )
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(published_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create:
            self.authors.set(extracted if extracted is not None else [AuthorFactory()])

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def translation_queue(self, create, extracted, **kwargs):
        # A stored article is in the translation queue when its story needs work, as the write path keeps it.
        if create:
            translation_services.sync_queue(story=self.translation_key)
