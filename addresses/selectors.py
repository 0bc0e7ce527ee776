"""Reads of old addresses: which article an old address (or a link to it) stands for, or that it is gone."""

from dataclasses import dataclass

from articles.models import Article

from .keys import MAX_PATH, fallback_path_keys, normalize_host, path_key, url_key
from .models import OldAddress


def _choose(rows, host):
    """The row for *host*, else one for any host, else the row of the only article the path names anywhere."""
    rows = list(rows)
    for wanted in (host, ""):
        for row in rows:
            if row.host == wanted:
                return row
    articles = {row.article_id for row in rows}
    return rows[0] if len(articles) == 1 else None


def _row_at(host, path):
    if not _storable(host, path):
        return None
    return _choose(OldAddress.objects.filter(path=path).only("host", "article_id", "was_public")[:20], normalize_host(host))


def _row_answering(host, path):
    """The row a request's key answers with: its own, else one of an imported post whose form it is.

    One query however the address was written: the exact key and its
    ``fallback_path_keys`` are read together (``_answer`` chooses).
    """
    if not _storable(host, path):
        return None
    candidates = (path, *fallback_path_keys(path))
    rows = OldAddress.objects.filter(path__in=candidates).only("host", "path", "article_id", "was_public", "reason")
    by_path = {}
    for row in rows[: 20 * len(candidates)]:
        by_path.setdefault(row.path, []).append(row)
    return _answer(by_path, path, normalize_host(host))


def _storable(host, path):
    # No stored address is that long or holds a NUL (which PostgreSQL refuses in text): no query at all.
    return len(path) <= MAX_PATH and "\x00" not in path and "\x00" not in host


def _answer(rows_by_path, path, host):
    """Of the rows read for *path* and its fallbacks (``{path: rows}``), the one a link or request to it means.

    A fallback counts only as an imported post's address (a WordPress form
    means nothing for this site's own old slugs), and the host counts before
    nearness: on the old site ``/2024/05/flood/2`` was page 2 of its own
    ``/2024/05/flood``, even if another site had an address spelled like the
    exact key.
    """
    candidates = (path, *fallback_path_keys(path))
    usable = {
        candidate: [row for row in rows_by_path.get(candidate, ()) if candidate == path or row.reason == OldAddress.Reason.IMPORTED]
        for candidate in candidates
    }
    for wanted in (host, ""):
        for candidate in candidates:
            for row in usable[candidate]:
                if row.host == wanted:
                    return row
    for candidate in candidates:
        if (row := _choose(usable[candidate], host)) is not None:
            return row
    return None


def article_id_at(*, host, path):
    """The id of the article that answered at *host* + *path* (a key from ``addresses.keys``), or ``None``."""
    row = _row_at(host, path)
    return row.article_id if row is not None else None


def article_id_for_url(url, *, default_host=""):
    """The id of the article a link to *url* meant, or ``None``."""
    key = url_key(url, default_host=default_host)
    return article_id_at(host=key[0], path=key[1]) if key else None


def article_ids_for_urls(urls, *, default_host=""):
    """``{url: article id}`` for the links among *urls* that lead to an article, in one query.

    A link to a WordPress form of an imported post's address (``…/amp/``, a
    comment feed, a page number, ``index.php``) leads to that post, as a
    request to it does (``_answer``).
    """
    keys = {url: key for url in urls if (key := url_key(url, default_host=default_host)) and _storable(*key)}
    paths = {candidate for _host, path in keys.values() for candidate in (path, *fallback_path_keys(path))}
    by_path = {}
    # Named rows, not model instances: an importer asks for thousands of links at once.
    for row in OldAddress.objects.filter(path__in=paths).values_list("host", "path", "article_id", "reason", named=True) if paths else ():
        by_path.setdefault(row.path, []).append(row)
    found = {}
    for url, (host, path) in keys.items():
        row = _answer(by_path, path, host)
        if row is not None and row.article_id is not None:
            found[url] = row.article_id
    return found


@dataclass(frozen=True)
class Found:
    """What an old address in a request stands for: a live article to redirect to, or a story gone (410)."""

    article: Article | None
    gone: bool = False


def address_for_request(request):
    """``Found`` for the old address in *request*, or ``None`` when it never led to anything public.

    Drafts are never revealed: an address of an article readers never saw is ``None``, a 404 like any other.
    A WordPress form of an imported post's address (``amp/``, ``feed/``, a page
    number, ``index.php``: ``addresses.keys``) answers as that address does.
    """
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: Django answers it elsewhere; nothing to redirect.
        return None
    row = _row_answering(host, path_key(request.path, request.META.get("QUERY_STRING", "")))
    if row is None:
        return None
    article = None
    if row.article_id is not None:
        article = Article.objects.published().only("language", "slug").filter(pk=row.article_id).first()
    if article is not None:
        return Found(article=article)
    return Found(article=None, gone=True) if row.was_public else None


def live_article_for_request(request):
    """The live article an old address in *request* stands for, or ``None`` (drafts are never revealed)."""
    found = address_for_request(request)
    return found.article if found is not None else None
