"""How a story travels: its Open Graph and Twitter card tags, and the share links under it.

``{% load sharing %}`` then ``{% social_meta article %}`` in the page head and
``{% share_links article %}`` under the story. Share links are plain links to
each service's own share address (no third-party script, no tracking
parameter) and a copy-link button that ``articles/share.js`` (the site's own
file, allowed by the Content-Security-Policy) switches on where the browser
can copy. A preview shows none of them.
"""

from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .. import editions

register = template.Library()

def story_url(context, article):
    return context["request"].build_absolute_uri(article.get_absolute_url())


@register.inclusion_tag("articles/includes/social_meta.html", takes_context=True)
def social_meta(context, article):
    """``og:*``, ``article:*`` and ``twitter:*`` tags of an article page, with absolute addresses."""
    request = context["request"]
    return {
        "article": article,
        "url": story_url(context, article),
        "site_name": context.get("site_name", ""),
        "image_url": request.build_absolute_uri(article.image.url) if article.image else "",
        "published": editions.machine_datetime(article.published_at),
        "modified": editions.machine_datetime(article.reader_modified_at),
        "tags": list(article.tags.all()),
    }


def share_targets(url, title):
    """``(service, label, address)`` of each way to share a story."""
    return [
        ("whatsapp", _("WhatsApp"), "https://wa.me/?" + urlencode({"text": f"{title} {url}"}, quote_via=quote)),
        ("telegram", _("Telegram"), "https://t.me/share/url?" + urlencode({"url": url, "text": title}, quote_via=quote)),
        ("facebook", _("Facebook"), "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote)),
        ("x", pgettext_lazy("the social network", "X"), "https://x.com/intent/post?" + urlencode({"url": url, "text": title}, quote_via=quote)),
        ("email", _("E-mail"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
    ]


@register.inclusion_tag("articles/includes/share_links.html", takes_context=True)
def share_links(context, article):
    if context.get("preview"):
        return {"targets": []}
    url = story_url(context, article)
    return {"url": url, "targets": share_targets(url, article.title)}
