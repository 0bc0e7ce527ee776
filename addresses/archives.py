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
prefix (``/ar/category/…``). ``archive_form`` reads one from a path key
(``addresses.keys.path_key``: decoded, no trailing slash); what it leads to
is ``addresses.selectors.old_site_page_for_request``'s to decide.
"""

import re
from dataclasses import dataclass

from django.conf import settings

#: WordPress's default bases; a site that changed them (Settings > Permalinks) has its own.
BASES = {"category": "section", "tag": "tag", "author": "author", "search": "search"}

_FORM = re.compile(
    r"(?:/(?P<language>[a-z]{2}))?"
    r"(?:/(?P<base>category|tag|author|search)/(?P<slug>[^/]+(?:/[^/]+)*?))?"
    r"(?:/page/[1-9][0-9]{0,5})?"
    r"(?:/(?P<feed>feed)(?:/(?P<format>rss2?|atom|rdf))?)?"
)
_INDEX_PHP = re.compile(r"^/index\.php(?=/|$)")


@dataclass(frozen=True)
class ArchiveForm:
    """What an old address asked for: *kind* ``home``, ``section``, ``tag``, ``author`` or ``search``, in which form."""

    kind: str
    slug: str = ""
    language: str = ""  # from Polylang's prefix; "" when the address names none
    feed: str = ""  # "", "rss" or "atom"


def archive_form(key):
    """The ``ArchiveForm`` of the path key *key*, or ``None`` when it is none of WordPress's archive forms.

    ``/category/news/page/2`` -> section ``news``; ``/ar/tag/سوريا/feed`` ->
    the feed of tag ``سوريا``, Arabic; ``/`` and ``/page/2`` -> the home. A
    query (``/?p=5``), a post's address or a date archive is ``None``.
    """
    if "/?" in key:
        return None
    path = _INDEX_PHP.sub("", key).rstrip("/")
    match = _FORM.fullmatch(path)
    if match is None:
        return None
    language = match["language"] or ""
    if language and language not in dict(settings.LANGUAGES):
        return None  # /de/… is a path of its own, not a language this site publishes
    feed = ("atom" if match["format"] == "atom" else "rss") if match["feed"] else ""
    if not match["base"]:
        return ArchiveForm("home", language=language, feed=feed)
    kind, slug = BASES[match["base"]], match["slug"]
    if kind != "search":
        slug = slug.rsplit("/", 1)[-1]  # a child category's address names its parents first
    return ArchiveForm(kind, slug=slug, language=language, feed=feed)
