"""Site-wide navigation pieces for the base template."""

from django import template
from django.utils import translation

from articles.models import Section

from .. import conf

register = template.Library()


@register.simple_tag
def edition_sections():
    """The sections for the menu: one query, in the editors' order."""
    return list(Section.objects.all())


@register.simple_tag
def edition_site_name():
    """The outlet's name in the current edition, for pages rendered without context processors (500.html)."""
    return conf.site_name(translation.get_language())
