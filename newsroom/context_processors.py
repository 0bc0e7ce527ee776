"""Template context shared by every page: which edition the reader is in."""

from django.conf import settings
from django.utils.translation import get_language, get_language_bidi


def edition(request):
    """The current edition's language, direction, and the other editions."""
    current = get_language()
    return {
        "site_name": settings.NEWSROOM_SITE_NAMES.get(current, settings.NEWSROOM_SITE_NAME),
        "edition_language": current,
        "edition_direction": "rtl" if get_language_bidi() else "ltr",
        "other_editions": [code for code, _name in settings.LANGUAGES if code != current],
    }
