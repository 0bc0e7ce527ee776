"""``{% site_footer %}``: the footer's columns of links and the edition's feeds."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from articles import page_cache

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The links complete in the current edition and its RSS and Atom feeds, as HTML (no query, no rendering).

    Kept in the shared cache per edition, rendered, until a link changes (its
    services purge the vocabulary key): one query and one rendering per
    edition, not per page. Nothing in it depends on the reader.
    """
    language = translation.get_language()
    html = page_cache.fragment(
        f"footer-html-{language}", lambda: (_render(context.get("site_name"), language), [page_cache.VOCABULARY])
    )
    return mark_safe(html)  # rendered by our own template, escaped there


def _render(site_name, language):
    columns = selectors.footer_columns(language)
    feeds = {"rss": reverse("feeds:edition-rss"), "atom": reverse("feeds:edition-atom")}
    return str(render_to_string("footer/site_footer.html", {"site_name": site_name, "columns": columns, "feeds": feeds}))
