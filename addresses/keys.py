"""One spelling for every way an old address can be written, so a stored address and a request meet.

``http://www.example.org/2024/05/%D8%B3%D9%84%D8%A7%D9%85/`` and
``https://example.org/2024/05/سلام`` are the same address: the host loses its
``www.`` and port, the path is percent-decoded and loses its trailing slash,
and of the query only WordPress's post-id forms (``?p=``, ``?page_id=``,
``?attachment_id=``: one numbering for every kind of post) count, all written
``/?p=ID`` under the path.

A WordPress post also answered at forms of its address that are not stored
(a row each would triple what an import writes): ``amp/``, ``feed/`` (its
comment feed, also ``feed/rss2/``, ``feed/atom/``…), ``embed/`` and
``trackback/`` after the permalink; a page number (``2/``, a post split with
``<!--nextpage-->``, or ``comment-page-2/``); and the ``index.php`` spellings
of sites without URL rewriting (``/index.php?p=10``,
``/index.php/2024/05/flood/``). ``fallback_path_keys`` names, nearest first,
the stored keys such a request may be a form of; a lookup tries them only
with the exact key, in the same query, and only among imported posts'
addresses (``addresses.selectors``). ``?amp=1`` and ``?preview=true`` need
nothing: a query that names no post id is dropped from the key anyway.
"""

import functools
import re
from urllib.parse import parse_qs, unquote, urlsplit

#: Query parameters that name a post by its id (WordPress's "plain" permalinks).
ID_PARAMETERS = ("p", "page_id", "attachment_id")
#: Longest path kept (longer ones are not addresses anyone shared).
MAX_PATH = 1000

#: Endpoints WordPress answers under a post's permalink: AMP, the comment feed, the oEmbed frame, trackbacks.
_ENDPOINT = re.compile(r"/(?:amp|embed|trackback|feed(?:/(?:rss2?|atom|rdf))?)$")
#: A page of a post split with <!--nextpage--> (``/slug/2``) or of its comments (``/slug/comment-page-2``).
#: No leading zero: ``/2024/05`` is a month, not page 5 of ``/2024``.
_PAGE = re.compile(r"/(?:comment-page-)?[1-9][0-9]{0,3}$")
#: ``index.php`` as a whole path segment (PATHINFO permalinks, ``/index.php?p=ID``).
_INDEX_PHP = re.compile(r"/index\.php(?=/|$)")


@functools.lru_cache(maxsize=1000)
def normalize_host(host):
    """``WWW.Example.org:8080`` -> ``example.org``."""
    host = (host or "").strip().lower().rsplit("@", 1)[-1]
    if host.startswith("["):
        host = host.split("]", 1)[0] + "]"
    else:
        host = host.split(":", 1)[0]
    return host.removeprefix("www.").rstrip(".")


def path_key(path, query=""):
    """The stored spelling of a path (already decoded or not) and its query string."""
    path = unquote(path or "/").strip()
    base = path.rstrip("/") or "/"
    if not query:
        return base
    params = parse_qs(query)
    for name in ID_PARAMETERS:
        value = (params.get(name) or [""])[0].strip()
        if value.isdigit():
            return f"{base.rstrip('/')}/?p={int(value)}"
    return base


def url_key(url, *, default_host=""):
    """``(host, path key)`` of an absolute or site-relative *url*; ``None`` for what is no web address."""
    return _url_key(url, default_host)


#: Bounded, so memory stays flat however many addresses an import reads; an import keys each
#: address several times (its links, its old addresses, the second pass), a hit saves a urlsplit.
@functools.lru_cache(maxsize=20_000)
def _url_key(url, default_host):
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    host = normalize_host(parts.netloc) if parts.netloc else normalize_host(default_host)
    if not parts.netloc and not parts.path.startswith("/") and not parts.query:
        return None
    key = path_key(parts.path, parts.query)
    if len(key) > MAX_PATH:
        return None
    return host, key


def fallback_path_keys(key):
    """The stored keys a WordPress post's own address may hide behind *key*, nearest first (``()`` for none).

    ``/index.php/2024/05/flood/amp`` -> ``/2024/05/flood/amp``, ``/2024/05/flood``;
    ``/2024/05/flood/2`` -> ``/2024/05/flood``; ``/index.php/?p=10`` -> ``/?p=10``.
    Each step is kept as a candidate of its own, because a stored address may
    itself end like a suffix (``/archives/10`` is no page 10 of ``/archives``).
    The site root is never a candidate: ``/amp`` and ``/2`` are no post's forms.
    """
    path, marker, query = key.partition("/?")
    if marker:  # /?p=ID under a path: only the index.php spelling maps
        without_index = _INDEX_PHP.sub("", path, count=1)
        return (f"{without_index}/?{query}",) if without_index != path else ()
    candidates = []
    path = _INDEX_PHP.sub("", key, count=1) or "/"
    if path != key and path != "/":
        candidates.append(path)
    for suffix in (_ENDPOINT, _PAGE):
        shorter = suffix.sub("", path, count=1)
        if shorter != path and shorter:
            candidates.append(shorter)
            path = shorter
    return tuple(candidates)
