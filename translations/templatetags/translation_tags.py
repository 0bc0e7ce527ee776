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
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .. import selectors

register = template.Library()

#: Open Graph wants language_TERRITORY; a deployment may override it in settings.
DEFAULT_OG_LOCALES = {"en": "en_US", "ar": "ar_AR"}

#: The words of the link to another version, written in that version's language (as on the seed page).
VERSION_LINK_LABELS = {
    "ar": _("The Arabic version of this article"),
    "en": _("Read this article in English"),
}


def og_locale(code):
    return getattr(settings, "TRANSLATIONS_OG_LOCALES", DEFAULT_OG_LOCALES).get(code, code)


def _all_versions(article):
    """The page's own article and its published versions, in the order of ``settings.LANGUAGES``."""
    order = [code for code, _name in settings.LANGUAGES]
    versions = [article, *selectors.published_versions(article)]
    return sorted(versions, key=lambda version: order.index(version.language) if version.language in order else len(order))


def untranslated_url(article, code):
    """Where the switch sends a reader when the story has no published version in *code*."""
    with translation.override(code):
        return f"{reverse('translations:untranslated')}?article={article.pk}"


@register.inclusion_tag("translations/includes/head_links.html", takes_context=True)
def translation_head_links(context, article):
    """``rel=canonical`` and one ``rel=alternate hreflang`` per published version, itself and x-default included."""
    request = context["request"]
    versions = _all_versions(article)
    default = next((version for version in versions if version.language == settings.LANGUAGE_CODE), versions[0])
    return {
        "canonical": request.build_absolute_uri(article.get_absolute_url()),
        "alternates": [(version.language, request.build_absolute_uri(version.get_absolute_url())) for version in versions],
        "x_default": request.build_absolute_uri(default.get_absolute_url()),
    }


@register.inclusion_tag("translations/includes/og_locale.html")
def translation_og_locale(article):
    return {
        "locale": og_locale(article.language),
        "alternates": [og_locale(version.language) for version in selectors.published_versions(article)],
    }


@register.simple_tag
def story_edition_links(article):
    """The language switch of an article page: to each published version, else to that edition's notice."""
    versions = {version.language: version for version in _all_versions(article)}
    links = []
    for code, _name in settings.LANGUAGES:
        version = versions.get(code)
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": version.get_absolute_url() if version else untranslated_url(article, code),
                "translated": version is not None,
            }
        )
    return links


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
        return _("Read this article in %(language)s") % {"language": translation.get_language_info(code)["name_local"]}
