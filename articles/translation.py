"""Field-by-field translation of the vocabulary both editions share."""

from modeltranslation.translator import TranslationOptions, register

from .models import Author, Section, Tag


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    required_languages = ("en", "ar")


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name", "slug")
    required_languages = ("en", "ar")


@register(Author)
class AuthorTranslationOptions(TranslationOptions):
    fields = ("name", "bio")
    required_languages = ("en",)
