"""How related articles are suggested: text normalisation and scoring.

Pure functions without the database, so the rules can be read and tested on
their own; ``articles.services`` feeds them and stores the result.

A candidate's score adds up three reasons:

* each tag it shares with the story (``TAG_WEIGHT`` each);
* the same section (``SECTION_WEIGHT``);
* the similarity of the words of title and summary (``TEXT_WEIGHT`` times a
  0–1 similarity), after normalising both languages: Arabic loses diacritics
  and tatweel, its alef forms, alef maqsura and taa marbuta are unified and
  the article prefix "ال" (with "و", "ف", "ب", "ك", "ل" before it) is
  stripped; English is case-folded and loses a plural "s"; common words of
  both languages are ignored.

Ties are broken by the newer story first, then the higher primary key, so the
same data always gives the same list.
"""

import datetime
import functools
import heapq
import math
import re
import unicodedata
from dataclasses import dataclass, field

from . import stopwords

TAG_WEIGHT = 3.0
SECTION_WEIGHT = 1.0
TEXT_WEIGHT = 5.0
#: At most this many shared words are kept to explain a suggestion.
SHOWN_WORDS = 6

# Harakat, tanween, shadda, sukun, superscript alef and Quranic marks.
ARABIC_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
TATWEEL = "\u0640"
_MARKS = re.compile(f"[{ARABIC_MARKS}{TATWEEL}]")
# A word as written, marks and tatweel included, so it can be shown as the reader saw it.
_WORD = re.compile(rf"[\w{ARABIC_MARKS}{TATWEEL}]+")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
#: A word as written (public: search highlights words in the text as the reader sees it).
WORD = _WORD

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        **{arabic: str(digit) for digit, arabic in enumerate("٠١٢٣٤٥٦٧٨٩")},
        **{persian: str(digit) for digit, persian in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    }
)
# "ال" with the one-letter words that attach to it; longest first.
_ARABIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")


def normalise(text):
    """Text with the differences that do not change a word removed (both languages)."""
    text = unicodedata.normalize("NFKC", text)
    return _MARKS.sub("", text).translate(_LETTERS).casefold()


def _stem_arabic(word):
    """Strip the definite article and a leading "and" so "والرئيس" meets "رئيس"."""
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    # A bare "و" ("and") only on longer words: short words often begin with it.
    if word.startswith("و") and len(word) >= 5:
        return word[1:]
    return word


@functools.lru_cache(maxsize=100_000)
def search_form(surface):
    """The form one written word is searched by: normalised, the Arabic article prefix stripped.

    Stop words are kept and English words keep their endings: the database's
    own configurations (PostgreSQL's ``english`` stemmer) take it from there.
    Cached, as ``_key`` is: filling an archive reads millions of words.
    """
    word = normalise(surface)
    return _stem_arabic(word) if _ARABIC_LETTER.search(word) else word


def _stem_english(word):
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _build_stop_words():
    words = set()
    for word in stopwords.ENGLISH | stopwords.ARABIC:
        normal = normalise(word)
        words.update({normal, _stem_arabic(normal), _stem_english(normal)})
    return frozenset(words)


STOP_WORDS = _build_stop_words()


@functools.lru_cache(maxsize=50_000)
def _key(surface):
    """The comparable form of one written word, or None if it says nothing.

    Cached: a refresh reads thousands of titles and summaries, and a news
    desk's vocabulary repeats far more than it grows.
    """
    word = normalise(surface)
    if word in STOP_WORDS:
        return None
    word = _stem_arabic(word) if _ARABIC_LETTER.search(word) else _stem_english(word)
    if len(word) < 2 or word in STOP_WORDS or (word.isdigit() and len(word) < 4):
        return None
    return word


def words(text):
    """The meaningful words of *text*: normalised form → the form first written."""
    found = {}
    for surface in _WORD.findall(unicodedata.normalize("NFKC", text or "")):
        key = _key(surface)
        if key and key not in found:
            found[key] = _MARKS.sub("", surface)
    return found


def similarity(first, second):
    """Overlap of two word sets from 0 to 1 (cosine of binary vectors); symmetric."""
    if not first or not second:
        return 0.0
    return len(first.keys() & second.keys()) / math.sqrt(len(first) * len(second))


@dataclass(frozen=True)
class Candidate:
    """What scoring needs to know of one article."""

    pk: int
    section_id: int
    published_at: datetime.datetime | None
    words: dict = field(hash=False, compare=False)
    tag_ids: frozenset = frozenset()
    # Derived from ``words`` once, for ranking hundreds of candidates quickly.
    keys: frozenset = field(init=False, hash=False, compare=False, repr=False)
    norm: float = field(init=False, hash=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "keys", frozenset(self.words))
        object.__setattr__(self, "norm", math.sqrt(len(self.words)))


@dataclass(frozen=True)
class Match:
    """One scored candidate for a story, with its reasons."""

    target_pk: int
    score: float
    shared_tags: tuple = ()
    same_section: bool = False
    text_similarity: float = 0.0
    similar_words: tuple = ()
    published_at: datetime.datetime | None = None

    def sort_key(self):
        """Highest score first, then the newest story, then the highest primary key."""
        timestamp = self.published_at.timestamp() if self.published_at else float("-inf")
        return (-self.score, -timestamp, -self.target_pk)


def _total(story, other, shared_tags, same_section, text):
    """The score of the reasons found (one formula, for scoring and for ranking)."""
    return round(TAG_WEIGHT * shared_tags + SECTION_WEIGHT * same_section + TEXT_WEIGHT * text, 4)


def score(story, other):
    """How related *other* is to *story*, and why. The score is symmetric."""
    shared_tags = tuple(sorted(story.tag_ids & other.tag_ids))
    same_section = story.section_id == other.section_id
    text = round(similarity(story.words, other.words), 4)
    shared_keys = [key for key in other.words if key in story.words][:SHOWN_WORDS]
    return Match(
        target_pk=other.pk,
        score=_total(story, other, len(shared_tags), same_section, text),
        shared_tags=shared_tags,
        same_section=same_section,
        text_similarity=text,
        similar_words=tuple(other.words[key] for key in shared_keys),
        published_at=other.published_at,
    )


def _totals(story, candidates):
    """(score before rounding, candidate) of every candidate scoring above nothing.

    ``similarity`` and ``_total`` inlined on the candidates' precomputed key
    sets: a full rebuild ranks a hundred million candidates, and calls and
    rounding were most of its time. Only the order matters here.
    """
    keys, norm = story.keys, story.norm
    tags, section = story.tag_ids, story.section_id
    totals = []
    for other in candidates:
        common = len(keys & other.keys)
        total = TAG_WEIGHT * len(tags & other.tag_ids) + SECTION_WEIGHT * (section == other.section_id)
        if common:
            total += TEXT_WEIGHT * common / (norm * other.norm)
        if total > 0 and other.pk != story.pk:
            totals.append((total, other))
    return totals


#: Rounding (scores keep 4 decimals) moves a score by less than this: candidates this close to the last place are kept.
_ROUNDING = 1e-3


def best_matches(story, candidates, *, limit):
    """The *limit* best-scoring candidates for *story*, in their final order.

    Hundreds of candidates are ranked on their score alone; only those that
    can make the list (near-ties at its last place included) are scored again
    with their reasons, exactly, and ordered by ``Match.sort_key``.
    """
    totals = _totals(story, candidates)
    if len(totals) > limit:
        lowest = heapq.nlargest(limit, (total for total, _ in totals))[-1] - _ROUNDING
        totals = [pair for pair in totals if pair[0] >= lowest]
    matches = [match for match in (score(story, other) for _, other in totals) if match.score > 0]
    return sorted(matches, key=Match.sort_key)[:limit]
