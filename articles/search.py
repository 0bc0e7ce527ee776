"""Search text: what is stored to be searched, what a reader's query becomes, and how matches are shown.

Pure functions without the database, like ``articles.suggestions`` whose
normaliser they share: a stored text and a query pass through the same
``suggestions.search_form``, so «المدرسة», «مدرسه» and «مدرسة» are one word
to the search, as they are to the related-articles engine. The reads that use
them are ``selectors.search_articles``; the stored columns are filled by
``fields.SearchTextField`` on every save and ``services.refresh_search_index``
in bulk.
"""

import html
import re
from dataclasses import dataclass

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from . import suggestions

#: Longest query searched, in characters: longer ones get a calm page asking for fewer words.
MAX_QUERY_LENGTH = 200
#: At most this many distinct words of a query are searched.
MAX_TERMS = 10
#: Words of the body shown around the first match.
SNIPPET_WORDS = 30
#: PostgreSQL's text search configuration for each edition's language (its stemmer and stop words).
SEARCH_CONFIGS = {"ar": "arabic", "en": "english"}
#: For an edition without one of its own: words as they are.
DEFAULT_CONFIG = "simple"


def search_config(language):
    return SEARCH_CONFIGS.get(language, DEFAULT_CONFIG)


#: A start or end tag as the body's sanitiser writes one: a name, then attributes whose values are double-quoted.
_PLAIN_TAG = re.compile(r"""</?([a-zA-Z][a-zA-Z0-9]*)(?:\s+[^\s"'<>/=]+(?:\s*=\s*"[^"]*")?)*\s*/?>""")
#: An ``&`` that does not open a whole reference (``&amp;``, ``&#39;``): the parser rewrites those (``AT&T`` -> ``AT&T;``).
_LOOSE_AMPERSAND = re.compile(r"&(?![a-zA-Z][-.a-zA-Z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)")
#: Elements whose content an HTML parser reads as raw text, tags and all: a body holding one goes the long way.
_RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})


def _without_plain_tags(body):
    """*body* with its tags removed when each is a plain tag (``_PLAIN_TAG``), else ``None``.

    The same text as ``strip_tags`` for such a body (every stored body: the
    sanitiser writes nothing else, and escapes ``<`` and ``&`` in text), in a
    fraction of its time: ``strip_tags`` runs Python's HTML parser, which
    filling the search columns of an imported archive spends most on.
    """
    raw = False

    def drop(match):
        nonlocal raw
        raw = raw or match.group(1).lower() in _RAW_TEXT_ELEMENTS
        return ""

    text = _PLAIN_TAG.sub(drop, body)
    return None if raw or "<" in text or _LOOSE_AMPERSAND.search(text) else text


def plain_text(body):
    """The text of an article body as a reader reads it (tags gone, entities decoded)."""
    body = body or ""
    text = _without_plain_tags(body)
    return html.unescape(strip_tags(body) if text is None else text)


def search_text(text, *, markup=False):
    """*text* as stored for searching: each word in its searched form, separated by spaces."""
    text = plain_text(text) if markup else (text or "")
    # map() over the cached search_form: an archive's import runs this over millions of words.
    return " ".join(map(suggestions.search_form, suggestions.WORD.findall(text)))


@dataclass(frozen=True)
class Query:
    """A reader's query, read once: the text as typed and the words searched."""

    text: str
    terms: tuple
    too_long: bool = False

    @classmethod
    def parse(cls, raw):
        text = " ".join((raw or "").split())
        if len(text) > MAX_QUERY_LENGTH:
            return cls(text=text[:MAX_QUERY_LENGTH], terms=(), too_long=True)
        terms = dict.fromkeys(suggestions.search_form(word) for word in suggestions.WORD.findall(text))
        return cls(text=text, terms=tuple(term for term in terms if term)[:MAX_TERMS])

    def __bool__(self):
        return bool(self.terms)

    @property
    def searched(self):
        """The words searched, as one text (for the database's query parser)."""
        return " ".join(self.terms)


class _Matcher:
    """Whether a written word matches a query's terms; one per highlighted text, remembering each word.

    Generous on purpose, as highlighting only points the eye: a word matches
    a term in the same searched form, and any word starting with a term's
    English stem of three letters or more matches it too ("elections" for
    "election", "schools" for "school").
    """

    def __init__(self, terms):
        self.terms = frozenset(terms)
        self.stems = tuple({stem for term in terms if len(stem := suggestions._stem_english(term)) >= 3})
        self.seen = {}

    def __call__(self, word):
        if word not in self.seen:
            form = suggestions.search_form(word)
            self.seen[word] = form in self.terms or form.startswith(self.stems)
        return self.seen[word]


def highlight(text, terms, matcher=None):
    """*text* HTML-escaped, with the words matching *terms* in ``<mark>``: safe to print as it is."""
    matches = matcher or _Matcher(terms)
    parts, last = [], 0
    for match in suggestions.WORD.finditer(text or ""):
        if matches(match.group()):
            parts += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
            last = match.end()
    parts.append(escape((text or "")[last:]))
    return mark_safe("".join(parts))


def snippet(summary, body, terms):
    """A short passage showing where *terms* match, highlighted: the summary if it matches, else the body around it."""
    matches = _Matcher(terms)
    if any(matches(word) for word in suggestions.WORD.findall(summary or "")) or not body:
        return highlight(summary, terms, matches)
    words = plain_text(body).split()
    first = next((i for i, chunk in enumerate(words) if any(map(matches, suggestions.WORD.findall(chunk)))), None)
    if first is None:
        return highlight(summary or " ".join(words[:SNIPPET_WORDS]), terms, matches)
    start = max(0, first - SNIPPET_WORDS // 3)
    passage = " ".join(words[start : start + SNIPPET_WORDS])
    passage = ("… " if start else "") + passage + (" …" if start + SNIPPET_WORDS < len(words) else "")
    return highlight(passage, terms, matches)

