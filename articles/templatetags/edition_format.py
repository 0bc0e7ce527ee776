"""Template filters that write numbers and dates the way each edition's readers write them.

The rules live in ``articles.editions``; these are their template names. ``isolate``
marks an article's title with its own language and direction wherever it may sit
in text of the other direction (admin headings, breadcrumbs, panels, messages).
"""

from django import template
from django.utils.html import format_html
from django.utils.text import Truncator

from .. import editions

register = template.Library()

register.filter("edition_number", editions.format_number)
register.filter("edition_date", editions.format_date)
register.filter("machine_datetime", editions.machine_datetime)


@register.filter
def isolate(article, words=None):
    """*article* (its title), as ``<bdi lang dir>``, cut to *words* words when given.

    An Arabic title ending in "؟" or "(…)" inside an English heading (or the
    reverse) keeps its punctuation on its own side, and screen readers switch voice.
    """
    if article is None or article == "":
        return ""
    text = str(article)
    if words:
        text = Truncator(text).words(int(words), truncate=" …")
    language = getattr(article, "language", None)
    if not language:
        return format_html("<bdi>{}</bdi>", text)
    return format_html('<bdi lang="{}" dir="{}">{}</bdi>', language, editions.direction(language), text)
