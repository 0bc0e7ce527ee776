"""Which stories are scored for a story's related suggestions: a bounded set, picked from posting lists.

Scoring every story that shares a common tag (thousands at archive size) in
Python is what made refreshing suggestions slow, and asking the database to
count shared tags per story cost tens of milliseconds per list. Instead the
eligible stories of one language (published, scheduled ones included) are
read once into posting lists sorted by publication time: one per tag, one
per section. A story's candidates are then cut out of those lists by bisecting
its time window, in memory:

* **by tags** (at most ``tag_limit``): first the stories sharing two or more
  of its tags (most shared first, then nearest in time), then those sharing
  one tag, the rarest tag first (a rare tag is the stronger hint, and its
  stories are few) and, within the tag where the cap falls, nearest in time;
* **by section** (at most ``section_limit``): the stories of its section
  nearest in time, half before and half after, which can only win on their
  words.

A full rebuild reads the whole language's lists once (``CandidateIndex.of_language``);
a refresh of a few lists reads only their tags, sections and windows
(``CandidateIndex.around``). Both go through the same picking code, so a list
is the same whichever way it was refreshed.
"""

import bisect
import datetime
from collections import Counter, defaultdict

from django.utils import timezone

from . import conf, suggestions
from .models import Article

ArticleTag = Article.tags.through

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)
# The database's IN lists are cut to this size (SQLite limits bound parameters).
_CHUNK = 900


def micros(moment):
    """*moment* as whole microseconds since 1970: exact, and cheap to compare and bisect."""
    return (moment - _EPOCH) // _MICROSECOND


def reference_time(story):
    """The moment a story's candidates are measured from: its publication, or now for an undated draft."""
    return story.published_at or timezone.now()


def window(story):
    """Publication dates a suggestion for *story* may have (``NEWSROOM_RELATED_MAX_AGE_DAYS`` either side)."""
    reference = reference_time(story)
    days = datetime.timedelta(days=conf.related_max_age_days())
    return reference - days, reference + days


def eligible(language):
    """Stories that may be suggested in *language*: published, scheduled ones included.

    The reader selector hides a scheduled story until it goes live, so it can be listed in advance.
    """
    return Article.objects.filter(language=language, status=Article.Status.PUBLISHED)


class Postings:
    """Stories sorted by (publication time, pk), for cutting a time window out by bisection."""

    __slots__ = ("times", "pks")

    def __init__(self, pairs):
        pairs.sort()
        self.times = [time for time, _ in pairs]
        self.pks = [pk for _, pk in pairs]

    def span(self, low, high):
        """The index range of the stories published from *low* to *high* (microseconds, inclusive)."""
        return bisect.bisect_left(self.times, low), bisect.bisect_right(self.times, high)

    def nearest(self, reference, start, stop, *, skip):
        """Pks of ``[start, stop)`` ordered nearest to *reference* first (the later one first on a tie), less *skip*."""
        times, pks = self.times, self.pks
        after = bisect.bisect_left(times, reference, start, stop)
        before = after - 1
        while before >= start or after < stop:
            if after < stop and (before < start or times[after] - reference <= reference - times[before]):
                pk, after = pks[after], after + 1
            else:
                pk, before = pks[before], before - 1
            if pk not in skip:
                yield pk


class CandidateIndex:
    """The eligible stories of one language, by tag and by section, within a span of publication dates."""

    def __init__(self, language, *, tag_ids=None, section_ids=None, span=None):
        self.language = language
        # Section candidates already found per story (``around``), instead of whole section lists.
        self.section_near = {}
        stories = eligible(language)
        if span is not None:
            stories = stories.filter(published_at__range=span)
        tagged = ArticleTag.objects.filter(article__in=stories)
        if tag_ids is not None:
            tagged = tagged.filter(tag_id__in=tag_ids)
        if section_ids is not None:
            stories = stories.filter(section_id__in=section_ids)
        by_tag, by_section = defaultdict(list), defaultdict(list)
        self.time_of = {}
        for published_at, pk, tag_id in tagged.values_list("article__published_at", "article_id", "tag_id").order_by():
            time = self.time_of.setdefault(pk, micros(published_at))
            by_tag[tag_id].append((time, pk))
        if section_ids != ():
            for published_at, pk, section_id in stories.values_list("published_at", "pk", "section_id").order_by():
                by_section[section_id].append((micros(published_at), pk))
        self.by_tag = {tag_id: Postings(pairs) for tag_id, pairs in by_tag.items()}
        self.by_section = {section_id: Postings(pairs) for section_id, pairs in by_section.items()}

    @classmethod
    def of_language(cls, language):
        """Every eligible story of *language*: for rebuilding all its lists."""
        return cls(language)

    @classmethod
    def around(cls, language, stories, *, section_limit):
        """Just what the lists of *stories* (``suggestions.Candidate``) need: their tags, windows and section neighbours."""
        windows = [window(story) for story in stories]
        index = cls(
            language,
            tag_ids={tag_id for story in stories for tag_id in story.tag_ids},
            section_ids=(),
            span=(min(low for low, _ in windows), max(high for _, high in windows)),
        )
        index.section_near = {story.pk: index._nearest_in_section(story, section_limit // 2) for story in stories}
        return index

    def _nearest_in_section(self, story, half):
        """Pks of the *half* stories of *story*'s section before it and *half* after, as ``_by_section`` picks them.

        Two indexed reads: a few lists need only these hundreds, not their sections' thousands.
        """
        if half <= 0:
            return set()
        low, high = window(story)
        reference = reference_time(story)
        section = eligible(self.language).filter(section_id=story.section_id).exclude(pk=story.pk)
        before = section.filter(published_at__gte=low, published_at__lte=reference).order_by("-published_at", "-pk")
        after = section.filter(published_at__gt=reference, published_at__lte=high).order_by("published_at", "pk")
        return {*before.values_list("pk", flat=True)[:half], *after.values_list("pk", flat=True)[:half]}

    def candidate_ids(self, story, *, tag_limit, section_limit):
        """The pks worth scoring for *story* (a ``suggestions.Candidate``), itself left out."""
        low, high = (micros(moment) for moment in window(story))
        reference = micros(reference_time(story))
        picked = self._by_tags(story, low, high, reference, tag_limit)
        return picked | self._by_section(story, low, high, reference, section_limit)

    def _by_tags(self, story, low, high, reference, limit):
        cuts = []
        for tag_id in story.tag_ids:
            postings = self.by_tag.get(tag_id)
            if postings is not None:
                start, stop = postings.span(low, high)
                if stop > start:
                    cuts.append((stop - start, tag_id, postings, start, stop))
        cuts.sort()  # rarest tag first
        picked = {story.pk}
        if len(cuts) > 1:
            shared = Counter()
            for _, _, postings, start, stop in cuts:
                shared.update(postings.pks[start:stop])
            times = self.time_of
            several = [pk for pk, count in shared.items() if count > 1 and pk != story.pk]
            several.sort(key=lambda pk: (-shared[pk], abs(times[pk] - reference), -pk))
            picked.update(several[:limit])
        for _, _, postings, start, stop in cuts:
            if len(picked) > limit:
                break
            for pk in postings.nearest(reference, start, stop, skip=picked):
                picked.add(pk)
                if len(picked) > limit:
                    break
        picked.discard(story.pk)
        return picked

    def _by_section(self, story, low, high, reference, limit):
        if story.pk in self.section_near:
            return self.section_near[story.pk]
        postings = self.by_section.get(story.section_id)
        half = limit // 2
        if postings is None or half <= 0:
            return set()
        start, stop = postings.span(low, high)
        middle = bisect.bisect_right(postings.times, reference, start, stop)
        before = [pk for pk in reversed(postings.pks[max(start, middle - half - 1) : middle]) if pk != story.pk]
        after = [pk for pk in postings.pks[middle : min(stop, middle + half + 1)] if pk != story.pk]
        return set(before[:half]) | set(after[:half])


class CandidateData:
    """What scoring needs of candidate stories (``suggestions.Candidate``), read in batches and kept for a while.

    Neighbouring stories share most of their candidates, so a rebuild keeps
    the last ``keep`` stories it read instead of reading and parsing them again.
    """

    def __init__(self, *, keep=60_000):
        self.keep = keep
        self.known = {}

    def get(self, pks):
        """pk → ``suggestions.Candidate`` for *pks* (the ones no longer eligible are simply absent)."""
        missing = [pk for pk in pks if pk not in self.known]
        for start in range(0, len(missing), _CHUNK):
            self._read(missing[start : start + _CHUNK])
        self._forget_oldest()
        return {pk: self.known[pk] for pk in pks if pk in self.known}

    def _read(self, pks):
        tags = defaultdict(set)
        for article_id, tag_id in ArticleTag.objects.filter(article_id__in=pks).values_list("article_id", "tag_id"):
            tags[article_id].add(tag_id)
        rows = Article.objects.filter(pk__in=pks).values_list("pk", "section_id", "published_at", "title", "summary")
        for pk, section_id, published_at, title, summary in rows:
            self.known[pk] = suggestions.Candidate(
                pk=pk,
                section_id=section_id,
                published_at=published_at,
                words=suggestions.words(f"{title}\n{summary}"),
                tag_ids=frozenset(tags.get(pk, ())),
            )

    def _forget_oldest(self):
        excess = len(self.known) - self.keep
        if excess > 0:
            for pk in list(self.known)[:excess]:
                del self.known[pk]
