"""The banner's copy is translated field by field: both languages of one appeal share a row."""

from modeltranslation.translator import TranslationOptions, register

from .models import COPY_FIELDS, Banner


@register(Banner)
class BannerTranslationOptions(TranslationOptions):
    fields = COPY_FIELDS
    # Nothing is required by the form: a banner that is off may be a draft in one
    # language. Banner.clean() and the constraints demand the copy once it goes live.
    required_languages = ()
    # Never show the English copy in the Arabic edition (or the reverse).
    fallback_languages = {"default": ()}
