"""Template context shared by every page: which edition the reader is in."""

from django.utils.translation import get_language

from articles import editions

from . import conf, fonts, theme


def edition(request):
    """The current edition's language, direction, the other editions, its web fonts and the reader's colour scheme."""
    current = get_language()
    return {
        "site_name": conf.site_name(current),
        "edition_language": current,
        "edition_direction": editions.direction(current),
        "other_editions": [code for code in editions.LANGUAGE_CODES if code != current],
        "page_fonts": fonts.page_fonts(current),
        "theme": theme.chosen(request),
    }
