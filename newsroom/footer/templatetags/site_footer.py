"""``{% site_footer %}``: the footer's columns of links and the edition's feeds."""

from django import template
from django.urls import reverse

from .. import selectors

register = template.Library()


@register.inclusion_tag("footer/site_footer.html", takes_context=True)
def site_footer(context):
    """The links complete in the current edition (one query) and its RSS and Atom feeds (no query)."""
    return {
        "site_name": context.get("site_name"),
        "columns": selectors.footer_columns(),
        "feeds": {"rss": reverse("feeds:edition-rss"), "atom": reverse("feeds:edition-atom")},
    }
