"""Head tags that let machines find the site: feeds, icons, the web app manifest, structured data.

``{% load discovery %}`` then ``{% discovery_head %}`` in the base template's
head (icons, manifest, and the page's feeds: its section's, tag's or author's
first, then its edition's), and ``{% json_ld data %}`` for a JSON-LD block.
"""

from django import template

from .. import feeds, structured_data

register = template.Library()

#: A list page's ``list_kind`` (the Article field it filters by) → its kind of feed.
FEED_KINDS = {"section": "section", "tags": "tag", "authors": "author"}


@register.inclusion_tag("includes/discovery_head.html", takes_context=True)
def discovery_head(context):
    kind = FEED_KINDS.get(context.get("list_kind"))
    subject = context.get("filter_object") if kind else None
    return {"feeds": feeds.feed_links(subject, kind or "edition")}


@register.simple_tag
def json_ld(data):
    return structured_data.json_ld(data)
