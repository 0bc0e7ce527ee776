"""Reading a WordPress export (WXR 1.0, 1.1, 1.2) as a stream, through a parser that refuses hostile XML.

``read(path)`` yields the channel's facts (``Site``, ``WxrAuthor``, ``Term``)
and then each ``<item>`` as an ``Item``, one at a time: every element is
dropped from the tree once read, so memory stays flat whatever the size of
the file. The parser is defusedxml's: a document declaring entities (the
"billion laughs" bomb, an external entity reading a local file or a URL) is
refused before anything is expanded or fetched, with ``HostileFile``; a file
that is not well-formed XML raises ``MalformedFile`` with its line number.
``check(path)`` reads a file to the end without keeping anything, so a bad
file is refused before anything is written; it applies ``read``'s rules
without building the items, as the import reads every file twice.
"""

import re
import xml.etree.ElementTree as ElementTree
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, iterparse
from django.utils.translation import gettext, gettext_noop

#: Namespace URIs by the prefix this module names them with (the export's version varies the wp: URI).
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_NS_PREFIX = "http://wordpress.org/export/"


class WxrError(Exception):
    """A file that cannot be imported at all.

    ``message`` is English with ``%(name)s`` slots filled from ``details``
    (the file's name first), written out through ``gettext`` each time it is
    shown: the admin shows a failed run's error again in the language of
    whoever reads it (``ImportRun.report["error"]``).
    """

    message = ""

    def __init__(self, path, **details):
        self.details = {"path": str(path), **details}
        super().__init__(self.message % self.details)

    def text(self):
        """The error in the active language."""
        return gettext(self.message) % self.details

    def __str__(self):
        return self.text()


#: The parser's own words for a character XML does not allow where it stands.
INVALID_TOKEN = "not well-formed (invalid token)"


class MalformedFile(WxrError):
    message = gettext_noop("%(path)s: not a well-formed WordPress export, line %(line)s, column %(column)s: %(reason)s")
    #: The most common case in old archives gets a hint: a control character pasted into a post.
    invalid_token = gettext_noop(
        "%(path)s: not a well-formed WordPress export, line %(line)s, column %(column)s: a character XML does not "
        "allow there (often a control character pasted into a post from another program); correct it in "
        "WordPress and export again, or remove it from the file"
    )

    def __init__(self, path, error):
        line, column = getattr(error, "position", (0, 0))
        reason = re.sub(r": line \d+, column \d+$", "", str(error))  # the position is said once, above
        if reason == INVALID_TOKEN:
            self.message = self.invalid_token
        super().__init__(path, line=line, column=column, reason=reason)
        self.line = line


class HostileFile(WxrError):
    message = gettext_noop(
        "%(path)s: refused: the file declares XML entities or an external resource (%(kind)s); "
        "a WordPress export never does, and expanding them could exhaust memory or read files."
    )

    def __init__(self, path, error):
        super().__init__(path, kind=type(error).__name__)


class NotAnExport(WxrError):
    message = gettext_noop("%(path)s: not a WordPress export (no <rss><channel> with WordPress's namespace).")


@dataclass
class Site:
    """The exporting site: its address tells its posts' links apart from other sites'."""

    base_url: str
    wxr_version: str = ""
    language: str = ""


@dataclass
class WxrAuthor:
    login: str
    display_name: str


@dataclass
class Term:
    """A category, tag or other term declared in the channel (Polylang's groups among them)."""

    taxonomy: str
    slug: str
    name: str
    term_id: str = ""
    description: str = ""


@dataclass
class ItemTerm:
    domain: str
    slug: str
    name: str


@dataclass
class Item:
    post_id: int
    post_type: str = ""
    status: str = ""
    title: str = ""
    slug: str = ""
    link: str = ""
    guid: str = ""
    content: str = ""
    excerpt: str = ""
    creator: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    pub_date: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def terms_in(self, domain):
        return [term for term in self.terms if term.domain == domain]


def _name(tag):
    """``{http://wordpress.org/export/1.2/}post_id`` -> ``wp:post_id`` (the version does not matter)."""
    if not tag.startswith("{"):
        return tag
    uri, local = tag[1:].split("}", 1)
    if uri.startswith(WP_NS_PREFIX):
        return f"excerpt:{local}" if uri.rstrip("/").endswith("excerpt") else f"wp:{local}"
    if uri == CONTENT_NS:
        return f"content:{local}"
    if uri == DC_NS:
        return f"dc:{local}"
    return local


def _text(element):
    return (element.text or "").strip() if element is not None else ""


def _children(element):
    """Child texts by their short name (the first of each), and the elements themselves."""
    texts = {}
    for child in element:
        texts.setdefault(_name(child.tag), child.text or "")
    return texts


ITEM_FIELDS = {
    "title": "title", "wp:post_name": "slug", "link": "link", "guid": "guid",
    "content:encoded": "content", "excerpt:encoded": "excerpt", "dc:creator": "creator",
    "wp:post_date": "post_date", "wp:post_date_gmt": "post_date_gmt", "pubDate": "pub_date",
    "wp:post_type": "post_type", "wp:status": "status", "wp:attachment_url": "attachment_url",
}


def _item(element):
    texts = _children(element)
    post_id = texts.get("wp:post_id", "").strip()
    item = Item(post_id=int(post_id) if post_id.isdigit() else 0)
    for source, attribute in ITEM_FIELDS.items():
        value = texts.get(source, "")
        setattr(item, attribute, value if attribute in ("content", "excerpt") else value.strip())
    for child in element:
        name = _name(child.tag)
        if name == "category":
            domain = child.get("domain") or "category"
            item.terms.append(ItemTerm(domain, (child.get("nicename") or "").strip(), _text(child)))
        elif name == "wp:postmeta":
            meta = _children(child)
            item.meta.setdefault(meta.get("wp:meta_key", "").strip(), meta.get("wp:meta_value", ""))
    return item


def _term(name, element):
    texts = {key: value.strip() for key, value in _children(element).items()}
    if name == "wp:category":
        return Term("category", texts.get("wp:category_nicename", ""), texts.get("wp:cat_name", ""), texts.get("wp:term_id", ""))
    if name == "wp:tag":
        return Term("post_tag", texts.get("wp:tag_slug", ""), texts.get("wp:tag_name", ""), texts.get("wp:term_id", ""))
    return Term(
        texts.get("wp:term_taxonomy", ""), texts.get("wp:term_slug", ""), texts.get("wp:term_name", ""),
        texts.get("wp:term_id", ""), texts.get("wp:term_description", ""),
    )


def _channel_fact(name, element, site):
    """The fact a direct child of ``<channel>`` states, or ``None``."""
    if name == "item":
        return _item(element)
    if name == "wp:author":
        texts = {key: value.strip() for key, value in _children(element).items()}
        login = texts.get("wp:author_login", "")
        return WxrAuthor(login, texts.get("wp:author_display_name", "") or login)
    if name in ("wp:category", "wp:tag", "wp:term"):
        return _term(name, element)
    if name in ("wp:base_blog_url", "link") and not site.base_url:
        site.base_url = _text(element)
    elif name == "wp:base_blog_url":
        site.base_url = _text(element)
    elif name == "wp:wxr_version":
        site.wxr_version = _text(element)
    elif name == "language":
        site.language = _text(element)
    return None


@contextmanager
def _opened(path, storage):
    """What the parser reads: the file at *path*, or the file named *path* in a Django *storage*, streamed."""
    if storage is None:
        yield path
    else:
        with storage.open(path, "rb") as handle:
            yield handle


def _events(path, storage=None):
    """(event, element, depth) of the file, turning parser failures into the errors above."""
    try:
        with _opened(path, storage) as source:
            yield from _parsed(source)
    except DefusedXmlException as error:
        raise HostileFile(path, error) from error
    except ElementTree.ParseError as error:
        raise MalformedFile(path, error) from error


def _parsed(source):
    depth = 0
    for event, element in iterparse(source, events=("start", "end"), forbid_dtd=False):
        if event == "start":
            depth += 1
            yield event, element, depth
        else:
            yield event, element, depth
            depth -= 1


def read(path, storage=None):
    """Yield the ``Site`` (once the channel's header is read), then authors, terms and items, in file order.

    *path* is a file's path, or with *storage* the name of a file in that Django storage.
    """
    site = Site(base_url="")
    channel = None
    site_sent = False
    wordpress_seen = False  # an RSS feed is no export: some wp: element must say WordPress wrote it
    for event, element, depth in _events(path, storage):
        if event == "start":
            if depth == 1 and element.tag != "rss":
                raise NotAnExport(path)
            if depth == 2 and element.tag == "channel":
                channel = element
            continue
        if depth != 3 or channel is None:
            continue
        name = _name(element.tag)
        fact = _channel_fact(name, element, site)
        channel.remove(element)  # read: let it go, so memory stays flat
        wordpress_seen = wordpress_seen or name.startswith("wp:") or (isinstance(fact, Item) and fact.post_id > 0)
        if fact is None:
            continue
        if not site_sent:
            site_sent = True
            yield site
        yield fact
    if channel is None or not wordpress_seen:
        raise NotAnExport(path)
    if not site_sent:
        yield site


def check(path, storage=None):
    """Read *path* to the end; return how many items it holds, or raise ``WxrError`` as ``read`` would.

    The same hardened parser and the same rules of shape as ``read``, but no
    tree and no ``Item``: the parser calls ``_Outline`` for each tag, in a
    fraction of ``read``'s time. The import reads every file twice (this
    first, so a bad file is refused before anything is written), and building
    every item twice was a tenth of its time.
    """
    outline = _Outline()
    parser = DefusedXMLParser(target=outline, forbid_dtd=False)
    outline.expat = parser.parser  # defusedxml's parser is ElementTree's Python one, over pyexpat
    try:
        with _opened(path, storage) as source, (open(source, "rb") if isinstance(source, str) else nullcontext(source)) as handle:
            while chunk := handle.read(CHECK_CHUNK):
                parser.feed(chunk)
            parser.close()
    except DefusedXmlException as error:
        raise HostileFile(path, error) from error
    except ElementTree.ParseError as error:
        raise MalformedFile(path, error) from error
    except _NotAnExport:
        raise NotAnExport(path) from None
    if not (outline.channel_seen and outline.wordpress_seen):
        raise NotAnExport(path)
    return outline.items


#: Bytes handed to the parser at a time by ``check``.
CHECK_CHUNK = 1 << 16


class _NotAnExport(Exception):
    """Raised inside the parser by ``_Outline`` (which does not know the file's name)."""


class _Outline:
    """The parser's target in ``check``: counts items and applies ``read``'s rules of shape, keeping nothing.

    As in ``read``: the root must be ``<rss>``; once a ``<channel>`` has
    opened, the elements two levels down are the facts, and some must say
    WordPress wrote the file (a ``wp:`` element, or an item whose first
    ``wp:post_id`` is a positive number). Text is handed over only inside
    that ``wp:post_id``: a call for every piece of every body would double
    the time of the check.
    """

    expat = None

    def __init__(self):
        self.depth = 0
        self.items = 0
        self.channel_seen = self.wordpress_seen = False
        self.in_item = self.post_id_read = False
        self.post_id = None  # the text of the item's first wp:post_id while it is being read

    def start(self, tag, attrib):
        self.depth += 1
        if self.depth == 1 and tag != "rss":
            raise _NotAnExport
        if self.depth == 2 and tag == "channel":
            self.channel_seen = True
        elif self.depth == 3 and self.channel_seen:
            self.in_item, self.post_id_read = tag == "item", False
        elif self.depth == 4 and self.in_item and not self.post_id_read and _name(tag) == "wp:post_id":
            self.post_id, self.post_id_read = [], True
            self.expat.CharacterDataHandler = self.post_id.append
        elif self.depth == 5 and self.post_id is not None:
            self.expat.CharacterDataHandler = None  # ``read`` takes the text before a child element

    def end(self, tag):
        if self.depth == 4 and self.post_id is not None:
            self.expat.CharacterDataHandler = None
            number = "".join(self.post_id).strip()
            self.wordpress_seen = self.wordpress_seen or (number.isdigit() and int(number) > 0)
            self.post_id = None
        elif self.depth == 3 and self.channel_seen:
            self.items += self.in_item
            self.wordpress_seen = self.wordpress_seen or _name(tag).startswith("wp:")
            self.in_item = False
        self.depth -= 1

    def close(self):
        return None


#: ``s:2:"en";i:398;`` or ``s:2:"en";s:3:"398";`` in a PHP-serialised array (Polylang's groups).
_PHP_PAIR = re.compile(r's:\d+:"([A-Za-z_-]{1,20})";(?:i:(\d+)|s:\d+:"(\d+)");')


def php_language_map(serialized):
    """Polylang's ``a:2:{s:2:"en";i:5;s:2:"ar";i:7;}`` -> ``{"en": 5, "ar": 7}`` (other keys ignored)."""
    return {match[1]: int(match[2] or match[3]) for match in _PHP_PAIR.finditer(serialized or "")}
