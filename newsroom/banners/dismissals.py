"""The dismissal cookie: which appeals this reader has closed, and when.

One cookie for both editions (``path=/``) holds ``id:timestamp`` pairs, e.g.
``12:1718000000|15:1718100000``. Each dismissal keeps its own time, so an
appeal closed a month ago comes back on schedule even if the reader closed
another one yesterday (which renewed the cookie). The value is not signed: a
reader who edits it only changes which appeals they see.
"""

import datetime
import re

from django.utils.cache import patch_cache_control, patch_vary_headers

from . import conf

COOKIE_NAME = "newsroom_banners_dismissed"
#: Only the most recent dismissals are kept, so the cookie stays small.
MAX_ENTRIES = 30
#: A banner id or a timestamp: ASCII digits only (``str.isdigit()`` would take "²", which ``int()`` refuses),
#: and few enough of them that ``int()`` never meets its limit on the length of a number.
_NUMBER = re.compile(r"[0-9]{1,18}")


def lifetime():
    return datetime.timedelta(days=conf.dismiss_days())


def _entries(value):
    """``{banner id: dismissal timestamp}`` from a cookie value; anything malformed is ignored."""
    entries = {}
    for item in (value or "").split("|")[: MAX_ENTRIES * 2]:
        pk, _sep, stamp = item.partition(":")
        if _NUMBER.fullmatch(pk) and _NUMBER.fullmatch(stamp):
            entries[int(pk)] = int(stamp)
    return entries


def _current(value, now):
    cutoff = (now - lifetime()).timestamp()
    return {pk: stamp for pk, stamp in _entries(value).items() if stamp > cutoff}


def dismissed_ids(value, *, now):
    """The banners this reader dismissed less than ``NEWSROOM_BANNER_DISMISS_DAYS`` ago."""
    return frozenset(_current(value, now))


def with_dismissal(value, *, banner_id, now):
    """The cookie value once *banner_id* is dismissed at *now* (expired entries dropped)."""
    entries = _current(value, now)
    entries[banner_id] = int(now.timestamp())
    newest = sorted(entries.items(), key=lambda item: item[1])[-MAX_ENTRIES:]
    return "|".join(f"{pk}:{stamp}" for pk, stamp in newest)


def set_cookie(response, value, *, secure):
    """Store the dismissals for both editions until the newest one expires."""
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=int(lifetime().total_seconds()),
        path="/",
        samesite="Lax",
        httponly=True,
        secure=secure,
    )


def vary_with_dismissals(response, request):
    """Mark a page that may show an appeal as depending on the reader's cookies.

    A shared cache must not give a page without the appeal to a reader who has
    not closed it (or the reverse): ``Vary: Cookie`` always, and a reader who
    closed an appeal gets a page no shared cache may keep (``private``).
    """
    patch_vary_headers(response, ["Cookie"])
    if request.COOKIES.get(COOKIE_NAME):
        patch_cache_control(response, private=True)
