"""Site-wide navigation pieces for the base template."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from articles import editions, page_cache
from articles.models import Section

from .. import conf

register = template.Library()


@register.simple_tag
def edition_sections():
    """The sections for the menu, in the editors' order, each with its ``menu_url`` in this edition.

    Kept in the shared cache per edition until a section changes (the
    vocabulary key, ``articles/page_cache.py``): no query and no ``reverse()``
    per section on most pages.
    """
    language = translation.get_language()
    return page_cache.fragment(f"sections-{language}", _menu)


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The section menu as HTML, the section being read marked: rendered once per edition and section, not per page.

    Kept in the shared cache (``page_cache.fragment``) as HTML under the
    vocabulary key, like the sections it lists, so renaming, adding or
    reordering a section shows at once. Nothing in it depends on the reader.
    """
    language, current = translation.get_language(), current_section_id(context)
    html = page_cache.fragment(f"section-nav-{language}-{current}", lambda: _render_menu(current))
    return mark_safe(html)  # rendered by our own template, escaped there


def _render_menu(current):
    sections, keys = _menu()
    return str(render_to_string("includes/section_nav.html", {"sections": sections, "current": current})), keys


def _menu():
    sections = list(Section.objects.all())
    for section in sections:
        section.menu_url = section.get_absolute_url()
    return sections, [page_cache.VOCABULARY]


@register.simple_tag
def edition_site_name():
    """The outlet's name in the current edition, for pages rendered without context processors (500.html)."""
    return conf.site_name(translation.get_language())


@register.simple_tag
def edition_today():
    """Today in the edition's style (its digits and month names), and as ``YYYY-MM-DD`` for ``<time>``.

    Cached pages end by the next midnight at the latest (``views.next_changes_by_the_clock``),
    so the date a reader sees is never yesterday's.
    """
    today = editions.site_time(timezone.now())
    return {"text": editions.format_date(today), "machine": today.date().isoformat()}


@register.simple_tag(takes_context=True)
def current_section_id(context):
    """The section being read: the section page's own, or the article's; ``None`` elsewhere."""
    if context.get("list_kind") == "section":
        return context["filter_object"].pk
    article = context.get("article")
    return getattr(article, "section_id", None)
