"""Reads of old addresses: which article an old address (or a link to it) stands for."""

from articles.models import Article

from .keys import MAX_PATH, normalize_host, path_key, url_key
from .models import OldAddress


def _choose(rows, host):
    """The row for *host*, else one for any host, else the only article the path names anywhere."""
    rows = list(rows)
    for wanted in (host, ""):
        for row in rows:
            if row.host == wanted:
                return row.article_id
    articles = {row.article_id for row in rows}
    return articles.pop() if len(articles) == 1 else None


def article_id_at(*, host, path):
    """The id of the article that answered at *host* + *path* (a key from ``addresses.keys``), or ``None``."""
    # No stored address is that long or holds a NUL (which PostgreSQL refuses in text): no query at all.
    if len(path) > MAX_PATH or "\x00" in path or "\x00" in host:
        return None
    return _choose(OldAddress.objects.filter(path=path).only("host", "article_id")[:20], normalize_host(host))


def article_id_for_url(url, *, default_host=""):
    """The id of the article a link to *url* meant, or ``None``."""
    key = url_key(url, default_host=default_host)
    return article_id_at(host=key[0], path=key[1]) if key else None


def live_article_for_request(request):
    """The live article an old address in *request* stands for, or ``None`` (drafts are never revealed)."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: Django answers it elsewhere; nothing to redirect.
        return None
    article_id = article_id_at(host=host, path=path_key(request.path, request.META.get("QUERY_STRING", "")))
    if article_id is None:
        return None
    return Article.objects.published().only("language", "slug").filter(pk=article_id).first()
