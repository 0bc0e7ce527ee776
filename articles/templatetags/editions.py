"""Template tags that link a page across the site's editions (the rules live in ``articles.editions``)."""

from django import template

from .. import editions

register = template.Library()


@register.inclusion_tag("articles/includes/head_links.html", takes_context=True)
def edition_head_links(context, links, canonical=None):
    """``rel=canonical`` and ``hreflang`` alternates (with ``x-default``) for a page's edition links."""
    return editions.head_links(context["request"], links, canonical)


@register.simple_tag
def edition_home_links():
    """Each edition's home: the language switch of a page that exists in no other edition (an error page)."""
    return editions.home_links()
