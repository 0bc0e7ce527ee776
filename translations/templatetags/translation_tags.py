"""Template tags that lead readers across the language versions of a story.

Every tag reads the same list, ``selectors.published_versions(article)``: one
query per page, cached on the article. Only published versions are in it, so
a draft or scheduled counterpart is never revealed, and appears by itself once
its publication time comes.

``{% load translation_tags %}`` then, on the article page:
``{% translation_head_links article %}``, ``{% translation_og_locale article %}``,
``{% story_edition_links article as edition_links %}`` and ``{% translation_links article %}``.
"""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from articles import editions

from .. import selectors

register = template.Library()

#: Open Graph wants language_TERRITORY; a deployment may override it in settings.
DEFAULT_OG_LOCALES = {"en": "en_US", "ar": "ar_AR"}

#: The words of the link to another version, written in that version's language, as bilingual news sites word it.
VERSION_LINK_LABELS = {
    "ar": _("The Arabic version of this article"),
    "en": _("Read this article in English"),
}


def og_locale(code):
    return getattr(settings, "TRANSLATIONS_OG_LOCALES", DEFAULT_OG_LOCALES).get(code, code)


def untranslated_url(article, code):
    """Where the switch sends a reader to edition *code* when the story has no published version in it."""
    return f"{editions.url_in(code, 'translations:untranslated')}?article={article.pk}"


@register.simple_tag
def story_edition_links(article):
    """The language switch of an article page: to each published version, else to that edition's notice."""
    versions = {version.language: version for version in [article, *selectors.published_versions(article)]}

    def url_in(code):
        version = versions.get(code)
        return version.get_absolute_url() if version else (untranslated_url(article, code), False)

    return editions.edition_links(url_in)


@register.inclusion_tag("articles/includes/head_links.html", takes_context=True)
def translation_head_links(context, article):
    """``rel=canonical`` and one ``rel=alternate hreflang`` per published version, itself and x-default included."""
    links = story_edition_links(article)
    return editions.head_links(context["request"], links, canonical=article.get_absolute_url())


@register.inclusion_tag("translations/includes/og_locale.html")
def translation_og_locale(article):
    return {
        "locale": og_locale(article.language),
        "alternates": [og_locale(version.language) for version in selectors.published_versions(article)],
    }


@register.inclusion_tag("translations/includes/version_links.html")
def translation_links(article):
    """The visible links to the other published versions, each in its own language, with its title."""
    return {
        "links": [
            {"version": version, "label": version_link_label(version.language)}
            for version in selectors.published_versions(article)
        ]
    }


def version_link_label(code):
    """The link's words in the language of the version it leads to."""
    with translation.override(code):
        if code in VERSION_LINK_LABELS:
            return str(VERSION_LINK_LABELS[code])
        return _("Read this article in %(language)s") % {"language": editions.local_name(code)}
