"""The pages WordPress built around its posts, read from an old address: home, feeds, archives.

A WordPress site answered, besides its posts, at a handful of forms that
this site has a page for:

* the home (``/``, ``/page/2/``) -> the edition's home;
* the site's feed (``/feed/``, ``/feed/rss2/``, ``/feed/atom/``) -> the edition's feed;
* a category (``/category/<slug>/``, a child's ``/category/<parent>/<slug>/``) -> the section;
* a tag (``/tag/<slug>/``) -> the tag's page;
* a byline (``/author/<name>/``) -> the author's page;
* a search (``/search/<words>/``, or ``/?s=<words>``, read by the selector) -> the edition's search;

each also with a page number (``page/3/``), or ``feed/`` for its feed, and
behind ``/index.php`` (sites without URL rewriting) or Polylang's language
prefix (``/ar/category/…``). The category and tag bases are the site's own
where it changed them (``OldHost``), and a category may have none. ``archive_form`` reads one from a path key
(``addresses.keys.path_key``: decoded, no trailing slash); what it leads to
is ``addresses.selectors.old_site_page_for_request``'s to decide.
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings

#: The archives' own parts of an address after their base, the same whatever the bases.
_PAGE = r"(?:/page/[1-9][0-9]{0,5})?"
_FEED = r"(?:/(?P<feed>feed)(?:/(?P<format>rss2?|atom|rdf))?)?"
#: Polylang's prefix: only a language this site publishes (a base-less category /uk/ or /tv/ is none).
_LANGUAGE = r"(?:/(?P<language>" + "|".join(re.escape(code) for code, _name in settings.LANGUAGES) + "))?"
#: A category at ``/<slug>/`` itself (its base removed): one segment, then a page or feed.
_BARE_CATEGORY = re.compile(_LANGUAGE + r"/(?P<slug>[^/]+)" + _PAGE + _FEED)
#: What a base-less category slug never is: WordPress's own paths, numbers (a year), file names.
_NOT_A_CATEGORY = frozenset({"page", "feed", "amp", "embed", "trackback", "comments", "search", "author", "wp-admin",
                             "wp-content", "wp-includes", "wp-json", "xmlrpc"})
_INDEX_PHP = re.compile(r"^/index\.php(?=/|$)")


@dataclass(frozen=True)
class ArchiveForm:
    """What an old address asked for: *kind* ``home``, ``section``, ``tag``, ``author`` or ``search``, in which form."""

    kind: str
    slug: str = ""
    language: str = ""  # from Polylang's prefix; "" when the address names none
    feed: str = ""  # "", "rss" or "atom"


@functools.lru_cache(maxsize=64)
def _forms(category_base, tag_base):
    """The pattern of a site's archive addresses, for its category and tag bases (a few sites: a few patterns)."""
    bases = {"section": category_base, "tag": tag_base, "author": "author", "search": "search"}
    alternatives = "|".join(f"(?P<{kind}>{re.escape(base)})" for kind, base in bases.items() if base)
    return re.compile(_LANGUAGE + rf"(?:/(?:{alternatives})/(?P<slug>[^/]+(?:/[^/]+)*?))?" + _PAGE + _FEED)


def archive_form(key, *, category_base="category", tag_base="tag"):
    """The ``ArchiveForm`` of the path key *key*, or ``None`` when it is none of WordPress's archive forms.

    ``/category/news/page/2`` -> section ``news``; ``/ar/tag/سوريا/feed`` ->
    the feed of tag ``سوريا``, Arabic; ``/page/2`` -> the home. A query
    (``/?p=5``), a post's address or a date archive is ``None``. The bases
    are the site's (WordPress's Settings › Permalinks); an empty
    *category_base* puts categories at ``/<slug>/`` itself.
    """
    if "/?" in key:
        return None
    path = _INDEX_PHP.sub("", key).rstrip("/")
    match = _forms(category_base, tag_base).fullmatch(path)
    if match is None and not category_base:
        match = _bare_category(path)
    if match is None:
        return None
    language = match["language"] or ""  # /de/category/news matched nothing: a path of its own
    feed = ("atom" if match["format"] == "atom" else "rss") if match["feed"] else ""
    kind = next((kind for kind in ("section", "tag", "author", "search") if match.groupdict().get(kind)), None)
    if match.re is _BARE_CATEGORY:
        kind = "section"
    if kind is None:
        return ArchiveForm("home", language=language, feed=feed)
    slug = match["slug"]
    if kind != "search":
        slug = slug.rsplit("/", 1)[-1]  # a child category's address names its parents first
    return ArchiveForm(kind, slug=slug, language=language, feed=feed)


def _bare_category(path):
    match = _BARE_CATEGORY.fullmatch(path)
    if match is None:
        return None
    slug = match["slug"]
    if slug in _NOT_A_CATEGORY or slug.isdigit() or "." in slug:
        return None
    return match
