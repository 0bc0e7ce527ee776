"""The "Related Articles" block under a story (``{% related_articles article %}``)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("articles/includes/related_articles.html")
def related_articles(article):
    """Live pins, then suggestions, in two queries however many there are."""
    return {"article": article, "related_items": selectors.related_articles(article=article)}
