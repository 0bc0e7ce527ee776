"""Template context shared by every page: which edition the reader is in."""

from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from . import conf


def edition(request):
    """The current edition's language, direction, and the other editions."""
    current = get_language()
    return {
        "site_name": conf.site_name(current),
        "edition_language": current,
        "edition_direction": "rtl" if get_language_bidi() else "ltr",
        "other_editions": [code for code, _name in settings.LANGUAGES if code != current],
    }
