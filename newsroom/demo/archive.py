"""A realistic archive of N generated articles, fast enough for 200,000 (``manage.py generate_archive``).

What it makes, in the proportions the benchmarks rely on:

* stories over ten years (more of them in recent years), in English and
  Arabic; ~70 % of stories exist in both languages (shared ``translation_key``),
  the translated side carrying a ``TranslationSource`` (in step, or ~10 %
  outdated: the source was revised after the snapshot);
* ~800-word bodies, drawn from ``archive_words`` so each edition has its own
  alphabet and the two versions of a story match in shape;
* 7 sections, ~200 authors (a few prolific), tags with a long tail (a handful
  on a large share of stories, thousands used once or twice);
* pins on ~10 % of articles (same language, earlier live stories), ~5 %
  drafts, ~1 % scheduled (the newest stories, dated in the coming weeks).

It is deterministic for a seed. Rows are written in batches, with PostgreSQL's
COPY for the large tables (articles, their tags and authors, translation
snapshots, pins) and ``bulk_create`` elsewhere (SQLite, small tables). Article
ids are assigned here, so dependent rows can be written without reading
anything back. The archive is additive: sections, authors and tags are found
by slug when they already exist, and article slugs carry the article id.
Related suggestions are not computed for the whole archive (that is the cost
issue 10 sets out to cut); ``suggestions="sample"`` refreshes the newest live
stories' lists so their pages have related articles.
"""

import datetime
import itertools
import random
import time
import uuid
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from articles.fields import text_fingerprint
from articles.models import Article, Author, RelatedArticle, Section, Tag
from articles.services import refresh_search_index, searched_columns
from translations import services as translation_services
from translations.models import TranslationQueueEntry, TranslationSource

from . import archive_words as words
from . import banners as demo_banners

PAIRED_SHARE = 0.70
OUTDATED_SHARE = 0.10
DRAFT_SHARE = 0.05
SCHEDULED_SHARE = 0.01
PINNED_SHARE = 0.10
AUTHOR_COUNT = 200
YEARS = 10
BODY_WORDS = 800
SECTION_WEIGHTS = (30, 20, 20, 10, 8, 5, 7)

ArticleTag = Article.tags.through
ArticleAuthor = Article.authors.through

EN = [entry[0] for entry in words.VOCABULARY]
AR = [entry[1] for entry in words.VOCABULARY]
#: Indices of the words a story is "about" (themes and places), as opposed to joints.
TOPICAL = [i for i, entry in enumerate(words.VOCABULARY) if entry in words.THEMES or entry in words.PLACES]


def zipf_cum_weights(count, exponent=1.0):
    """Cumulative weights for ``random.choices``: rank r is drawn in proportion to 1 / r**exponent."""
    return list(itertools.accumulate(1 / (rank**exponent) for rank in range(1, count + 1)))


WORD_WEIGHTS = zipf_cum_weights(len(EN), 0.6)


@dataclass
class Report:
    """What a run made, and how long it took."""

    articles: int = 0
    stories: int = 0
    pairs: int = 0
    outdated: int = 0
    drafts: int = 0
    scheduled: int = 0
    pins: int = 0
    tags: int = 0
    suggestions_refreshed: int = 0
    queue_entries: int = 0
    seconds: dict = field(default_factory=dict)


# Vocabulary -----------------------------------------------------------------


def _existing_or_created(model, objects, key):
    """Create *objects* whose *key* (a slug field) is not taken yet; return {key value: pk} for all of them."""
    model.objects.bulk_create(objects, ignore_conflicts=True, batch_size=1000)
    wanted = [getattr(obj, key) for obj in objects]
    found = {}
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        found.update(model.objects.filter(**{f"{key}__in": chunk}).values_list(key, "pk"))
    return [found[value] for value in wanted]


def make_sections():
    objects = [
        Section(name=en, name_en=en, name_ar=ar, slug=slug_en, slug_en=slug_en, slug_ar=slug_ar, position=n)
        for n, (en, ar, slug_en, slug_ar) in enumerate(words.SECTIONS)
    ]
    return _existing_or_created(Section, objects, "slug_en")


def make_authors(rng):
    names = list(itertools.product(words.FIRST_NAMES, words.LAST_NAMES))
    rng.shuffle(names)
    objects = []
    for (first_en, first_ar), (last_en, last_ar) in names[:AUTHOR_COUNT]:
        name_en, name_ar = f"{first_en} {last_en}", f"{first_ar} {last_ar}"
        objects.append(Author(name=name_en, name_en=name_en, name_ar=name_ar, slug=slugify(name_en)))
    return _existing_or_created(Author, objects, "slug")


def tag_names(rank):
    """The English and Arabic name of the tag of popularity *rank* (0 = most used).

    The most used tags are places and themes; the long tail combines a theme
    with a place ("Bread: Aleppo"), then with a qualifier.
    """
    simple = words.PLACES + words.THEMES
    if rank < len(simple):
        en, ar = simple[rank]
        return en[0].upper() + en[1:], ar
    rank -= len(simple)
    theme_en, theme_ar = words.THEMES[rank % len(words.THEMES)]
    others = words.PLACES + words.QUALIFIERS
    other_en, other_ar = others[(rank // len(words.THEMES)) % len(others)]
    lap = rank // (len(words.THEMES) * len(others))
    suffix = f" {lap + 1}" if lap else ""
    return f"{theme_en[0].upper()}{theme_en[1:]}: {other_en}{suffix}", f"{theme_ar}: {other_ar}{suffix}"


def make_tags(count):
    objects = []
    for rank in range(count):
        en, ar = tag_names(rank)
        slug_en, slug_ar = f"{slugify(en)}-t{rank}", f"{slugify(ar, allow_unicode=True)}-t{rank}"
        objects.append(Tag(name=en, name_en=en, name_ar=ar, slug=slug_en, slug_en=slug_en, slug_ar=slug_ar))
    return _existing_or_created(Tag, objects, "slug_en")


def tag_count(articles):
    """A long tail that grows with the archive: ~30 tags for 1,000 articles, ~5,700 for 200,000."""
    return max(30, min(6000, articles // 35))


# Text -------------------------------------------------------------------------
#
# Writing 200,000 bodies word by word would cost most of the run, so bodies are
# assembled from a pool of sentences written once in both languages: for each
# topical word a set of sentences about it, and a set of general ones. A story
# draws its paragraphs from the sentences of its own keywords, so its text is
# its own (no two bodies alike) while costing a few joins. Titles and
# summaries, which the suggestion engine reads, are drawn word by word.

SENTENCES_PER_KEYWORD = 60
GENERAL_SENTENCES = 2000
PARAGRAPH_SIZES = (3, 4, 2, 5, 3, 4, 3)


def _draw_sentence(rng, keywords, length):
    draws = rng.choices(range(len(EN)), cum_weights=WORD_WEIGHTS, k=length)
    # A story keeps coming back to what it is about: a third of the words are its keywords.
    for position in range(0, length, 3):
        draws[position] = rng.choice(keywords)
    return draws


def _write(indices, vocabulary, language):
    text = " ".join(vocabulary[i] for i in indices)
    return text[0].upper() + text[1:] if language == "en" else text


class SentencePool:
    """Sentences written once in both languages, grouped by the topical word they are about."""

    def __init__(self, rng):
        self.en, self.ar, self.by_keyword = [], [], {}
        for keyword in TOPICAL:
            self.by_keyword[keyword] = [self._add(rng, [keyword]) for _ in range(SENTENCES_PER_KEYWORD)]
        self.general = [self._add(rng, TOPICAL) for _ in range(GENERAL_SENTENCES)]

    def _add(self, rng, keywords):
        indices = _draw_sentence(rng, keywords, rng.randint(9, 22))
        self.en.append(_write(indices, EN, "en") + ".")
        self.ar.append(_write(indices, AR, "ar") + ".")
        return len(self.en) - 1


@dataclass(frozen=True)
class Text:
    """A story as word indices (title, summary) and sentence numbers (body), writable in either language."""

    title: list
    summary: list
    sentences: list


def draw_text(rng, pool):
    keywords = rng.sample(TOPICAL, 6)
    own = [number for keyword in keywords for number in pool.by_keyword[keyword]]
    sentences = rng.choices(own, k=40) + rng.choices(pool.general, k=12)
    rng.shuffle(sentences)
    return Text(
        title=_draw_sentence(rng, keywords, rng.randint(6, 11)),
        summary=_draw_sentence(rng, keywords, rng.randint(22, 38)),
        sentences=sentences,
    )


def render(text, language, pool, *, revised=False):
    """(title, summary, body HTML) of *text* in *language*; *revised* rewrites the closing paragraph."""
    vocabulary, written = (EN, pool.en) if language == "en" else (AR, pool.ar)
    blocks, start = [], 0
    for number, size in enumerate(itertools.cycle(PARAGRAPH_SIZES)):
        chunk = text.sentences[start : start + size]
        if not chunk:
            break
        if number and number % 4 == 0:
            # A subheading every few paragraphs: the opening words of the next one.
            blocks.append("<h2>" + " ".join(written[chunk[0]].rstrip(".").split(" ")[:5]) + "</h2>")
        blocks.append("<p>" + " ".join(written[i] for i in chunk) + "</p>")
        start += size
    if revised:
        blocks[-1] = "<p>" + _write(text.summary[::-1], vocabulary, language) + ".</p>"
    return _write(text.title, vocabulary, language), _write(text.summary, vocabulary, language) + ".", "".join(blocks)


# Stories ------------------------------------------------------------------------


@dataclass
class Plan:
    """The story being written and everything it is filed under."""

    number: int
    published_at: datetime.datetime
    scheduled: bool
    languages: tuple  # the source first
    section_id: int
    tag_ids: list
    author_ids: list
    outdated: bool


class Generator:
    """Writes stories batch by batch; keeps the ids of live articles so pins can point at them."""

    def __init__(self, *, articles, seed, batch_size, report, log):
        self.rng = random.Random(seed)
        self.pool = SentencePool(self.rng)
        self.total, self.batch_size, self.report, self.log = articles, batch_size, report, log
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.next_id = (Article.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.live_ids = {"en": [], "ar": []}
        self.rows = {model: [] for model in (Article, ArticleTag, ArticleAuthor, TranslationSource, RelatedArticle)}

    def prepare_vocabulary(self):
        self.section_ids = make_sections()
        self.author_ids = make_authors(self.rng)
        self.tag_ids = make_tags(tag_count(self.total))
        self.report.tags = len(self.tag_ids)
        self.tag_weights = zipf_cum_weights(len(self.tag_ids), 1.05)
        self.author_weights = zipf_cum_weights(len(self.author_ids), 0.8)
        self.section_weights = list(itertools.accumulate(SECTION_WEIGHTS[: len(self.section_ids)]))

    def story_count(self):
        return round(self.total / (1 + PAIRED_SHARE))

    def publication_date(self, number, stories):
        """Older stories are sparser: the cumulative share of stories grows as (time / span) ** 1.4."""
        # The newest stories are the scheduled ones (at least one, so a small archive has them too).
        if number >= stories - max(1, round(stories * SCHEDULED_SHARE)):
            return self.now + datetime.timedelta(hours=self.rng.randint(2, 24 * 30)), True
        span = datetime.timedelta(days=365 * YEARS)
        elapsed = span * ((number + self.rng.random()) / stories) ** (1 / 1.4)
        return self.now - span + elapsed - datetime.timedelta(hours=1), False

    def plan(self, number, stories, articles_left):
        published_at, scheduled = self.publication_date(number, stories)
        paired = articles_left >= 2 and self.rng.random() < PAIRED_SHARE
        first = "en" if self.rng.random() < (0.75 if paired else 0.6) else "ar"
        languages = (first, "ar" if first == "en" else "en") if paired else (first,)
        tags = self.rng.choices(self.tag_ids, cum_weights=self.tag_weights, k=self.rng.choice((1, 2, 2, 3, 3, 4, 5)))
        authors = self.rng.choices(self.author_ids, cum_weights=self.author_weights, k=1 + (self.rng.random() < 0.2))
        return Plan(
            number=number,
            published_at=published_at,
            scheduled=scheduled,
            languages=languages,
            section_id=self.rng.choices(self.section_ids, cum_weights=self.section_weights)[0],
            tag_ids=sorted(set(tags)),
            author_ids=sorted(set(authors)),
            outdated=paired and self.rng.random() < OUTDATED_SHARE,
        )

    def run(self):
        stories, written, number = self.story_count(), 0, 0
        while written < self.total:
            plan = self.plan(number, stories, self.total - written)
            self.add_story(plan)
            written += len(plan.languages)
            number += 1
            if len(self.rows[Article]) >= self.batch_size:
                self.flush()
        self.flush()
        self.report.stories = number

    # One story --------------------------------------------------------------

    def add_story(self, plan):
        text = draw_text(self.rng, self.pool)
        key = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        written = {}
        for index, language in enumerate(plan.languages):
            # A translation appears some hours after its source; an outdated pair's source was revised since.
            published_at = plan.published_at + datetime.timedelta(hours=3 * index)
            revised = plan.outdated and index == 0
            rendered = render(text, language, self.pool, revised=revised)
            written[language] = self.add_article(plan, rendered, key, language, published_at, revised)
        if len(plan.languages) == 2:
            self.add_translation_source(plan, text, written)
            self.report.pairs += 1

    def add_article(self, plan, rendered, key, language, published_at, revised):
        article_id, self.next_id = self.next_id, self.next_id + 1
        # Every twentieth article, so even a small archive has drafts in both languages.
        draft = not plan.scheduled and article_id % round(1 / DRAFT_SHARE) == 7
        title, summary, body = rendered
        updated_at = published_at + datetime.timedelta(days=self.rng.randint(2, 60) if revised else 0, minutes=5)
        self.rows[Article].append(
            dict(
                id=article_id, language=language, title=title, summary=summary, body=body,
                slug=f"{slugify(title, allow_unicode=True)[:80].strip('-')}-{article_id}",
                image="", image_caption="", image_credit="", no_support_appeal=False,
                section_id=plan.section_id, translation_key=key,
                # Any distinct value will do (share links are signed); derived, so the seed's rng is not consumed.
                preview_key=uuid.uuid5(key, language),
                status=Article.Status.DRAFT if draft else Article.Status.PUBLISHED,
                published_at=None if draft else published_at,
                # COPY skips the model's pre_save, so the fingerprint is written here as a save would.
                text_fingerprint=text_fingerprint(title, summary, body), suggestions_refreshed_at=None,
                **searched_columns(title=title, summary=summary, body=body),
                created_at=published_at - datetime.timedelta(hours=self.rng.randint(1, 48)), updated_at=updated_at,
            )
        )  # fmt: skip
        self.rows[ArticleTag].extend(dict(article_id=article_id, tag_id=tag) for tag in plan.tag_ids)
        self.rows[ArticleAuthor].extend(dict(article_id=article_id, author_id=author) for author in plan.author_ids)
        self.report.articles += 1
        self.report.drafts += draft
        self.report.scheduled += plan.scheduled and not draft
        if not draft and not plan.scheduled:
            self.add_pins(article_id, language, published_at)
            self.live_ids[language].append(article_id)
        return dict(id=article_id, published_at=published_at, text=rendered)

    def add_translation_source(self, plan, text, written):
        source_language, translation_language = plan.languages
        source = written[source_language]
        # The snapshot is the source as the translator saw it: before its revision, if it had one.
        title, summary, body = render(text, source_language, self.pool) if plan.outdated else source["text"]
        self.rows[TranslationSource].append(
            dict(
                translation_id=written[translation_language]["id"], source_id=source["id"],
                source_title=title, source_summary=summary, source_body=body,
                source_fingerprint=text_fingerprint(title, summary, body),
                marked_at=written[translation_language]["published_at"], marked_by_id=None,
                stage="up_to_date", stage_changed_at=written[translation_language]["published_at"],
            )
        )  # fmt: skip
        self.report.outdated += plan.outdated

    def add_pins(self, article_id, language, published_at):
        recent = self.live_ids[language][-300:]
        if not recent or self.rng.random() >= PINNED_SHARE:
            return
        targets = self.rng.sample(recent, min(len(recent), self.rng.randint(1, 3)))
        self.rows[RelatedArticle].extend(
            dict(article_id=article_id, target_id=target, position=position, created_at=published_at)
            for position, target in enumerate(targets, start=1)
        )
        self.report.pins += len(targets)

    # Writing ------------------------------------------------------------------

    def flush(self):
        # Articles first: every other row points at them.
        for model, rows in self.rows.items():
            insert_rows(model, rows)
            rows.clear()
        self.log(f"  {self.report.articles} articles written")


def insert_rows(model, rows):
    """Insert *rows* (dicts of column attname → value): COPY on PostgreSQL, ``bulk_create`` elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
        return
    columns = list(rows[0])
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def _reset_sequences():
    """Ids were assigned here: move the tables' sequences past them (a no-op on SQLite)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), [Article])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _analyze():
    """Fresh planner statistics (and a visibility map) for the tables just filled, as autovacuum would leave them."""
    if connection.vendor != "postgresql":
        return
    tables = [Article, ArticleTag, ArticleAuthor, TranslationSource, TranslationQueueEntry, RelatedArticle, Tag, Author, Section]
    # VACUUM cannot run inside a transaction (a test's, say); ANALYZE alone gives the planner its statistics.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def refresh_sample(size, log):
    """Refresh the related suggestions of the *size* newest live stories (half per language)."""
    from articles.services import refresh_suggestions_for

    done = 0
    for language in ("en", "ar"):
        newest = Article.objects.published().in_language(language).order_by("-published_at", "-pk")[: size // 2]
        for article in newest:
            refresh_suggestions_for(article=article)
            done += 1
    log(f"  related suggestions refreshed for {done} stories")
    return done


class _Lines:
    """A ``stdout`` for the demo steps that writes through *log*."""

    def __init__(self, log):
        self.write = log


def generate_archive(*, articles, seed=1, batch_size=2000, suggestions="sample", sample_size=200, log=print):
    """Generate *articles* articles (both languages counted); return a ``Report``."""
    report, started = Report(), time.perf_counter()
    generator = Generator(articles=articles, seed=seed, batch_size=batch_size, report=report, log=log)
    first_id = generator.next_id
    with transaction.atomic():
        # The live reader-support appeal, so article pages carry what production's do.
        demo_banners.load({}, _Lines(log))
        generator.prepare_vocabulary()
        generator.run()
        _reset_sequences()
        # COPY wrote the searched columns; their vectors follow set-wise, in one UPDATE.
        refresh_search_index(Article.objects.filter(pk__gte=first_id))
        # The stored translation queue follows from the stories written above, built set-wise.
        report.queue_entries = translation_services.rebuild_queue()
    report.seconds["write"] = round(time.perf_counter() - started, 1)
    _analyze()
    report.seconds["analyze"] = round(time.perf_counter() - started - report.seconds["write"], 1)
    if suggestions == "sample":
        mark = time.perf_counter()
        report.suggestions_refreshed = refresh_sample(sample_size, log)
        report.seconds["suggestions"] = round(time.perf_counter() - mark, 1)
    return report

