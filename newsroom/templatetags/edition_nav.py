"""Site-wide navigation pieces for the base template."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.models import Section

from .. import conf

register = template.Library()


@register.simple_tag
def edition_sections():
    """The sections for the menu: one query, in the editors' order."""
    return list(Section.objects.all())


@register.simple_tag
def edition_home_links():
    """The language switch of a page that exists in no other edition (an error page): each edition's home."""
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse("articles:home")
        links.append({"code": code, "name": translation.get_language_info(code)["name_local"], "url": url})
    return links


@register.simple_tag
def edition_site_name():
    """The outlet's name in the current edition, for pages rendered without context processors (500.html)."""
    return conf.site_name(translation.get_language())
