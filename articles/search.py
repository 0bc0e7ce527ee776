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


def plain_text(body):
    """The text of an article body as a reader reads it (tags gone, entities decoded)."""
    return html.unescape(strip_tags(body or ""))


def search_text(text, *, markup=False):
    """*text* as stored for searching: each word in its searched form, separated by spaces."""
    text = plain_text(text) if markup else (text or "")
    return " ".join(suggestions.search_form(word) for word in suggestions.WORD.findall(text))


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


def _same_word(form, term):
    """Whether a word of the text (its searched *form*) is a match for a query *term*.

    Generous on purpose, as highlighting only points the eye: an English
    word matches by its stem ("elections" for "election"), and any word
    starting with a term of three letters or more matches it.
    """
    if form == term:
        return True
    stem = suggestions._stem_english(term)
    return len(stem) >= 3 and form.startswith(stem)


def _matches(word, terms):
    form = suggestions.search_form(word)
    return any(_same_word(form, term) for term in terms)


def highlight(text, terms):
    """*text* HTML-escaped, with the words matching *terms* in ``<mark>``: safe to print as it is."""
    parts, last = [], 0
    for match in suggestions.WORD.finditer(text or ""):
        if _matches(match.group(), terms):
            parts += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
            last = match.end()
    parts.append(escape((text or "")[last:]))
    return mark_safe("".join(parts))


def snippet(summary, body, terms):
    """A short passage showing where *terms* match, highlighted: the summary if it matches, else the body around it."""
    if any(_matches(word, terms) for word in suggestions.WORD.findall(summary or "")) or not body:
        return highlight(summary, terms)
    words = plain_text(body).split()
    first = next((index for index, word in enumerate(words) if _matches(word, terms)), None)
    if first is None:
        return highlight(summary or " ".join(words[:SNIPPET_WORDS]), terms)
    start = max(0, first - SNIPPET_WORDS // 3)
    passage = " ".join(words[start : start + SNIPPET_WORDS])
    passage = ("… " if start else "") + passage + (" …" if start + SNIPPET_WORDS < len(words) else "")
    return highlight(passage, terms)

