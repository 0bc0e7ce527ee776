"""``{% site_footer %}``: the footer's columns of links and the edition's feeds."""

from django import template
from django.urls import reverse
from django.utils import translation

from articles import page_cache

from .. import selectors

register = template.Library()


@register.inclusion_tag("footer/site_footer.html", takes_context=True)
def site_footer(context):
    """The links complete in the current edition and its RSS and Atom feeds (no query).

    The links are kept in the shared cache per edition until a link changes
    (its services purge the vocabulary key): one query per edition, not per page.
    """
    language = translation.get_language()
    columns = page_cache.fragment(
        f"footer-{language}", lambda: (selectors.footer_columns(language), [page_cache.VOCABULARY])
    )
    return {
        "site_name": context.get("site_name"),
        "columns": columns,
        "feeds": {"rss": reverse("feeds:edition-rss"), "atom": reverse("feeds:edition-atom")},
    }
