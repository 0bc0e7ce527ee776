"""``import_files``: WordPress exports in, articles out, through the articles' own write path.

The import reads each file twice. First to the end without keeping anything
(``wxr.check``), so a malformed, truncated or hostile file is refused before
anything is written. Then in batches of ``BATCH_SIZE`` items, each batch in
its own transaction: the batch's articles are written once, together, by
``articles.services.save_articles_in_bulk`` (new ones) and
``update_articles_in_bulk`` (those an earlier run made, whose post changed;
an article whose stored form comes out the same is left alone and counted
unchanged). Sections, tags and authors go through ``save_vocabulary``, read
once per file and kept in memory; old addresses through
``addresses.services.remember_addresses_in_bulk``. Links
to posts already known (earlier batches, earlier runs, or the batch itself)
are rewritten before that one write. If anything in a batch fails, the batch
is taken back whole and its posts are written again one by one, each in its
own savepoint, so a post that fails is reported and skipped and never
half-written while the others land; an interrupted import run again picks up
where it stopped. Once every file is in, a second pass
(``wordpress.linking``) pairs the language versions, rewrites the links left
(forward links, links to the other language) and attaches featured images,
reading back what the first pass stored a chunk at a time rather than
holding the archive in memory.

Why a batch and not a transaction per post: a post's own writes are a few
rows, and the round trips of writing them one post at a time (a hundred
queries a post through ``save_article``, its revision and the translation
queue) were what held the import to a few dozen posts a second.

Posts are keyed by the source site and their WordPress id (``ImportedPost``):
a post whose export did not change since the last run is left alone, one that
changed updates its article, nothing is created twice. ``dry_run`` does all
of it in one transaction that is rolled back, so its report is exact.

Editors' work is never overwritten: newsrooms import again while they move in
(WordPress stays live for a few weeks), and an article corrected in Newsroom
since the import last wrote it (its ``edit_version`` is no longer the one its
``ImportedPost`` recorded) is left as the editor made it, reported as skipped
with a warning, whatever its post became. The versions read are handed to
``update_articles_in_bulk`` as ``seen_versions``, so an edit landing between
the read and the write is refused there rather than overwritten, and reported
the same way. ``overwrite_edits`` is the desk's deliberate choice to take
WordPress's version anyway.
"""

import datetime
import email.utils
import functools
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
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from addresses.keys import normalize_host, url_key
from addresses.models import OldAddress
from addresses.selectors import article_ids_for_urls
from addresses.services import remember_addresses_in_bulk, remember_old_hosts
from articles import bulk
from articles.editions import LANGUAGE_CODES
from articles.models import Article, Author, Section, Tag
from articles.services import (
    ANALYZE_AFTER,
    EditConflict,
    enqueue_stale_refresh,
    save_articles_in_bulk,
    save_vocabulary,
    save_vocabulary_in_bulk,
    update_articles_in_bulk,
)

from jobs import conf as jobs_conf
from jobs import queue

from . import attachments, content, linking, other_addresses, tasks, wxr
from . import uploads as uploads_sources
from .models import ImportedPost, ImportRun
from .report import Report

#: Changing how items are converted changes this, so a re-run updates every article once.
CONVERSION_VERSION = "4"
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
    #: The run's choice to write WordPress's version over articles edited in Newsroom since their import.
    overwrite_edits: bool = False
    site_language: str = ""
    polylang: bool = False
    authors: dict = field(default_factory=dict)
    terms_by_id: dict = field(default_factory=dict)  # term id -> (taxonomy, slug)
    term_groups: list = field(default_factory=list)  # Polylang term_translations: {language: term id}
    _counterparts: dict | None = None
    #: Sections, tags and authors met so far, by (model, language, slug): a run reads each once.
    vocabulary: dict = field(default_factory=dict)
    #: ``(author slug, language)`` whose name this file's display name was checked against (``_name_author``).
    authors_named: set = field(default_factory=set)
    #: The languages of the posts imported from this site (its host leads to that edition: ``_keep_old_hosts``).
    languages: set = field(default_factory=set)

    def forget_vocabulary(self):
        """After a rollback: what was created inside it is gone from the database, so from here too."""
        self.vocabulary.clear()
        self.authors_named.clear()

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


def import_files(*, paths, language=None, uploads=None, dry_run=False, by=None, progress=None, storage=None,
                 overwrite_edits=False):
    """Import the WordPress exports at *paths*; return the ``Report``.

    *language* is the language of every post; without it each post's
    Polylang ``language`` term decides, and on a site without Polylang the
    language the export declares (``<language>ar</language>``), so two
    single-language sites can be imported, and paired, in one run. Raises
    ``wxr.WxrError`` before writing anything when a file cannot be read.
    With *storage*, *paths* name files in that Django storage (an upload).
    A changed post whose article was edited in Newsroom since its last import
    is skipped (reported), unless *overwrite_edits*. *uploads* (the folder
    featured images are read from) that is not a folder raises
    ``uploads.UploadsRefused``, before anything is written.
    """
    if uploads is not None:
        uploads_sources.check_folder(uploads)  # a wrong path is refused once, before anything is read
    totals = [wxr.check(path, storage) for path in paths]
    report = Report(dry_run=dry_run)
    counter = _Progress(progress, sum(totals))
    try:
        with transaction.atomic() if dry_run else nullcontext():
            sites = [_import_file(path, storage, language=language, report=report, by=by, progress=counter,
                                  overwrite_edits=overwrite_edits) for path in paths]
            linking.finish(sites=sites, report=report, uploads=uploads, by=by)
            other_addresses.keep_attachment_addresses(sites=sites, report=report)
            _keep_old_hosts(sites, report)
            _count_kept_apart(report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        return report
    _after_bulk_work(report)
    return report


def _keep_old_hosts(sites, report):
    """Keep each site's host (``addresses.OldHost``): its home, feed and archive pages answer with ours.

    Not a site in a folder of its host (``example.org/blog``): the host's own
    home and archives were another site's.
    """
    languages = {}
    for source in sites:
        if "/" in source.key:
            continue
        # Normalised here: www.example.org and example.org:443 are one host, one line of the report.
        if host := normalize_host(source.host):
            languages.setdefault(host, set()).update(source.languages)
    report.old_hosts = [[old_host.host, old_host.language] for old_host in remember_old_hosts(languages)]


def _count_kept_apart(report):
    """Count the sections and tags this run created that still exist in one language only.

    Polylang's ``term_translations`` match a term with its twin in the other
    language (``_translated``), even when the twin comes later in the run;
    a term no group names stays apart, and the desk may want to merge or
    translate it (its other edition shows the same name until then).
    """
    one_language = Q()
    for code in LANGUAGE_CODES:
        one_language |= Q(**{f"slug_{code}": ""}) | Q(**{f"slug_{code}__isnull": True})
    for model, kind in ((Section, "section"), (Tag, "tag")):
        created = [pk for name, pk in report.terms_created if name == kind]
        if created and (apart := model.objects.filter(one_language, pk__in=created).count()):
            report.vocabulary[f"{kind}s kept apart (no Polylang match in the other language)"] = apart


def _after_bulk_work(report):
    """One suggestion refresh for the whole run (posts were saved without theirs), and fresh planner statistics.

    The refresh is a background job over every stale story: its cost follows
    what the import changed, and it never holds the import up.
    """
    written = report.posts["created"] + report.posts["updated"]
    if not (written or report.links_rewritten or report.images["attached"] or report.images["replaced"]):
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


def _import_file(path, storage, *, language, report, by, progress, overwrite_edits=False):
    source = Source(language=language, overwrite_edits=overwrite_edits)
    batch = []
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
            batch.append(fact)
            if len(batch) == BATCH_SIZE:
                import_items(batch, source=source, report=report, by=by, progress=progress)
                batch = []
    import_items(batch, source=source, report=report, by=by, progress=progress)
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


#: Posts written per transaction: enough to make each statement count, few enough to redo one by one.
BATCH_SIZE = 250
#: The revision comment of an imported article (stored in English, shown in the editor's language).
COMMENT_IMPORTED = gettext_noop("Imported from WordPress.")


def import_item(item, *, source, report, by=None):
    """Import one ``<item>``: a post becomes an article, an attachment is remembered, the rest is counted."""
    import_items([item], source=source, report=report, by=by)


def import_items(items, *, source, report, by=None, progress=None):
    """Import a batch of ``<item>``s read from one file, the posts' writes in one transaction.

    The batch's posts are written together (``_write``); if any of them
    fails, the batch is taken back and each post is written again alone, in
    its own savepoint, so a bad post is reported and leaves nothing while the
    others land. *progress* steps once per item, after its batch is written.
    """
    posts, trashed = [], []
    for item in items:
        report.items[item.post_type or "unknown"] += 1
        if item.post_type == "attachment":
            _remember_attachment(item, source, report)
        elif item.post_type == "page":
            other_addresses.note_page(item, source=source, report=report)
        elif item.post_type == "post" and (language := _accepted(item, source, report)):
            posts.append((item, language))
            source.languages.add(language)
        elif item.post_type == "post" and item.status == "trash":
            trashed.append(item)
    if trashed:
        _take_down_trashed(trashed, source=source, report=report, by=by)
    records = _records([item for item, _language in posts], source)
    todo = []
    for item, language in posts:
        record = records.get(item.post_id)
        fingerprint = _fingerprint(item, language)
        if record and record.article_id and record.fingerprint == fingerprint:
            report.posts["unchanged"] += 1
        else:
            todo.append(_Post(item, record, language, fingerprint))
    if todo:
        _write(todo, source=source, report=report, by=by)
    for _item in items:
        if progress is not None:
            progress.step()


def _take_down_trashed(items, *, source, report, by):
    """Unpublish the live articles of posts an earlier run imported and WordPress has since put in the trash.

    While a newsroom moves in, WordPress stays live for weeks, and a post
    taken down there (a correction gone wrong, a legal request) must not stay
    up here. Its article becomes a draft through ``update_articles_in_bulk``
    (the write path of every other change), reported; an article edited in
    Newsroom since its import is left as the editor made it, also reported,
    unless the run overwrites edits. Nothing is deleted: the desk decides.
    """
    records = _records(items, source)
    titles = {item.post_id: item.title for item in items}
    entries, seen = [], {}
    for wp_id, record in records.items():
        article = record.article if record.article_id else None
        if article is None or article.status != Article.Status.PUBLISHED:
            continue
        if not source.overwrite_edits and ImportedPost.edited_since_import(record.article_version, article.edit_version):
            report.warn(source.key, wp_id, titles[wp_id], gettext_noop(
                "in WordPress's trash now, but its article was edited in Newsroom since the last import: left published"))
            continue
        seen[article.pk] = article.edit_version
        article.status = Article.Status.DRAFT
        entries.append((article, None, None))
    if not entries:
        return
    with transaction.atomic():
        result = update_articles_in_bulk(entries=entries, by=by, comment=COMMENT_TAKEN_DOWN, seen_versions=seen)
        linking.follow_versions(result.saved, seen)
        # The article no longer is what the export last said: a post restored from the trash is written again.
        ImportedPost.objects.filter(site=source.key, article_id__in=[article.pk for article in result.saved]).update(fingerprint="")
    wp_ids = {record.article_id: wp_id for wp_id, record in records.items()}
    for article in result.saved:
        report.warn(source.key, wp_ids[article.pk], titles[wp_ids[article.pk]], gettext_noop(
            "taken down: the post is in WordPress's trash now, so its published article is a draft again"))
    for article, error in result.refused:
        report.warn(source.key, wp_ids[article.pk], titles[wp_ids[article.pk]],
                    gettext_noop("in WordPress's trash now, but its article could not be unpublished: %(error)s"),
                    error=_describe(error))


#: The revision comment of an article unpublished because its post went to WordPress's trash.
COMMENT_TAKEN_DOWN = gettext_noop("Unpublished: the post is in WordPress's trash.")


def _accepted(item, source, report):
    """The post's language, or ``None`` when it is not imported (counted and reported)."""
    report.statuses[item.status or "unknown"] += 1
    reason, language = _refusal(item, source)
    if reason:
        report.skip(reason)
        message, details = _skip_warning(reason, item, language)
        report.warn(source.key, item.post_id, item.title, message, **details)
        return None
    return language


def _records(items, source):
    """What earlier runs remember of these posts, by WordPress id (one query)."""
    ids = [item.post_id for item in items]
    rows = ImportedPost.objects.filter(site=source.key, wp_id__in=ids).select_related("article") if ids else []
    return {row.wp_id: row for row in rows}


@dataclass
class _Post:
    """One post to write: the item, what an earlier run stored of it, and what this run makes of it."""

    item: wxr.Item
    record: ImportedPost | None
    language: str
    fingerprint: str
    article: Article | None = None
    body: content.Body | None = None
    authors: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    pending_links: list = field(default_factory=list)
    #: The article was published before this run changed it (a post taken down in WordPress is reported).
    was_published: bool = False


def _write(todo, *, source, report, by, alone=False):
    """Write *todo* in one savepoint; if it fails, take it back and write each post alone."""
    part = Report(dry_run=report.dry_run)
    try:
        with transaction.atomic():
            _save_posts(todo, source=source, report=part, by=by, alone=alone)
    except Exception as error:  # any failure: nothing of the batch is kept; find the post(s) at fault
        source.forget_vocabulary()
        if len(todo) > 1 or not alone:
            for post in todo:
                again = _records([post.item], source).get(post.item.post_id)
                _write([_Post(post.item, again, post.language, post.fingerprint)], source=source, report=report, by=by,
                       alone=True)
            return
        item = todo[0].item
        if isinstance(error, EditConflict) and error.current is not None:
            report.keep_edit(source.key, item.post_id, item.title)  # an editor saved it after it was read
            return
        report.skip("could not be saved")
        report.warn(source.key, item.post_id, item.title, gettext_noop("not imported: %(error)s"), error=_describe(error))
        return
    report.add(part)


class _Refused(Exception):
    """Raised when the bulk update refused a post: the batch is written again post by post."""


def _save_posts(todo, *, source, report, by, alone=False):
    """The batch's articles, then what the import remembers of each.

    A post whose article was edited in Newsroom since the import wrote it is
    left out first (``_kept_for_editors``). New articles go through
    ``save_articles_in_bulk``, changed ones through ``update_articles_in_bulk``,
    alone or not (``_save_articles``). When the bulk update refuses a post (a
    publication change *by* may not make, an article deleted or edited
    meanwhile), the batch is taken back and written post by post: the batch's
    other posts may link to the refused one at the address it was about to
    have, and alone each post is judged, and reported, exactly as
    ``save_article`` judges it.
    """
    todo = _kept_for_editors(todo, source, report)
    if not todo:
        return
    slugs = _Slugs(todo)
    _read_vocabulary(todo, source, report)
    for post in todo:
        _prepare(post, source=source, report=report, slugs=slugs)
    links = _first_pass_links(todo, source)
    for post in todo:
        post.article.body, post.pending_links = _rewrite_known(post, links, report)
    unchanged = _save_articles(todo, by=by, alone=alone)
    _remember_posts(todo, source)
    _remember_addresses([(post.article, _old_urls(post.item, source)) for post in todo], source, report)
    for post in todo:
        if post.article.pk in unchanged:
            report.posts["unchanged"] += 1  # the export changed (or its conversion), the article did not
        else:
            report.posts["updated" if post.record and post.record.article_id else "created"] += 1
            if post.was_published and post.article.status != Article.Status.PUBLISHED:
                report.warn(source.key, post.item.post_id, post.article.title, gettext_noop(
                    "unpublished: the post is “%(status)s” in WordPress now, so its published article is a draft again"),
                    status=post.item.status)
        _conversion_warnings(post.body, post.item, source, report)
        if post.item.status == "private":
            report.warn(source.key, post.item.post_id, post.article.title, gettext_noop("private post imported as a draft"))


def _kept_for_editors(todo, source, report):
    """*todo* without the posts whose article was saved in Newsroom since the import last wrote it (reported).

    ``article_version`` is null for a post imported before the import kept
    it: taken as not edited (``ImportedPost``). The article of a post left
    out still answers at every address the post has now: a permalink changed
    in WordPress since the last run redirects to it too. Its record takes the
    post's featured image as WordPress has it now, so the second pass can say
    that WordPress shows another image than the article (``linking``).
    """
    if source.overwrite_edits:
        return todo
    to_write, addresses, thumbnails = [], [], []
    for post in todo:
        record = post.record
        article = record.article if record and record.article_id else None
        if article is not None and ImportedPost.edited_since_import(record.article_version, article.edit_version):
            report.keep_edit(source.key, post.item.post_id, post.item.title)
            addresses.append((article, _old_urls(post.item, source)))
            if record.thumbnail_id != (thumbnail := _thumbnail_id(post.item)):
                record.thumbnail_id = thumbnail
                thumbnails.append(record)
        else:
            to_write.append(post)
    if addresses:
        _remember_addresses(addresses, source, report)
    if thumbnails:
        ImportedPost.objects.bulk_update(thumbnails, ["thumbnail_id"])
    return to_write


def _remember_addresses(entries, source, report):
    """Store the old addresses of *entries* (``(article, urls)``), counting apart those not answering yet.

    A draft's or a scheduled article's addresses are kept now but stay a 404
    until readers may see it (drafts are never revealed): the report says so,
    rather than promise redirects that do not answer yet.
    """
    stored = remember_addresses_in_bulk(entries=entries, default_host=source.host)
    waiting = sum(
        len({key for url in urls if (key := url_key(url, default_host=source.host))})
        for article, urls in entries if not article.is_live
    )
    report.addresses += stored - waiting
    report.addresses_waiting += waiting


def _save_articles(todo, *, by, alone):
    """Write the batch's articles (new ones inserted, changed ones updated); return the pks of those left unchanged.

    Changed articles go through ``update_articles_in_bulk`` with the
    ``edit_version`` each was read at (``_records``): one saved by an editor
    since is refused, not overwritten. A post written *alone* goes the same
    way, so an article that comes out the same is left alone, with no new
    revision, whichever path it took; its refusal is raised as the error
    ``save_article`` would raise (``_write`` reports it).
    """
    entries = {"new": [], "changed": []}
    for post in todo:
        entries["new" if post.article._state.adding else "changed"].append((post.article, post.authors, post.tags))
    if entries["new"]:
        save_articles_in_bulk(entries=entries["new"], by=by, comment=COMMENT_IMPORTED)
    if not entries["changed"]:
        return set()
    seen = {article.pk: article.edit_version for article, _authors, _tags in entries["changed"]}  # as ``_records`` read them
    result = update_articles_in_bulk(entries=entries["changed"], by=by, comment=COMMENT_IMPORTED, seen_versions=seen)
    if result.refused:
        if alone:
            raise result.refused[0][1]
        raise _Refused
    return {article.pk for article in result.unchanged}


def _describe(error):
    messages = getattr(error, "messages", None)
    return "; ".join(messages) if messages else f"{type(error).__name__}: {error}"


def _refusal(item, source):
    """``(reason, None)`` for a post that is not imported, else ``("", language)``."""
    if item.status == "trash":
        return "in the trash", None
    if item.status not in STATUSES:
        return NOT_IMPORTED_STATUS, None
    if not item.post_id:
        return "no post id", None
    language = source.language or next((term.slug for term in item.terms_in("language")), "")
    if not language and not source.polylang:
        language = source.site_language  # a single-language site: the language it declares
    if not language:
        return "no language (choose the import's language, or give posts Polylang's language terms)", None
    if language not in LANGUAGE_CODES:
        return NOT_AN_EDITION, language
    return "", language


#: Skip reasons (count keys of ``Report.skipped``) whose warning names the post's own status or language.
NOT_IMPORTED_STATUS = "a status that is not imported"
NOT_AN_EDITION = "a language that is not an edition of this site"


def _skip_warning(reason, item, language):
    """The warning of a skipped post: its reason, with the status or language that made it."""
    if reason == NOT_IMPORTED_STATUS:
        return gettext_noop("skipped: WordPress status “%(status)s” is not imported"), {"status": item.status or "–"}
    if reason == NOT_AN_EDITION:
        return gettext_noop("skipped: language “%(language)s” is not an edition of this site"), {"language": language}
    return gettext_noop("skipped: %(reason)s"), {"reason": reason}


def _fingerprint(item, language):
    digest = hashlib.blake2b(digest_size=16)
    parts = [CONVERSION_VERSION, language, item.title, item.slug, item.content, item.excerpt, item.status,
             item.post_date_gmt, item.post_date, item.creator, item.meta.get("_thumbnail_id", "")]
    parts += [f"{term.domain}:{term.slug}:{term.name}" for term in item.terms]
    for part in parts:
        digest.update(part.encode("utf-8", "replace") + b"\x1f")
    return digest.hexdigest()


def _remember_attachment(item, source, report):
    """Keep what a featured image needs from its attachment: the file's path, its caption, alt text and credit."""
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
            "image_alt": found.alt,
            "link": item.link[:1000],
        },
    )


def _title(item):
    return (_plain(item.title) or f"WordPress post {item.post_id}")[:255]


def _prepare(post, *, source, report, slugs):
    """Fill the post's article (new, or the one an earlier run made) from the item; nothing is written but vocabulary."""
    item, record, language = post.item, post.record, post.language
    article = record.article if record and record.article else Article(language=language)
    post.was_published = article.pk is not None and article.status == Article.Status.PUBLISHED
    post.body = content.convert(item.content)
    article.language = language
    article.title = _title(item)
    article.slug = slugs.free(article, _wanted_slug(item, article.title), source, item, report)
    article.summary = _plain(item.excerpt)
    article.body = post.body.html
    article.status = STATUSES[item.status]
    article.published_at = _date(item) if article.status == Article.Status.PUBLISHED else None
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = timezone.now()
    categories = item.terms_in("category")
    article.section = _section(categories[0] if categories else None, language, report, source)
    tags = [_tag(term, language, report, source) for term in categories[1:] + [t for d in TAG_DOMAINS for t in item.terms_in(d)]]
    post.tags = list({tag.pk: tag for tag in tags}.values())
    post.authors = [_author(item.creator, source, language, report, item)]
    post.article = article


def _first_pass_links(todo, source):
    """``{href: article}`` for the batch's links whose target is known now: a post of this batch, or one stored before.

    The batch's own posts are known by their old addresses (their slugs are
    chosen already, so their new addresses are too); earlier ones through the
    stored old addresses, in two queries for the whole batch.
    """
    here = {}
    for post in todo:
        for url in _old_urls(post.item, source):
            if key := url_key(url, default_host=source.host):
                here[key] = post.article
    keyed = {href: url_key(href, default_host=source.host) for post in todo for href in post.body.links}
    stored_ids = article_ids_for_urls([href for href, key in keyed.items() if key and key not in here], default_host=source.host)
    stored = Article.objects.only("pk", "language", "slug").in_bulk(set(stored_ids.values()))
    targets = {href: here[key] for href, key in keyed.items() if key in here}
    targets.update((href, stored[pk]) for href, pk in stored_ids.items() if pk in stored)
    return targets


def _rewrite_known(post, targets, report):
    """The body with links to known posts of its own language pointed at their new addresses, and the links left.

    A link to the other language may be the counterpart's (its paragraph is
    dropped once pairs are made) and a link to a post not read yet has no new
    address: both wait for the second pass (``linking.finish``).
    """

    addresses = {}  # href -> new address: each is asked twice (the rewrite, then the links left)

    def new_address(href):
        if href not in addresses:
            target = targets.get(href)
            addresses[href] = target.get_absolute_url() if target is not None and target.language == post.language else None
        return addresses[href]

    body, changed = content.rewrite_links(post.article.body, new_address)
    report.links_rewritten += changed
    return body, [href for href in post.body.links if new_address(href) is None]


#: What a later run updates of an ``ImportedPost`` it meets again.
RECORD_FIELDS = ["post_type", "language", "article", "article_version", "title", "link", "fingerprint",
                 "translation_group", "links", "language_links", "thumbnail_id", "imported_at"]


def _remember_posts(todo, source):
    """Keep what the second pass and later runs need of each post, in one statement for the batch."""
    rows = []
    for post in todo:
        item = post.item
        rows.append(ImportedPost(
            site=source.key, wp_id=item.post_id, post_type="post", language=post.language, article=post.article,
            article_version=post.article.edit_version,  # as written (or found unchanged) by this run
            title=post.article.title, link=item.link[:1000], fingerprint=post.fingerprint,
            translation_group=next((t.slug for t in item.terms_in("post_translations")), "")[:100],
            links=post.pending_links[:200], language_links=post.body.language_links[:10],
            thumbnail_id=_thumbnail_id(item),
        ))  # fmt: skip
    bulk.upsert(ImportedPost, rows, unique_fields=["site", "wp_id"], update_fields=RECORD_FIELDS)


def _thumbnail_id(item):
    """The attachment id of the post's featured image, or None."""
    thumbnail = item.meta.get("_thumbnail_id", "").strip()
    return int(thumbnail) if thumbnail.isdigit() else None


def _old_urls(item, source):
    """Every address the post answered at: its permalink, guid, and WordPress's id forms under the site."""
    base = source.base_url.rstrip("/")
    return [item.link, item.guid, f"{base}/?p={item.post_id}", f"{base}/archives/{item.post_id}"]


def _conversion_warnings(body, item, source, report):
    if body.embeds:
        report.embeds.update(body.embeds)
        report.warn(source.key, item.post_id, item.title, gettext_noop("embedded players turned into links: %(hosts)s"),
                    hosts=", ".join(sorted(set(body.embeds))))
    if body.removed_shortcodes:
        report.warn(source.key, item.post_id, item.title, gettext_noop("shortcodes removed: %(shortcodes)s"),
                    shortcodes=", ".join(body.removed_shortcodes))
    if body.images_dropped:
        report.warn(source.key, item.post_id, item.title,
                    gettext_noop("images in the body left out (%(count)s): article bodies hold text only"),
                    count=body.images_dropped)


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


class _Slugs:
    """Free slugs for one batch: which wanted slugs other articles hold is asked once per language.

    Slugs given to the batch's own posts are kept apart too, since none of
    them is stored yet when the next is chosen.
    """

    def __init__(self, todo):
        wanted = {}
        for post in todo:
            wanted.setdefault(post.language, set()).add(_wanted_slug(post.item, _title(post.item)))
        self.owners = {}  # (language, slug) -> pk of the article holding it
        for language, slugs in wanted.items():
            for slug, pk in Article.objects.filter(language=language, slug__in=slugs).values_list("slug", "pk"):
                self.owners[(language, slug)] = pk
        self.given = set()

    def free(self, article, wanted, source, item, report):
        """*wanted*, or *wanted*-2, -3 ... when another article of the language has it (reported)."""
        slug = self._choose(article, wanted)
        self.given.add((article.language, slug))
        if slug != wanted:
            report.warn(source.key, item.post_id, item.title,
                        gettext_noop("slug “%(wanted)s” is taken in the %(language)s edition: saved as “%(slug)s”"),
                        wanted=wanted, language=article.language, slug=slug)
        return slug

    def _choose(self, article, wanted):
        if article.pk and re.fullmatch(re.escape(wanted) + r"(-\d+)?", article.slug or ""):
            return article.slug  # the slug given on an earlier run, suffix and all
        key = (article.language, wanted)
        if key not in self.given and self.owners.get(key, article.pk) == article.pk:
            return wanted
        taken = Article.objects.filter(language=article.language).exclude(pk=article.pk)
        slug, number = wanted, 1
        while (article.language, slug) in self.given or taken.filter(slug=slug).exists():
            number += 1
            suffix = f"-{number}"
            slug = wanted[: SLUG_LENGTH - len(suffix)] + suffix
        return slug


# Sections, tags, authors -------------------------------------------------------


def _term_slug(term, length):
    return _slug_of(term.slug, term.name)[:length]


@functools.lru_cache(maxsize=5000)
def _slug_of(slug, name):
    """A term's slug as stored; cached, as every post names its section and tags again (bounded: memory stays flat)."""
    return slugify(unquote(slug), allow_unicode=True) or slugify(name, allow_unicode=True)


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
    key = (model, language, slug)
    if key in _cache(source):
        return source.vocabulary[key]
    found = model.objects.filter(**{f"slug_{language}": slug}).first()
    if found:
        return _keep(source, key, found)
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
    report.terms_created.append([kind, item.pk])
    return _keep(source, key, item)


#: Sections, tags and authors kept in memory per file at most (an archive's vocabulary may be large).
VOCABULARY_KEPT = 5000


def _read_vocabulary(todo, source, report):
    """Find or create the sections, tags and authors the batch names that this file has not met yet.

    A query per kind and language reads those that exist; the missing ones are
    created together (``save_vocabulary_in_bulk``), except a term Polylang
    says translates another, which ``_vocabulary`` matches across languages.
    """
    wanted = {}
    for post in todo:
        categories = post.item.terms_in("category")
        for number, term in enumerate(categories or [UNCATEGORIZED]):
            kind = "tag" if number else "section"
            wanted.setdefault((Tag if number else Section, post.language), {}).setdefault(_term_slug(term, 100) or kind, term)
        for term in (t for d in TAG_DOMAINS for t in post.item.terms_in(d)):
            wanted.setdefault((Tag, post.language), {}).setdefault(_term_slug(term, 100) or "tag", term)
        wanted.setdefault((Author, ""), {}).setdefault(_author_slug(post.item.creator), post.item.creator)
    for (model, language), terms in wanted.items():
        missing = {slug: term for slug, term in terms.items() if (model, language, slug) not in source.vocabulary}
        column = f"slug_{language}" if language else "slug"
        for item in model.objects.filter(**{f"{column}__in": missing}) if missing else ():
            _keep(source, (model, language, getattr(item, column)), item)
        _create_vocabulary(model, language, {s: t for s, t in missing.items() if (model, language, s) not in source.vocabulary},
                           source, report)  # fmt: skip


def _create_vocabulary(model, language, terms, source, report):
    """Create the sections, tags or authors *terms* (``{slug: term}``) name, in one statement."""
    items = []
    for slug, term in terms.items():
        if model is Author:
            display = _display_name(term, source)
            items.append(Author(slug=slug, **{f"name_{code}": display for code in LANGUAGE_CODES}))
            continue
        taxonomy = "category" if model is Section else "post_tag"
        if source.term_counterparts(taxonomy, language, term.slug):
            continue  # Polylang names its other-language twin: matched one by one (``_translated``)
        name = (_plain(term.name) or slug)[:100]
        # Until an editor translates it, other editions show the same name rather than none.
        items.append(model(**{f"slug_{language}": slug}, **{f"name_{code}": name for code in LANGUAGE_CODES}))
    save_vocabulary_in_bulk(items=items)
    kind = {Section: "section", Tag: "tag", Author: "author"}[model]
    for item in items:
        report.vocabulary[f"{kind}s created"] += 1
        if model is not Author:
            report.terms_created.append([kind, item.pk])
        _keep(source, (model, language, item.slug if model is Author else getattr(item, f"slug_{language}")), item)


def _cache(source):
    return source.vocabulary if source is not None else {}


def _keep(source, key, item):
    """Remember *item* for the rest of the file (forgetting everything once too many are kept)."""
    if source is not None:
        if len(source.vocabulary) >= VOCABULARY_KEPT:
            source.vocabulary.clear()
        source.vocabulary[key] = item
    return item


UNCATEGORIZED = wxr.ItemTerm("category", "uncategorized", "Uncategorized")


def _section(term, language, report, source=None):
    return _vocabulary(Section, term or UNCATEGORIZED, language, report, "section", source)


def _tag(term, language, report, source=None):
    return _vocabulary(Tag, term, language, report, "tag", source)


@functools.lru_cache(maxsize=5000)
def _author_slug(login):
    return slugify(login)[:150] or "wp-" + hashlib.blake2b(login.encode(), digest_size=6).hexdigest()


def _author(login, source, language, report, item=None):
    """The byline of the WordPress user *login* (matched by slug), created with its display name.

    One login is one byline across the run's sites and earlier runs; the
    site's display name is the byline's name in *language* (``_name_author``).
    """
    display = _display_name(login, source)
    slug = _author_slug(login)
    key = (Author, "", slug)
    author = source.vocabulary.get(key) or Author.objects.filter(slug=slug).first()
    if author is None:
        author = Author(slug=slug, **{f"name_{code}": display for code in LANGUAGE_CODES})
        save_vocabulary(item=author)
        report.vocabulary["authors created"] += 1
    _keep(source, key, author)
    _name_author(author, login, language, source, report, item)
    return author


def _display_name(login, source):
    """What the file's site calls the WordPress user *login* (its display name), as a byline's name."""
    return (_plain(source.authors.get(login) or login) or "WordPress")[:150]


def _name_author(author, login, language, source, report, item=None):
    """Give *author* this site's display name in *language*, unless that edition already shows another (reported).

    A byline created by the import carries its first site's name in every
    language, so that no edition shows it nameless; a name is the edition's
    own once an article of that language carries the byline. Until then a
    site in that language names it: a reporter with the same login on the
    English and the Arabic site ("Rania Khalil", "رانيا خليل") is one byline
    showing each edition its site's name. That may also be two people who
    shared a login ("admin"), which only the desk can tell: the first time a
    second name is given, the report says so. A name the edition already
    shows (an earlier import, an editor's correction) is kept, and a
    different name from this site is reported on every run until the desk
    decides. Checked once per author and language per file.
    """
    key = (author.slug, language)
    if key in source.authors_named:
        return
    source.authors_named.add(key)
    display = _display_name(login, source)
    current = getattr(author, f"name_{language}") or ""
    if current == display:
        return
    where = (item.post_id, item.title) if item is not None else (0, "")
    if current and Article.objects.filter(language=language, authors=author).exists():
        report.warn(source.key, *where, gettext_noop(
            "author “%(login)s” is “%(kept)s” in the %(language)s edition and “%(name)s” on this site: "
            "kept “%(kept)s” as the byline's name; check it"), login=login, kept=current, language=language, name=display)
        return
    others = sorted({name for code in LANGUAGE_CODES if code != language and (name := getattr(author, f"name_{code}"))} - {display})
    setattr(author, f"name_{language}", display)
    save_vocabulary(item=author)
    if others:
        report.warn(source.key, *where, gettext_noop(
            "author “%(login)s” is “%(other)s” on another site and “%(name)s” on this one: kept as one byline, "
            "each edition showing its own site's name; split it if they are two people"),
            login=login, other=", ".join(others), name=display)


# Imports started from the admin ------------------------------------------------

#: Where uploaded exports wait for their job; each run's files are deleted once it has finished.
UPLOAD_FOLDER = "wordpress-imports"
#: The run's progress is written every this many items (a write per item would slow the import).
PROGRESS_EVERY = 100


def start_import(*, files, language=None, dry_run=False, by=None, uploads_folder="", uploads_zip=None, overwrite_edits=False):
    """Store the uploaded exports *files*, record an ``ImportRun`` and queue its job; return the run.

    The files go to the default storage under a random folder (an export holds
    drafts and private posts: its name must not be guessable) and are read
    back streamed by the job, never in the request. Featured images come from
    *uploads_folder* (a folder under the uploads root) or the zip *uploads_zip*
    (stored with the exports, extracted by the job: ``wordpress.uploads``).
    *overwrite_edits* is ``import_files``'s.
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
                                       overwrite_edits=overwrite_edits, created_by=by)
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
                                  progress=_run_progress(run), storage=default_storage, uploads=images,
                                  overwrite_edits=run.overwrite_edits)
        report.uploads_left_out.update(left_out)
    except wxr.WxrError as error:
        # Kept as its English sentence and details too, so the admin writes it in each reader's language.
        details = {**error.details, "path": _with_upload_names(error.details["path"], run)}
        _finish(run, ImportRun.Status.FAILED, error=error.message % details, report={"error": [error.message, details]})
        _delete_files(run)
        return
    except uploads_sources.UploadsRefused as error:
        _finish(run, ImportRun.Status.FAILED, error=_with_upload_names(str(error), run))
        _delete_files(run)
        return
    except Exception as error:
        _finish(run, ImportRun.Status.FAILED, error=f"{type(error).__name__}: {error}")
        raise
    if report.statuses and not report.imported:  # posts were read and none is an article: as the command, a failure
        stored = {**report.as_dict(), "error": [NOTHING_IMPORTED, {}]}
        _finish(run, ImportRun.Status.FAILED, error=NOTHING_IMPORTED, report=stored)
    else:
        _finish(run, ImportRun.Status.DONE, report=report.as_dict())
    _delete_files(run)


#: A run (or the command) that read posts and could make none of them an article: the report says why.
NOTHING_IMPORTED = gettext_noop("No post could be imported: the report below says why for each.")


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
