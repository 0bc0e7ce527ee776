"""One spelling for every way an old address can be written, so a stored address and a request meet.

``http://www.example.org/2024/05/%D8%B3%D9%84%D8%A7%D9%85/`` and
``https://example.org/2024/05/سلام`` are the same address: the host loses its
``www.`` and port, the path is percent-decoded and loses its trailing slash,
and of the query only WordPress's post-id forms (``?p=``, ``?page_id=``,
``?attachment_id=``: one numbering for every kind of post) count, all written
``/?p=ID`` under the path.
"""

import functools
from urllib.parse import parse_qs, unquote, urlsplit

#: Query parameters that name a post by its id (WordPress's "plain" permalinks).
ID_PARAMETERS = ("p", "page_id", "attachment_id")
#: Longest path kept (longer ones are not addresses anyone shared).
MAX_PATH = 1000


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
