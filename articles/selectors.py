"""Reads for reader pages, each joining what its page shows in a fixed number of queries."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, DateTimeField, Exists, ExpressionWrapper, F, Max, Min, OuterRef, Q, Sum, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation

from . import conf, page_cache, search, suggestions
from .editions import LANGUAGE_CODES
from .models import (
    SEARCH_FIELDS,
    TEASER_FIELDS,
    Article,
    Author,
    RelatedArticle,
    RelatedExclusion,
    RelatedSuggestion,
    Section,
    Tag,
    Visibility,
    visible_as,
)


def edition_articles(language):
    """Published articles of one edition, newest first, ready for a list of teasers."""
    return Article.objects.published().in_language(language).for_listing()


# Lists, page by page ----------------------------------------------------------
#
# A list goes back through the whole archive, so it is paged by position, not
# by number: "older than this story" is an index range scan however deep the
# reader goes, where page 500 of an OFFSET would read and drop 5,000 rows first,
# and a page count would count the archive on every page.


@dataclass(frozen=True)
class Cursor:
    """A place in a list: the publication time (microseconds since the epoch) and id of one story."""

    published_at: datetime.datetime
    pk: int

    FORMAT = re.compile(r"([0-9]{1,17})-([0-9]{1,18})")

    @classmethod
    def of(cls, article):
        return cls(published_at=article.published_at, pk=article.pk)

    @classmethod
    def parse(cls, text):
        """The cursor written in a page address, or 404 for anything else."""
        match = cls.FORMAT.fullmatch(text or "")
        if match is None:
            raise Http404("No such page.")
        micros, pk = (int(group) for group in match.groups())
        epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
        try:
            return cls(published_at=epoch + datetime.timedelta(microseconds=micros), pk=pk)
        except OverflowError as error:
            raise Http404("No such page.") from error

    def __str__(self):
        delta = self.published_at - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
        return f"{delta // datetime.timedelta(microseconds=1)}-{self.pk}"

    # Each condition starts with a plain range on published_at, redundant with what follows,
    # so the database walks the list's index from the cursor instead of from the newest story.

    def older(self):
        return Q(published_at__lte=self.published_at) & (Q(published_at__lt=self.published_at) | Q(pk__lt=self.pk))

    def newer(self):
        return Q(published_at__gte=self.published_at) & (Q(published_at__gt=self.published_at) | Q(pk__gt=self.pk))


@dataclass(frozen=True)
class ListPage:
    """One page of a list of stories, with the places of the pages before and after it."""

    articles: list
    #: Cursor of the first story, for "newer stories" ("": the list's own address); None on the first page.
    newer: str | None
    #: Cursor of the last story, for "older stories"; None when nothing is older.
    older: str | None

    @property
    def is_first(self):
        return self.newer is None


def list_page(queryset, *, per_page, before=None, after=None):
    """The page of *queryset* (newest first) just older than *before*, or just newer than *after*.

    One query (``per_page + 1`` rows tell whether there is more), and a count
    bounded by ``per_page`` for a page past the first; never a count of the list.
    """
    if after is not None:
        rows = list(queryset.filter(Cursor.parse(after).newer()).order_by("published_at", "pk")[: per_page + 1])
        more_newer, rows = len(rows) > per_page, rows[:per_page][::-1]
        # Nothing newer: this is the first page again (with the lead story).
        newer = str(Cursor.of(rows[0])) if more_newer else None
        return ListPage(articles=rows, newer=newer, older=str(Cursor.of(rows[-1])) if rows else None)
    newest_first = queryset.order_by("-published_at", "-pk")
    if before is None:
        rows = list(newest_first[: per_page + 1])
        newer = None
    else:
        rows = list(newest_first.filter(Cursor.parse(before).older())[: per_page + 1])
        newer = _newer_page(queryset, rows, per_page)
    more_older, rows = len(rows) > per_page, rows[:per_page]
    return ListPage(articles=rows, newer=newer, older=str(Cursor.of(rows[-1])) if more_older else None)


def _newer_page(queryset, rows, per_page):
    """Where "newer stories" leads from a page of *rows*: "" when that is the first page (its one address)."""
    if not rows:
        return ""
    # A bounded count: LIMIT per_page + 1 however long the list.
    newer = queryset.filter(Cursor.of(rows[0]).newer()).order_by()[: per_page + 1].count()
    return "" if newer <= per_page else str(Cursor.of(rows[0]))


def article_for_reader(*, language, slug, with_vocabulary=True):
    """The published article a reader asked for, or 404 (drafts and scheduled ones included).

    With its authors and tags (two more queries), unless the caller gives them
    from the shared cache (*with_vocabulary* false, then ``byline_fragment``).
    """
    queryset = Article.objects.published().in_language(language).select_related("section").defer(*SEARCH_FIELDS)
    if with_vocabulary:
        queryset = queryset.prefetch_related(*BYLINE_RELATIONS)
    return get_object_or_404(queryset, slug=slug)


#: The many-to-many lists an article page shows: its byline and its topics.
BYLINE_RELATIONS = ("authors", "tags")


def byline_fragment(article):
    """*article*'s authors, tags and reading time for ``page_cache.fragments``: the values, and the keys that make them stale.

    Changing which authors or tags an article has, or its body, is a save of
    the article (its key); renaming an author or a tag is a vocabulary change.
    """
    lists = {name: list(getattr(article, name).all()) for name in BYLINE_RELATIONS}
    return {**lists, "reading_minutes": article.reading_minutes}, [page_cache.article_key(article.pk), page_cache.VOCABULARY]


def give_byline(article, byline):
    """Give *article* the values of ``byline_fragment``: ``article.authors.all()`` runs no query, the body is not parsed again."""
    article.reading_minutes = byline["reading_minutes"]  # a cached_property: this is its value from now on
    cache = getattr(article, "_prefetched_objects_cache", None)
    if cache is None:
        cache = article._prefetched_objects_cache = {}
    for name in BYLINE_RELATIONS:
        queryset = getattr(article, name).all()
        queryset._result_cache, queryset._prefetch_done = list(byline[name]), True
        cache[name] = queryset  # where Django's own prefetch keeps a forward many-to-many (the field's name)


def article_for_preview(*, pk):
    """Any article, draft, scheduled or live, with what its page shows; ``None`` if there is none.

    Only for a preview, whose caller has checked who may see it (the admin's
    view permission, or a signed share link).
    """
    queryset = Article.objects.select_related("section").prefetch_related("authors", "tags")
    return queryset.filter(pk=pk).first()


def section_by_slug(slug):
    """A section by its slug in the active language (modeltranslation rewrites ``slug``)."""
    return get_object_or_404(Section, slug=slug)


def _on_live_articles(queryset, relation):
    """Rows of *queryset* that a live article of the active edition names through *relation*.

    Tag and author pages exist only for those: a tag or byline used only by a
    draft or an embargoed story would otherwise tell readers what is coming.
    Each row also says, as ``live_in_<code>``, whether each edition has such an
    article, so the page links only to editions where it exists; all of it in
    the one query that reads the row.
    """
    live_in = {
        f"live_in_{code}": Exists(
            Article.objects.published().in_language(code).filter(**{relation: OuterRef("pk")})
        )
        for code in LANGUAGE_CODES
    }
    return queryset.annotate(**live_in).filter(**{f"live_in_{translation.get_language()}": True})


def tag_by_slug(slug):
    return get_object_or_404(_on_live_articles(Tag.objects.all(), "tags"), slug=slug)


def author_by_slug(slug):
    return get_object_or_404(_on_live_articles(Author.objects.all(), "authors"), slug=slug)


# Related articles --------------------------------------------------------


@dataclass(frozen=True)
class RelatedItem:
    """One entry of a story's related list: pinned by an editor, or suggested (with its reasons)."""

    article: Article
    pinned: bool
    suggestion: RelatedSuggestion | None = None


def _live_targets(article):
    """Targets a reader of *article* may follow: live, in the article's language."""
    return visible_as(Visibility.LIVE, prefix="target__") & Q(target__language=article.language)


#: A related item shows a title, section and date: leave the story's text in the database.
TEASER_DEFERRED = ("target__body", "target__summary", *(f"target__{name}" for name in SEARCH_FIELDS))


def related_articles(*, article, count=None):
    """The related list a reader of *article* gets: live pins in the editor's order, then suggestions.

    Two queries whatever the length: pins whose target readers cannot see
    drop out, and the stored suggestions (already ranked, minus anything
    pinned or excluded since) fill the places left.
    """
    count = conf.related_count() if count is None else count
    live = _live_targets(article)
    pins = (
        RelatedArticle.objects.filter(live, article=article)
        .select_related("target__section")
        .defer(*TEASER_DEFERRED)
        .order_by("position", "pk")[:count]
    )
    items = [RelatedItem(article=pin.target, pinned=True) for pin in pins]
    if len(items) < count:
        suggested = (
            RelatedSuggestion.objects.filter(live, article=article)
            .exclude(target__in=RelatedArticle.objects.filter(article=article).values("target"))
            .exclude(target__in=RelatedExclusion.objects.filter(article=article).values("target"))
            .select_related("target__section")
            .defer(*TEASER_DEFERRED)
            .order_by("rank")[: count - len(items)]
        )
        items += [RelatedItem(article=row.target, pinned=False, suggestion=row) for row in suggested]
    return items


def related_fragment(article):
    """``related_articles`` for ``page_cache.fragments``: the list, and the keys that make it stale."""
    items = related_articles(article=article)
    keys = [page_cache.article_key(article.pk), page_cache.VOCABULARY]
    return items, keys + [page_cache.article_key(item.article.pk) for item in items]


def next_publication():
    """When the next scheduled story goes live (``None`` when none is), one query at most until then.

    Kept in the shared cache until that moment, or until any story of any
    edition is saved (scheduling one is a save, which purges its edition).
    """
    found = {}

    def compute():
        found["moment"] = Article.objects.with_visibility(Visibility.SCHEDULED).aggregate(next=Min("published_at"))["next"]
        return found["moment"], [page_cache.edition_key(code) for code in LANGUAGE_CODES]

    return page_cache.fragment("next-publication", compute, next_change=lambda: seconds_until(found["moment"]))


def seconds_until(moment):
    """Seconds from now until *moment*; ``None`` for no moment."""
    return None if moment is None else (moment - timezone.now()).total_seconds()


def related_overview_for_editor(*, article):
    """Everything the article form shows about the related list, in a fixed number of queries.

    ``items``: what a reader gets now; ``broken``: pins readers cannot see;
    ``excluded``: suggestions the editor turned down; ``tags``: the tags named
    in the suggestions' reasons, by id.
    """
    items = related_articles(article=article)
    broken = (
        RelatedArticle.objects.filter(article=article)
        .exclude(_live_targets(article))
        .select_related("target__section")
        .order_by("position", "pk")
    )
    excluded = RelatedExclusion.objects.filter(article=article).select_related("target__section")
    tag_ids = {tag_id for item in items if item.suggestion for tag_id in item.suggestion.shared_tags}
    return {
        "items": items,
        "broken": list(broken),
        "excluded": list(excluded),
        "tags": Tag.objects.in_bulk(tag_ids) if tag_ids else {},
    }


def broken_pins(queryset=None):
    """Pins whose target readers cannot see (draft, scheduled, or in another language)."""
    queryset = RelatedArticle.objects.all() if queryset is None else queryset
    return queryset.exclude(visible_as(Visibility.LIVE, prefix="target__") & Q(target__language=F("article__language")))


# Feeds and sitemaps --------------------------------------------------------
#
# Machines read the archive too. Each read below costs a fixed number of
# queries whatever its length, and lists only live articles of one edition:
# drafts, scheduled stories and preview share links never reach a feed or a sitemap.

#: What a sitemap entry needs of an article: its address, its dates and its story.
SITEMAP_FIELDS = ("pk", "language", "slug", "published_at", "updated_at", "translation_key")
#: Google News takes at most this many stories per news sitemap, published in the last two days.
NEWS_SITEMAP_LIMIT = 1000
NEWS_SITEMAP_HOURS = 48


def feed_articles(*, language, limit, **filters):
    """The newest live articles of edition *language* (narrowed by *filters*: section, tags, authors).

    Three queries however many: the articles with their section, their authors, their tags.
    """
    queryset = Article.objects.published().in_language(language).filter(**filters)
    return list(
        queryset.select_related("section").prefetch_related("authors", "tags").order_by("-published_at", "-pk")[:limit]
    )


def sitemap_articles(language):
    """Live articles of one edition in a stable order (by id), with only the columns a sitemap entry uses."""
    return Article.objects.published().in_language(language).only(*SITEMAP_FIELDS).order_by("pk")


def latest_change(language):
    """When the edition's newest live article was published or last changed (None for an empty edition)."""
    dates = Article.objects.published().in_language(language).aggregate(
        published=Max("published_at"), updated=Max("updated_at")
    )
    return max(filter(None, dates.values()), default=None)


def recent_articles(language, *, hours=NEWS_SITEMAP_HOURS, limit=NEWS_SITEMAP_LIMIT):
    """The edition's live articles published in the last *hours*, newest first, for a news sitemap."""
    since = timezone.now() - datetime.timedelta(hours=hours)
    queryset = Article.objects.published().in_language(language).filter(published_at__gte=since)
    return list(queryset.only(*SITEMAP_FIELDS, "title").order_by("-published_at", "-pk")[:limit])


def live_versions_of_stories(articles):
    """``{translation_key: [(language, slug), …]}``: the live versions of the stories of *articles*.

    *articles* is a queryset (sliced or not) that goes in as a subquery, so a
    sitemap page of 50,000 stories is one query and not 50,000 parameters
    (SQLite takes 32,766 at most); rows come back as tuples, not models.
    """
    versions = {}
    stories = articles.values("translation_key")
    rows = Article.objects.published().filter(translation_key__in=stories)
    for key, language, slug in rows.order_by("pk").values_list("translation_key", "language", "slug"):
        versions.setdefault(key, []).append((language, slug))
    return versions


def sections_with_live_articles(language):
    """Sections that have a live article in edition *language*, each with ``latest`` (its newest publication)."""
    live = visible_as(Visibility.LIVE, prefix="articles__") & Q(articles__language=language)
    return Section.objects.annotate(latest=Max("articles__published_at", filter=live)).filter(latest__isnull=False)


# The front page -------------------------------------------------------------------

#: How many of an edition's newest stories the front page reads to fill empty places and section blocks.
FRONT_PAGE_WINDOW = 200


@dataclass(frozen=True)
class FrontPageContent:
    """An edition's front page: the lead, the top stories, then (section, stories) blocks in menu order."""

    lead: object
    top: list
    sections: list


def front_page(language):
    """What edition *language*'s front page shows, in two queries however many stories and sections.

    Editors' live picks come first, in their order (``services.set_front_page``); places left
    come from the newest stories. Each section gets a block of its newest stories not already
    shown, read from the edition's newest ``FRONT_PAGE_WINDOW`` (an index range scan): a section
    with nothing recent has no block.
    """
    places = 1 + conf.front_page_top_stories()
    picked = list(
        edition_articles(language)
        .filter(front_page_picks__front_page__language=language)
        .order_by("front_page_picks__position", "front_page_picks__pk")[:places]
    )
    recent = list(edition_articles(language)[:FRONT_PAGE_WINDOW])
    chosen = {article.pk for article in picked}
    top = picked + [article for article in recent if article.pk not in chosen][: places - len(picked)]
    if not top:
        return None
    return FrontPageContent(lead=top[0], top=top[1:], sections=_section_blocks(recent, {a.pk for a in top}))


def _section_blocks(recent, shown):
    blocks = {}
    for article in recent:
        if article.pk not in shown:
            stories = blocks.setdefault(article.section_id, [])
            if len(stories) < conf.front_page_section_stories():
                stories.append(article)
    sections = sorted((stories[0].section for stories in blocks.values()), key=lambda s: (s.position, s.pk))
    return [(section, blocks[section.pk]) for section in sections]


def most_read(language):
    """Edition *language*'s live stories most read over the last ``NEWSROOM_MOST_READ_DAYS`` days, most first.

    One query: the daily counts (``ArticleReadCount``, written in batches by
    ``reads.flush_reads``) are read through their (day, article) index from the
    first day of the window, summed per story, and the top
    ``NEWSROOM_MOST_READ_COUNT`` kept; ties go to the newer story.
    """
    since = timezone.localdate() - datetime.timedelta(days=max(conf.most_read_days(), 1) - 1)
    return list(
        edition_articles(language)
        .filter(read_counts__day__gte=since)
        .annotate(reads=Sum("read_counts__count"))
        .order_by("-reads", "-published_at", "-pk")[: conf.most_read_count()]
    )


# Search ------------------------------------------------------------------------
#
# Results are numbered pages, never counted: a reader goes at most
# ``SEARCH_DEPTH`` results deep, and a page asks for one row more than it shows
# to know whether another follows. "Most relevant" ranks the ``SEARCH_DEPTH``
# newest matches (a news archive's relevance is also its freshness), so the
# ranking reads a bounded number of rows however common the words, and the
# newest matches are found in bounded work too (``_newest_match_ids``).

#: How far into the matches a reader can page, and how many matches "most relevant" ranks.
SEARCH_DEPTH = 200
#: How many of an edition's newest stories are tested one by one before the search index is asked instead:
#: words in more than one story in ten are found by the walk, rarer ones by the index (few rows either way).
SEARCH_WALK = 2000
SEARCH_ORDERS = ("relevance", "newest")


@dataclass(frozen=True)
class SearchResult:
    """One article found, with its title and a passage of its text, matches highlighted (HTML-safe)."""

    article: Article
    title: str
    snippet: str


@dataclass(frozen=True)
class SearchPage:
    results: list
    page: int
    has_next: bool
    #: Found by trigram similarity of titles, the full-text search having found nothing.
    close_matches: bool = False

    @property
    def has_previous(self):
        return self.page > 1


def search_pages(per_page):
    """How many pages of results a reader can reach."""
    return max(1, SEARCH_DEPTH // per_page)


def _matching(queryset, query, language):
    """*queryset* narrowed to the articles matching every word of *query*, with a ``rank`` (higher: better)."""
    if connection.vendor == "postgresql":
        ts_query = SearchQuery(query.searched, config=search.search_config(language))
        return queryset.filter(search_vector=ts_query), SearchRank(F("search_vector"), ts_query)
    # SQLite (development): every word in the searched columns; a word in the title counts most.
    found, rank = Q(), Value(0)
    for term in (_sqlite_stem(term) for term in query.terms):
        found &= Q(search_title__contains=term) | Q(search_summary__contains=term) | Q(search_body__contains=term)
        rank = rank + Case(When(search_title__contains=term, then=Value(3)), default=Value(0))
        rank = rank + Case(When(search_summary__contains=term, then=Value(2)), default=Value(1))
    return queryset.filter(found), rank


@dataclass(frozen=True)
class _WalkQuery:
    """The query as ``plainto_tsquery`` takes it, for the walk's hand-written SQL; None off PostgreSQL."""

    config: str
    text: str

    @classmethod
    def of(cls, query, language):
        if connection.vendor != "postgresql":
            return None
        return cls(config=search.search_config(language), text=query.searched)


def _sqlite_stem(term):
    """An English plural searched as its singular ("elections" finds "election"): ``contains`` does the rest."""
    return suggestions._stem_english(term) if term.isascii() else term


#: At most this many titles alike enough to the query are compared for the closest (the trigram fallback).
CLOSE_CANDIDATES = 200


def _close_matches_queryset(base, query, per_page):
    """Titles that look like the query (misspellings, word fragments): PostgreSQL's trigram word similarity.

    The trigram index finds the titles alike enough (``%>``); the closest of at
    most ``CLOSE_CANDIDATES`` of them come first. A misspelt common word is alike
    thousands of titles: comparing them all would read thousands of rows.
    """
    alike = base.filter(TrigramWordSimilar(F("search_title"), Value(query.searched))).order_by()
    similarity = TrigramWordSimilarity(Value(query.searched), "search_title")
    rows = base.filter(pk__in=alike.values("pk")[:CLOSE_CANDIDATES]).annotate(similarity=similarity)
    return rows.order_by("-similarity", "-published_at", "-pk")[:per_page]


def _close_matches(base, query, per_page):
    if connection.vendor != "postgresql":
        return []
    return list(_close_matches_queryset(base, query, per_page))


def _newest_match_ids(edition, matched, limit, ts_query=None):
    """The ids of the *limit* newest matches, newest first, in a bounded amount of work however common the words.

    Two plans, each right for one kind of word (PostgreSQL): a common word is
    found by walking the edition's newest stories in order and stopping at
    *limit* matches, never past ``SEARCH_WALK`` stories; a rarer one, which
    that walk does not find often enough, by the search index (GIN) and a sort
    of its few matches. Left to itself the planner may walk the whole archive
    newest first for a rare word (seconds at 200,000 stories): the second
    query orders by an expression no index has, so it cannot.
    """
    if ts_query is None:  # SQLite: a development archive, one plain query
        return list(matched.order_by("-published_at", "-pk").values_list("pk", flat=True)[:limit])
    ids = _walk_newest(edition, ts_query, limit)
    if len(ids) < limit:  # a smaller edition, or rarer words: the walk may have missed some
        by_index = ExpressionWrapper(F("published_at") + datetime.timedelta(0), output_field=DateTimeField())
        ids = list(matched.order_by(by_index.desc(), "-pk").values_list("pk", flat=True)[:limit])
    return ids


def _walk_newest(edition, ts_query, limit):
    """Up to *limit* matches among the edition's ``SEARCH_WALK`` newest stories, read in order (stops early)."""
    recent = edition.order_by("-published_at", "-pk").values("pk", "published_at", "search_vector")[:SEARCH_WALK]
    recent_sql, recent_params = recent.query.sql_with_params()
    with connection.cursor() as cursor:
        # A derived table keeps the walk in index order, so the outer LIMIT stops it at the last match needed.
        cursor.execute(
            f"SELECT recent.pk FROM ({recent_sql}) AS recent "
            "WHERE recent.search_vector @@ plainto_tsquery(%s::regconfig, %s) LIMIT %s",
            (*recent_params, ts_query.config, ts_query.text, limit),
        )
        return [row[0] for row in cursor.fetchall()]


def search_articles(*, language, query, order="relevance", page=1, per_page=None):
    """A page of the live articles of edition *language* that match *query* (``search.Query``), in *order*.

    At most four queries whatever the number of matches: the newest matches'
    ids (one or two, ``_newest_match_ids``), the page, and titles close to the
    query when nothing matched.
    """
    per_page = per_page or conf.articles_per_page()
    if not query or not 1 <= page <= search_pages(per_page):
        return SearchPage(results=[], page=page, has_next=False)
    edition = Article.objects.published().in_language(language)
    base = edition.select_related("section").only(*TEASER_FIELDS, "body")
    matched, rank = _matching(edition, query, language)
    start, words = (page - 1) * per_page, _WalkQuery.of(query, language)
    if order == "newest":
        ids = _newest_match_ids(edition, matched, start + per_page + 1, words)[start:]
        rows = sorted(base.filter(pk__in=ids), key=lambda row: ids.index(row.pk))
    else:
        ids = _newest_match_ids(edition, matched, SEARCH_DEPTH, words)
        ordered = base.filter(pk__in=ids).annotate(rank=rank).order_by("-rank", "-published_at", "-pk")
        rows = list(ordered[start : start + per_page + 1]) if ids else []
    close = False
    if not rows and page == 1:
        rows, close = _close_matches(base, query, per_page), True
    results = [_result(article, query) for article in rows[:per_page]]
    return SearchPage(results=results, page=page, has_next=len(rows) > per_page, close_matches=close and bool(rows))


def _result(article, query):
    return SearchResult(
        article=article,
        title=search.highlight(article.title, query.terms),
        snippet=search.snippet(article.summary, article.body, query.terms),
    )
