"""Reads of old addresses: which article an old address (or a link to it) stands for, or that it is gone."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.urls import is_valid_path, reverse
from django.utils import translation
from django.utils.text import slugify

from articles import selectors as articles_selectors
from articles.models import Article

from .archives import ArchiveForm, archive_form
from .keys import MAX_PATH, fallback_path_keys, normalize_host, path_key, url_key
from .models import OldAddress, OldHost


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
    # Else the nearest spelling any site had decides: an address two sites had stays ambiguous, rather
    # than be read as a form (page 10 of /archives) of a third site's address.
    for candidate in candidates:
        if usable[candidate]:
            return _choose(usable[candidate], host)
    return None


def article_id_at(*, host, path):
    """The id of the article that answered at *host* + *path* (a key from ``addresses.keys``), or ``None``."""
    row = _row_at(host, path)
    return row.article_id if row is not None else None


def article_id_for_url(url, *, default_host=""):
    """The id of the article a link to *url* meant, or ``None`` (``article_ids_for_urls`` for one link)."""
    return article_ids_for_urls([url], default_host=default_host).get(url)


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


#: WordPress's public query variables that choose what a page shows (a post, a search, an archive by id or date).
WORDPRESS_QUERY_VARS = frozenset(
    "p page_id attachment_id preview_id cat tag author s m year monthnum day w name pagename category_name "
    "post_type feed".split()
)


def old_site_page_for_request(request):
    """This site's address for a WordPress home, feed, archive or search page on an old site's host, or ``None``.

    Only hosts kept as ``OldHost`` are read (this site's own 404s stay
    404s), and only the forms ``addresses.archives`` knows. The edition is
    the one the address names (Polylang's prefix), else the host's, then
    the others: a section's page in the edition where its slug is that
    slug, a tag's or byline's where a live article carries it (as their
    pages are), so the redirect never leads to a 404. The bare home is
    always ``None``: the reader's language chooses, as on this site's own
    home (the newsroom's own domain is often an old site's too); so are the
    home, feed and search forms of a host that published both languages.
    """
    try:
        host = normalize_host(request.get_host())
    except Exception:  # DisallowedHost: Django answers it elsewhere.
        return None
    key = path_key(request.path)
    if (key == "/" and not request.GET.get("s")) or not _storable(host, key):
        return None  # the bare home: this site's own domain is often an old site's too; the reader's language chooses
    if not request.path_info.endswith("/") and is_valid_path(request.path_info + "/", getattr(request, "urlconf", None)):
        return None  # one of this site's own addresses (/admin): CommonMiddleware adds its slash, not a base-less category
    old_host = OldHost.objects.filter(host=host).only("language", "category_base", "tag_base").first()
    form = _form_of(request, key, old_host) if old_host is not None else None
    if form is None or (form.kind in ("home", "search") and not (form.language or old_host.language)):
        return None  # a site of both languages: at /, /feed/… the reader's language chooses (LocaleMiddleware)
    languages = [code for code in (form.language, old_host.language, settings.LANGUAGE_CODE) if code]
    languages += [code for code, _name in settings.LANGUAGES if code not in languages]
    for language in languages if form.kind not in ("home", "search") else languages[:1]:
        with translation.override(language):
            if (address := _archive_page(form)) is not None:
                return address
    return None


def _form_of(request, key, old_host):
    """The ``ArchiveForm`` a request to *old_host* asks for: by its path, or a search by ``?s=`` on the home."""
    chosen_by_query = WORDPRESS_QUERY_VARS.intersection(request.GET)
    if chosen_by_query == {"s"} and key in ("/", "/index.php"):
        return ArchiveForm("search", slug=request.GET["s"][:MAX_SEARCH])
    if chosen_by_query:
        return None  # /?p=5, /?cat=3: a post or an archive WordPress chose by query, not these pages
    return archive_form(key, category_base=old_host.category_base, tag_base=old_host.tag_base)


#: Longer searches are cut: the search page refuses an overlong query with advice anyway.
MAX_SEARCH = 200

#: How each kind of archive finds its subject in the active edition (404 where its page would be one).
#: Slugs are spelled as the import stored them (``slugify``): ``/category/News/`` answered in WordPress too.
_SUBJECTS = {
    "section": lambda slug: articles_selectors.section_by_slug(_spelled(slugify(slug, allow_unicode=True))),
    "tag": lambda slug: articles_selectors.tag_by_slug(_spelled(slugify(slug, allow_unicode=True))),
    "author": lambda slug: _byline(slug),
}


def _spelled(slug):
    # Nothing left of it (/category/%20/): no page, and never a lookup of "" (a section kept in one language has "").
    if not slug:
        raise Http404
    return slug


def _byline(nicename):
    """The byline of WordPress's ``/author/<nicename>/`` (404 if none): our slug is the login's ``slugify``.

    WordPress's nicename turns a login's dots and ``@`` into hyphens
    (``rania.k`` -> ``rania-k``) where ``slugify`` drops them (``raniak``);
    the export does not carry the nicename, so both spellings are tried.
    """
    slug = _spelled(slugify(nicename))
    try:
        return articles_selectors.author_by_slug(slug)
    except Http404:
        if "-" not in slug.strip("-"):
            raise
        return articles_selectors.author_by_slug(_spelled(slug.replace("-", "")))


def _archive_page(form):
    """The active edition's address for *form* (its page, or its feed), or ``None`` when the edition has no such page."""
    if form.kind == "home":
        return reverse(f"feeds:edition-{form.feed}") if form.feed else reverse("articles:home")
    if form.kind == "search":
        return reverse("articles:search") + "?" + urlencode({"q": form.slug})
    try:
        subject = _SUBJECTS[form.kind](form.slug)
    except Http404:
        return None
    slug = {"slug": subject.slug}
    return reverse(f"feeds:{form.kind}-{form.feed}", kwargs=slug) if form.feed else reverse(f"articles:{form.kind}", kwargs=slug)
