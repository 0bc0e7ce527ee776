"""``import_files``: WordPress exports in, articles out, through the articles' own write path.

The import reads each file twice. First to the end without keeping anything
(``wxr.check``), so a malformed, truncated or hostile file is refused before
anything is written. Then item by item: each post is saved in its own
transaction (``save_article``, with sections, tags and authors through
``save_vocabulary`` and its old addresses through ``addresses``), so a post
that fails is reported and skipped and never half-written, and an interrupted
import run again picks up where it stopped. Once every file is in, a second
pass (``wordpress.linking``) pairs the language versions, rewrites links
between imported posts and attaches featured images, reading back what the
first pass stored rather than holding the archive in memory.

Posts are keyed by the source site and their WordPress id (``ImportedPost``):
a post whose export did not change since the last run is left alone, one that
changed updates its article, nothing is created twice. ``dry_run`` does all
of it in one transaction that is rolled back, so its report is exact.
"""

import datetime
import email.utils
import hashlib
import html
import os
import re
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from addresses.models import OldAddress
from addresses.services import remember_addresses
from articles.editions import LANGUAGE_CODES
from articles.models import Article, Author, Section, Tag
from articles.services import ANALYZE_AFTER, enqueue_stale_refresh, save_article, save_vocabulary

from jobs import conf as jobs_conf
from jobs import queue

from . import attachments, content, linking, other_addresses, tasks, wxr
from . import uploads as uploads_sources
from .models import ImportedPost, ImportRun
from .report import Report

#: Changing how items are converted changes this, so a re-run updates every article once.
CONVERSION_VERSION = "2"
STATUSES = {"publish": Article.Status.PUBLISHED, "future": Article.Status.PUBLISHED,
            "draft": Article.Status.DRAFT, "pending": Article.Status.DRAFT, "private": Article.Status.DRAFT}
TAG_DOMAINS = ("post_tag", "tag")


class _DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


@dataclass
class Source:
    """One file's site, as the import needs it while reading the file's items."""

    key: str = ""
    host: str = ""
    base_url: str = ""
    language: str | None = None
    site_language: str = ""
    polylang: bool = False
    authors: dict = field(default_factory=dict)
    terms_by_id: dict = field(default_factory=dict)  # term id -> (taxonomy, slug)
    term_groups: list = field(default_factory=list)  # Polylang term_translations: {language: term id}
    _counterparts: dict | None = None

    def term_counterparts(self, taxonomy, language, slug):
        """``[(language, slug)]`` of the same term in other languages (Polylang's ``term_translations``)."""
        if self._counterparts is None:
            self._counterparts = {}
            for group in self.term_groups:
                members = [(code, self.terms_by_id.get(str(term_id))) for code, term_id in group.items()]
                members = [(code, found) for code, found in members if found]
                for code, (kind, own) in members:
                    self._counterparts[(kind, code, own)] = [(c, other) for c, (k, other) in members if c != code]
        return self._counterparts.get((taxonomy, language, slug), [])


def site_key(base_url):
    """``https://www.example.org/news/`` -> ``example.org/news``: what tells one WordPress site from another."""
    parts = urlsplit(base_url or "")
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"[:255]


def import_files(*, paths, language=None, uploads=None, dry_run=False, by=None, progress=None, storage=None):
    """Import the WordPress exports at *paths*; return the ``Report``.

    *language* is the language of every post; without it each post's
    Polylang ``language`` term decides, and on a site without Polylang the
    language the export declares (``<language>ar</language>``), so two
    single-language sites can be imported, and paired, in one run. Raises
    ``wxr.WxrError`` before writing anything when a file cannot be read.
    With *storage*, *paths* name files in that Django storage (an upload).
    """
    totals = [wxr.check(path, storage) for path in paths]
    report = Report(dry_run=dry_run)
    counter = _Progress(progress, sum(totals))
    try:
        with transaction.atomic() if dry_run else nullcontext():
            sites = [_import_file(path, storage, language=language, report=report, by=by, progress=counter) for path in paths]
            linking.finish(sites=sites, report=report, uploads=uploads, by=by)
            other_addresses.keep_attachment_addresses(sites=sites, report=report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        return report
    _after_bulk_work(report)
    return report


def _after_bulk_work(report):
    """One suggestion refresh for the whole run (posts were saved without theirs), and fresh planner statistics.

    The refresh is a background job over every stale story: its cost follows
    what the import changed, and it never holds the import up.
    """
    written = report.posts["created"] + report.posts["updated"]
    if not (written or report.links_rewritten or report.images["attached"]):
        return
    enqueue_stale_refresh()
    if written >= ANALYZE_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Article, Article.tags.through, Article.authors.through, OldAddress, ImportedPost):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


class _Progress:
    def __init__(self, callback, total):
        self.callback, self.total, self.done = callback, total, 0

    def step(self):
        self.done += 1
        if self.callback:
            self.callback(self.done, self.total)


def _import_file(path, storage, *, language, report, by, progress):
    source = Source(language=language)
    for fact in wxr.read(path, storage):
        if isinstance(fact, wxr.Site):
            source.base_url = fact.base_url
            source.key = site_key(fact.base_url)
            source.host = urlsplit(fact.base_url).netloc
            source.site_language = fact.language.split("-")[0].lower()
        elif isinstance(fact, wxr.Term):
            _remember_term(fact, source)
        elif isinstance(fact, wxr.WxrAuthor):
            source.authors[fact.login] = fact.display_name
        elif isinstance(fact, wxr.Item):
            import_item(fact, source=source, report=report, by=by)
            progress.step()
    return source


def _remember_term(term, source):
    """Keep what Polylang says of terms: which languages the site has, which terms translate each other."""
    if term.taxonomy == "language":
        source.polylang = True
    elif term.taxonomy == "term_translations":
        source.term_groups.append(wxr.php_language_map(term.description))
    elif term.term_id:
        source.terms_by_id[term.term_id] = (term.taxonomy, term.slug)


# One item ------------------------------------------------------------------


def import_item(item, *, source, report, by=None):
    """Import one ``<item>``: a post becomes an article, an attachment is remembered, the rest is counted."""
    report.items[item.post_type or "unknown"] += 1
    if item.post_type == "attachment":
        _remember_attachment(item, source, report)
        return
    if item.post_type == "page":
        other_addresses.note_page(item, source=source, report=report)
    if item.post_type != "post":
        return
    report.statuses[item.status or "unknown"] += 1
    reason, language = _refusal(item, source)
    if reason:
        report.skip(reason)
        report.warn(source.key, item.post_id, item.title, f"skipped: {reason}")
        return
    record = ImportedPost.objects.filter(site=source.key, wp_id=item.post_id).select_related("article").first()
    fingerprint = _fingerprint(item, language)
    if record and record.article_id and record.fingerprint == fingerprint:
        report.posts["unchanged"] += 1
        return
    try:
        with transaction.atomic():
            article = _save_post(item, record, language=language, fingerprint=fingerprint, source=source, report=report, by=by)
    except Exception as error:  # any failure of one post: report it, roll it back, go on with the next
        report.skip("could not be saved")
        report.warn(source.key, item.post_id, item.title, f"not imported: {_describe(error)}")
        return
    report.posts["updated" if record and record.article_id else "created"] += 1
    if item.status == "private":
        report.warn(source.key, item.post_id, article.title, "private post imported as a draft")


def _describe(error):
    messages = getattr(error, "messages", None)
    return "; ".join(messages) if messages else f"{type(error).__name__}: {error}"


def _refusal(item, source):
    """``(reason, None)`` for a post that is not imported, else ``("", language)``."""
    if item.status == "trash":
        return "in the trash", None
    if item.status not in STATUSES:
        return f"status {item.status or 'missing'}", None
    if not item.post_id:
        return "no post id", None
    language = source.language or next((term.slug for term in item.terms_in("language")), "")
    if not language and not source.polylang:
        language = source.site_language  # a single-language site: the language it declares
    if not language:
        return "no language (use --language, or Polylang's language terms)", None
    if language not in LANGUAGE_CODES:
        return f"language {language} is not an edition of this site", None
    return "", language


def _fingerprint(item, language):
    digest = hashlib.blake2b(digest_size=16)
    parts = [CONVERSION_VERSION, language, item.title, item.slug, item.content, item.excerpt, item.status,
             item.post_date_gmt, item.post_date, item.creator, item.meta.get("_thumbnail_id", "")]
    parts += [f"{term.domain}:{term.slug}:{term.name}" for term in item.terms]
    for part in parts:
        digest.update(part.encode("utf-8", "replace") + b"\x1f")
    return digest.hexdigest()


def _remember_attachment(item, source, report):
    """Keep what a featured image needs from its attachment: the file's path, its caption and credit."""
    if not item.post_id:
        return
    found = attachments.details(item)
    report.attachment(found, source.key, item)
    ImportedPost.objects.update_or_create(
        site=source.key,
        wp_id=item.post_id,
        defaults={
            "post_type": "attachment",
            "title": _plain(item.title)[:255],
            "attached_file": item.meta.get("_wp_attached_file", "").strip()[:500],
            "image_caption": found.caption,
            "image_credit": found.credit,
            "link": item.link[:1000],
        },
    )


def _save_post(item, record, *, language, fingerprint, source, report, by):
    article = record.article if record and record.article else Article(language=language)
    body = content.convert(item.content)
    article.language = language
    article.title = (_plain(item.title) or f"WordPress post {item.post_id}")[:255]
    article.slug = _free_slug(article, _wanted_slug(item, article.title), source, item, report)
    article.summary = _plain(item.excerpt)
    article.body = body.html
    article.status = STATUSES[item.status]
    article.published_at = _date(item) if article.status == Article.Status.PUBLISHED else None
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    categories = item.terms_in("category")
    article.section = _section(categories[0] if categories else None, language, report, source)
    tags = [_tag(term, language, report, source) for term in categories[1:] + [t for d in TAG_DOMAINS for t in item.terms_in(d)]]
    authors = [_author(item.creator, source, language, report)]
    save_article(article=article, by=by, authors=authors, tags=list({tag.pk: tag for tag in tags}.values()), refresh_suggestions=False)
    _record(item, record, article, language=language, fingerprint=fingerprint, body=body, source=source)
    report.addresses += len(remember_addresses(article=article, urls=_old_urls(item, source), default_host=source.host))
    _conversion_warnings(body, item, source, report)
    return article


def _record(item, record, article, *, language, fingerprint, body, source):
    thumbnail = item.meta.get("_thumbnail_id", "").strip()
    record = record or ImportedPost(site=source.key, wp_id=item.post_id)
    record.post_type = "post"
    record.language = language
    record.article = article
    record.title = article.title
    record.link = item.link[:1000]
    record.fingerprint = fingerprint
    record.translation_group = next((t.slug for t in item.terms_in("post_translations")), "")[:100]
    record.links = body.links[:200]
    record.language_links = body.language_links[:10]
    record.thumbnail_id = int(thumbnail) if thumbnail.isdigit() else None
    record.save()


def _old_urls(item, source):
    """Every address the post answered at: its permalink, guid, and WordPress's id forms under the site."""
    base = source.base_url.rstrip("/")
    return [item.link, item.guid, f"{base}/?p={item.post_id}", f"{base}/archives/{item.post_id}"]


def _conversion_warnings(body, item, source, report):
    if body.embeds:
        report.embeds.update(body.embeds)
        report.warn(source.key, item.post_id, item.title,
                    "embedded players turned into links: " + ", ".join(sorted(set(body.embeds))))
    if body.removed_shortcodes:
        report.warn(source.key, item.post_id, item.title, "shortcodes removed: " + ", ".join(body.removed_shortcodes))
    if body.images_dropped:
        report.warn(source.key, item.post_id, item.title,
                    f"{body.images_dropped} image(s) in the body left out: article bodies hold text only")


def _plain(text):
    """Text of a title or an excerpt: no tags, no entities, no runs of spaces."""
    return " ".join(html.unescape(content.TAG.sub(" ", text or "")).split())


def _date(item):
    """When the post was (or is to be) published, as an aware datetime, or ``None``."""
    for value, zone in ((item.post_date_gmt, datetime.UTC), (item.post_date, None)):
        if value and not value.startswith("0000"):
            try:
                parsed = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return parsed.replace(tzinfo=zone) if zone else timezone.make_aware(parsed)
    try:
        return email.utils.parsedate_to_datetime(item.pub_date) if item.pub_date else None
    except (TypeError, ValueError):
        return None


# Slugs -----------------------------------------------------------------------

SLUG_LENGTH = Article._meta.get_field("slug").max_length


def _wanted_slug(item, title):
    """The post's slug, percent-decoded to Unicode (``%d8%b3...`` -> ``سلام``), or one made from the title."""
    slug = slugify(unquote(item.slug or ""), allow_unicode=True) or slugify(title, allow_unicode=True)
    return (slug or f"post-{item.post_id}")[:SLUG_LENGTH]


def _free_slug(article, wanted, source, item, report):
    """*wanted*, or *wanted*-2, -3 ... when another article of the language has it (reported)."""
    if article.pk and re.fullmatch(re.escape(wanted) + r"(-\d+)?", article.slug or ""):
        return article.slug  # the slug given on an earlier run, suffix and all
    taken = Article.objects.filter(language=article.language).exclude(pk=article.pk)
    slug, number = wanted, 1
    while taken.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = wanted[: SLUG_LENGTH - len(suffix)] + suffix
    if slug != wanted:
        report.warn(source.key, item.post_id, item.title, f"slug {wanted!r} is taken in {article.language}: saved as {slug!r}")
    return slug


# Sections, tags, authors -------------------------------------------------------


def _term_slug(term, length):
    return (slugify(unquote(term.slug), allow_unicode=True) or slugify(term.name, allow_unicode=True))[:length]


def _translated(model, term, language, slug, name, source, report):
    """The section or tag that Polylang says is this term in another language, now given this language too."""
    taxonomy = "category" if model is Section else "post_tag"
    for code, other_slug in source.term_counterparts(taxonomy, language, term.slug):
        if code not in LANGUAGE_CODES or code == language:
            continue
        found = model.objects.filter(**{f"slug_{code}": _term_slug(wxr.ItemTerm("", other_slug, ""), 100)}).first()
        if found and not getattr(found, f"slug_{language}"):
            setattr(found, f"slug_{language}", slug)
            setattr(found, f"name_{language}", name)
            save_vocabulary(item=found)
            report.vocabulary[f"{model._meta.model_name}s matched across languages"] += 1
            return found
    return None


def _vocabulary(model, term, language, report, kind, source=None):
    """The section or tag with this slug in *language*, else its Polylang translation, else a new one."""
    slug = _term_slug(term, 100) or kind
    found = model.objects.filter(**{f"slug_{language}": slug}).first()
    if found:
        return found
    name = (_plain(term.name) or slug)[:100]
    if source and (found := _translated(model, term, language, slug, name, source, report)):
        return found
    item = model(**{f"name_{language}": name, f"slug_{language}": slug})
    # Until an editor translates it, other editions show the same name rather than none.
    for code in LANGUAGE_CODES:
        if not getattr(item, f"name_{code}"):
            setattr(item, f"name_{code}", name)
    save_vocabulary(item=item)
    report.vocabulary[f"{kind}s created"] += 1
    return item


UNCATEGORIZED = wxr.ItemTerm("category", "uncategorized", "Uncategorized")


def _section(term, language, report, source=None):
    return _vocabulary(Section, term or UNCATEGORIZED, language, report, "section", source)


def _tag(term, language, report, source=None):
    return _vocabulary(Tag, term, language, report, "tag", source)


def _author(login, source, language, report):
    """The byline of the WordPress user *login* (matched by slug), created with its display name."""
    display = _plain(source.authors.get(login) or login) or "WordPress"
    slug = slugify(login)[:150] or "wp-" + hashlib.blake2b(login.encode(), digest_size=6).hexdigest()
    author = Author.objects.filter(slug=slug).first()
    if author:
        return author
    author = Author(slug=slug, **{f"name_{code}": display[:150] for code in LANGUAGE_CODES})
    save_vocabulary(item=author)
    report.vocabulary["authors created"] += 1
    return author


# Imports started from the admin ------------------------------------------------

#: Where uploaded exports wait for their job; each run's files are deleted once it has finished.
UPLOAD_FOLDER = "wordpress-imports"
#: The run's progress is written every this many items (a write per item would slow the import).
PROGRESS_EVERY = 100


def start_import(*, files, language=None, dry_run=False, by=None, uploads_folder="", uploads_zip=None):
    """Store the uploaded exports *files*, record an ``ImportRun`` and queue its job; return the run.

    The files go to the default storage under a random folder (an export holds
    drafts and private posts: its name must not be guessable) and are read
    back streamed by the job, never in the request. Featured images come from
    *uploads_folder* (a folder under the uploads root) or the zip *uploads_zip*
    (stored with the exports, extracted by the job: ``wordpress.uploads``).
    """
    folder = f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}"
    stored = []
    for number, upload in enumerate(files, start=1):
        name = default_storage.save(f"{folder}/export-{number}.xml", upload)
        stored.append({"name": os.path.basename(upload.name)[:200], "stored": name})
    images = {"folder": uploads_folder} if uploads_folder else {}
    if uploads_zip is not None:
        images = {"name": os.path.basename(uploads_zip.name)[:200],
                  "stored": default_storage.save(f"{folder}/uploads.zip", uploads_zip)}
    with transaction.atomic():
        run = ImportRun.objects.create(files=stored, uploads=images, language=language or "", dry_run=dry_run,
                                       created_by=by)
        queue.enqueue(tasks.run_import, run_id=run.pk)
    return run


def _claim(run_id):
    """The run, marked running, or ``None`` when it is finished or another worker is still on it."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.status == ImportRun.Status.DONE:
        return None
    alive = timezone.now() - datetime.timedelta(seconds=jobs_conf.stale_seconds())
    if run.status == ImportRun.Status.RUNNING and run.heartbeat_at and run.heartbeat_at > alive:
        return None
    claimed = ImportRun.objects.filter(pk=run.pk, status=run.status, heartbeat_at=run.heartbeat_at).update(
        status=ImportRun.Status.RUNNING, heartbeat_at=timezone.now(), error="", finished_at=None
    )
    return run if claimed else None


def _run_progress(run):
    def show(done, total):
        if done % PROGRESS_EVERY == 0 or done == total:
            ImportRun.objects.filter(pk=run.pk).update(done=done, total=total, heartbeat_at=timezone.now())

    return show


def perform_run(*, run_id):
    """Run the import *run_id* describes, recording its progress and its report (the job's body).

    A file that cannot be read fails the run with the parser's message and
    nothing written; the job itself succeeds, as running it again would not
    help. Any other error fails the run and the job, which is retried (the
    import is idempotent) and shown in the jobs admin.
    """
    run = _claim(run_id)
    if run is None:
        return
    names = [file["stored"] for file in run.files]
    try:
        with uploads_sources.for_run(run.uploads, default_storage) as (images, left_out):
            report = import_files(paths=names, language=run.language or None, dry_run=run.dry_run, by=run.created_by,
                                  progress=_run_progress(run), storage=default_storage, uploads=images)
        report.uploads_left_out.update(left_out)
    except (wxr.WxrError, uploads_sources.UploadsRefused) as error:
        _finish(run, ImportRun.Status.FAILED, error=_with_upload_names(str(error), run))
        _delete_files(run)
        return
    except Exception as error:
        _finish(run, ImportRun.Status.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    _finish(run, ImportRun.Status.DONE, report=report.as_dict())
    _delete_files(run)


def _finish(run, status, *, error="", report=None):
    fields = {"status": status, "error": error, "finished_at": timezone.now(), "heartbeat_at": timezone.now()}
    if report is not None:
        fields["report"] = report
    ImportRun.objects.filter(pk=run.pk).update(**fields)


def _with_upload_names(message, run):
    for file in [*run.files, run.uploads]:
        if file.get("stored"):
            message = message.replace(file["stored"], file["name"])
    return message


def _delete_files(run):
    for file in [*run.files, run.uploads]:
        if file.get("stored"):
            default_storage.delete(file["stored"])
