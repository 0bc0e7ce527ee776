"""A footer link's label and address are translated field by field: one row, both editions."""

from modeltranslation.translator import TranslationOptions, register

from .models import FooterLink


@register(FooterLink)
class FooterLinkTranslationOptions(TranslationOptions):
    fields = ("label", "url")
    # A link may exist in one edition only (an Arabic-language social account, say).
    required_languages = ()
    # Never show the English label in the Arabic edition (or the reverse).
    fallback_languages = {"default": ()}
