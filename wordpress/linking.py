"""The import's second pass, once every file of the run is in: pairs, links, featured images.

Everything here reads back what the first pass stored (``ImportedPost`` rows
and the old addresses), a chunk of ``CHUNK`` rows at a time, each chunk's
links resolved and articles read in a few queries, so it needs no more
memory for 20,000 posts than for 20.

* **Pairs.** Polylang's ``post_translations`` groups first; then links in
  bodies: a post that links to a post of the other language (the "Arabic
  version" paragraph, or else a single link to such a post) is paired with it.
  A link is resolved through the old addresses, so any form of the target's
  address works (permalink, guid, ``?p=ID``, ``/archives/ID``, with or without
  ``www.``, http or https, a trailing slash, percent-encoding). Pairs go
  through the translations' services (``link_translations``, a chunk at a
  time, with ``check_link``'s rules, the admin's); a conflict is reported,
  never forced. The translation queue is synced once per chunk.
* **Links.** The first pass rewrote the links whose target it knew; the
  ones left are pointed at the articles' new addresses here, and a paragraph
  left linking only to the counterpart is removed (the site shows its own
  link to the other version). Only articles whose text changes are saved again.
* **Featured images**, from ``--uploads`` by the attachment's file path.
  The record remembers which attachment's file an article's image came
  from; when the post's featured image changes in WordPress, a later run
  replaces the image (``_featured_image``). A dry run cleans each image as a
  save would but stores none (its rollback would take back the rows and
  leave the files); a run without uploads counts the images it could not attach.

An article edited in Newsroom since the import last wrote it (its
``edit_version`` is not the one its ``ImportedPost`` recorded) is not written
here either: its links stay as the editor left them (an old address still
answers with a 301) and it gets no featured image the editor may have taken
out, nor a new one in place of the image it has. The pass's own writes move
the records' versions along (``follow_versions``).
"""

import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import gettext_noop

from addresses.keys import url_key
from addresses.selectors import article_ids_for_urls
from articles.images import sanitize_image
from articles.models import Article
from articles.services import save_article, update_articles_in_bulk
from translations.services import link_translations, queue_syncs_gathered

from . import content
from .models import ImportedPost


#: Records read and decided together: their links are resolved and their articles read in a few queries.
CHUNK = 500
#: What pairing and rewriting read of each imported post, as named rows (no model instance per post).
RECORD_COLUMNS = ("pk", "site", "wp_id", "title", "article_id", "article_version", "links", "language_links")


def finish(*, sites, report, uploads=None, by=None):
    """Run the second pass over the posts of *sites* (the files' ``Source``s)."""
    keys = [site.key for site in sites]
    hosts = {site.key: site.host for site in sites}
    with transaction.atomic(), queue_syncs_gathered():
        _pair_polylang_groups(keys, report, by)
    posts = ImportedPost.objects.filter(site__in=keys, post_type="post", article__isnull=False).order_by("pk")
    for chunk in _chunks(posts.values_list(*RECORD_COLUMNS, named=True).iterator(chunk_size=CHUNK)):
        with transaction.atomic(), queue_syncs_gathered():
            _pair_chunk(chunk, hosts, report, by)
    for chunk in _chunks(_waiting_for_counterpart(keys).values_list(*RECORD_COLUMNS, named=True).iterator(chunk_size=CHUNK)):
        with transaction.atomic(), queue_syncs_gathered():
            _pair_chunk(chunk, hosts, report, by, earlier=True)
    for chunk in _chunks(posts.exclude(links=[]).values_list(*RECORD_COLUMNS, named=True).iterator(chunk_size=CHUNK)):
        with transaction.atomic():
            _rewrite_chunk(chunk, hosts, report, by)
    with_image = posts.filter(thumbnail_id__isnull=False)
    if uploads:
        for record in with_image.iterator(chunk_size=CHUNK):
            _featured_image(record, uploads, report, by)
    elif count := with_image.filter(article__image="").count():
        report.images[NO_UPLOADS] += count  # said, not silently dropped: the desk may run it again with the uploads


#: How the report counts featured images a run without an uploads folder could not attach.
NO_UPLOADS = "not attached: no uploads folder given"


def _chunks(rows):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pair_polylang_groups(keys, report, by):
    """Pair the members of each Polylang ``post_translations`` group with its first, ``CHUNK`` pairs per ``link_translations``."""
    rows = (
        ImportedPost.objects.filter(site__in=keys, post_type="post", article__isnull=False)
        .exclude(translation_group="")
        .select_related("article")
        .order_by("site", "translation_group", "pk")
    )
    group, first, found = None, None, []
    for row in rows.iterator(chunk_size=CHUNK):
        if (row.site, row.translation_group) != group:
            group, first = (row.site, row.translation_group), row
            continue
        found.append((row, first.article, row.article, "Polylang"))
        if len(found) >= CHUNK:
            _report_links(found, _link_all(found, report, by), report)
            found = []
    _report_links(found, _link_all(found, report, by), report)


class _Targets:
    """Where the links of a chunk of records lead: article ids from the old addresses, and those articles.

    Two queries per site for the whole chunk, instead of two per link.
    """

    #: What deciding pairs and new addresses reads of an article (not its text nor its search columns).
    FIELDS = ("pk", "language", "slug", "title", "translation_key")

    def __init__(self, records, hosts, hrefs_of):
        self.ids = {}
        for site in {record.site for record in records}:
            hrefs = {href for record in records if record.site == site for href in hrefs_of(record)}
            host = hosts.get(site) or site.split("/")[0]  # a site of an earlier run: its key starts with its host
            self.ids.update(((site, href), pk) for href, pk in article_ids_for_urls(hrefs, default_host=host).items())
        wanted = {record.article_id for record in records} | set(self.ids.values())
        self.articles = Article.objects.only(*self.FIELDS).in_bulk(wanted)

    def article(self, record, href):
        return self.articles.get(self.ids.get((record.site, href)))


def _waiting_for_counterpart(keys):
    """Posts of earlier runs (other sites than *keys*) whose language-version link found no post then, still alone.

    Two sites are often imported in two runs: the first site's "Arabic
    version" paragraph leaves its body (the site shows its own link) and its
    address waits in ``language_links`` until the run that brings its target.
    """
    has_other_version = Article.objects.filter(translation_key=OuterRef("article__translation_key")).exclude(pk=OuterRef("article_id"))
    return (
        ImportedPost.objects.filter(post_type="post", article__isnull=False).exclude(site__in=keys).exclude(language_links=[])
        .filter(~Exists(has_other_version)).order_by("pk")
    )


def _pair_chunk(records, hosts, report, by, *, earlier=False):
    """Pair each record's article with the other-language post its body points to (``link_translations``).

    *earlier*: records of earlier runs waiting for their counterpart
    (``_waiting_for_counterpart``); those still alone are not this run's to
    count or warn about again.
    """
    targets = _Targets(records, hosts, lambda record: [*record.language_links, *record.links])
    found, alone = [], []
    for record in records:
        article = targets.articles.get(record.article_id)
        if article is None:
            continue
        counterpart, method = _counterpart(record, article, targets)
        if counterpart is not None:
            found.append((record, article, counterpart, method))
            continue
        if earlier:
            continue
        if method == "ambiguous":
            report.warn(record.site, record.wp_id, record.title, gettext_noop("links to several posts of the other language: not paired"))
        elif record.language_links:
            report.warn(record.site, record.wp_id, record.title,
                        gettext_noop("its link to the other language version (%(href)s) matches no imported post yet: "
                                     "it is paired when a later import brings that post"), href=record.language_links[0])
        alone.append(article)
    _report_links(found, _link_all(found, report, by), report)
    report.unpaired += _count_alone(alone)


def _report_links(found, outcomes, report):
    """Count each ``(record, article, counterpart, method)`` of *found* by its outcome; a refusal is reported."""
    for (record, _article, counterpart, method), error in zip(found, outcomes, strict=True):
        if error is None:
            report.pairs[method] += 1
        elif error.code == "already_linked":
            report.pairs["already paired"] += 1
        else:
            report.warn(record.site, record.wp_id, record.title, gettext_noop("not paired with “%(counterpart)s”: %(error)s"),
                        counterpart=counterpart.title, error=" ".join(error.messages))
            report.pairs["conflicts"] += 1


def _link_all(found, report, by):
    """The outcome of each pair through ``link_translations``; if the database refuses the lot, pair by pair."""
    if not found:
        return []
    try:
        with transaction.atomic():
            return link_translations(pairs=[(article, counterpart) for _record, article, counterpart, _method in found], by=by)
    except ValidationError:
        outcomes = []
        for _record, article, counterpart, _method in found:
            try:
                with transaction.atomic():
                    outcomes += link_translations(pairs=[(article, counterpart)], by=by)
            except ValidationError as error:
                outcomes.append(error)
        return outcomes


def _count_alone(articles):
    """How many of *articles* have no other version (one query)."""
    keys = {article.translation_key for article in articles}
    shared = set(
        Article.objects.filter(translation_key__in=keys).values("translation_key").annotate(n=Count("pk")).filter(n__gt=1)
        .values_list("translation_key", flat=True)
    ) if keys else set()
    return sum(article.translation_key not in shared for article in articles)


def _counterpart(record, article, targets):
    """``(article, method)`` of the other-language post the body points to, ``(None, reason)`` otherwise."""
    for href in record.language_links:
        found = targets.article(record, href)
        if found is not None and found.language != article.language:
            return found, "language-version link"
    others = {found.pk: found for href in record.links if (found := targets.article(record, href)) and found.language != article.language}
    if len(others) == 1:
        return others.popitem()[1], "link to the other language"
    return None, "ambiguous" if others else ""


def _rewrite_chunk(records, hosts, report, by):
    """Point the links left by the first pass at their new addresses; drop a paragraph linking only to the counterpart.

    The first pass rewrote every link whose target it knew; what is left
    (forward links, links to the other language) is decided here for a
    chunk at once, and only the articles whose text changes are saved, in
    one ``update_articles_in_bulk``, from the versions their bodies were read
    at: one edited in Newsroom before (``_edited``) or meanwhile is left alone.
    """
    targets = _Targets(records, hosts, lambda record: record.links)
    stored = Article.objects.filter(pk__in=[record.article_id for record in records]).values_list("pk", "body", "edit_version")
    bodies, versions = {}, {}
    for pk, body, version in stored:
        bodies[pk], versions[pk] = body, version
    changed, counts = {}, {}
    for record in records:
        article = targets.articles.get(record.article_id)
        if article is None or record.article_id not in bodies or _edited(record, versions[record.article_id]):
            continue
        body, count = _rewritten(record, article, bodies[record.article_id], targets, hosts, report)
        if body != bodies[record.article_id]:
            changed[article.pk], counts[article.pk] = body, count
    if changed:
        articles = Article.objects.in_bulk(changed)  # whole rows: the save recomputes what follows from the text
        for pk, article in articles.items():
            article.body = changed[pk]
        result = update_articles_in_bulk(entries=[(article, None, None) for article in articles.values()], by=by,
                                         seen_versions={pk: versions[pk] for pk in articles})
        report.links_rewritten += sum(counts[article.pk] for article in result.saved)
        follow_versions(result.saved, versions)


def _edited(record, version):
    return ImportedPost.edited_since_import(record.article_version, version)


def _rewritten(record, article, body, targets, hosts, report):
    """*body* with *record*'s pending links rewritten and the counterpart's lone paragraph dropped; and the count."""
    pending = set(record.links)
    run_hosts = {url_key(f"http://{host}/")[0] for host in hosts.values() if host}

    def counterpart(href):
        found = targets.article(record, href) if href in pending else None
        return found is not None and found.pk != article.pk and found.translation_key == article.translation_key

    def new_address(href):
        if href not in pending:
            return None  # rewritten by the first pass already, or never a post's address
        found = targets.article(record, href)
        if found is None:
            key = url_key(href, default_host=hosts.get(record.site, ""))
            if key and key[0] in run_hosts:
                report.dangling_links += 1
                report.warn(record.site, record.wp_id, record.title, gettext_noop("link to %(href)s matches no imported post"), href=href)
            pending.discard(href)  # reported once
            return None
        return found.get_absolute_url()

    body = content.drop_paragraphs_linking_only_to(body, counterpart)
    return content.rewrite_links(body, new_address)


#: How the report counts a featured image an edit in Newsroom keeps the import from attaching or replacing.
LEFT_FOR_EDITOR = "left out: article edited in Newsroom"


def _featured_image(record, uploads, report, by):
    """Attach the post's featured image from the uploads copy, or replace the one the import stored if WordPress's changed.

    An image already on the article is replaced only when the record
    remembers storing it (``ImportedPost.image_attachment_id``), the post's
    featured image in WordPress is another attachment or file now, and the
    article was not edited in Newsroom since (``_edited``) and still holds the
    file the import stored. Otherwise it stays: one stored before the record
    kept its origin, or set by an editor where the import stored none, is
    "already there" (the import cannot tell what it was); a change in
    WordPress that an edit keeps out is counted and warned about, so the
    desk knows WordPress shows another image.
    """
    article = Article.objects.get(pk=record.article_id)
    attachment = ImportedPost.objects.filter(site=record.site, wp_id=record.thumbnail_id, post_type="attachment").first()
    if article.image:
        if not _changed_in_wordpress(record, attachment):
            report.images["already there"] += 1
            return
        if _edited(record, article.edit_version) or article.image.name != record.image_stored_as:
            report.images[LEFT_FOR_EDITOR] += 1
            _warn_not_replaced(record, attachment, report)
            return
        outcome = "replaced"
    elif _edited(record, article.edit_version):
        report.images[LEFT_FOR_EDITOR] += 1  # the editor may have taken it out
        return
    else:
        outcome = "attached"
    if attachment is None or not attachment.attached_file:
        report.images["attachment missing"] += 1
        report.warn(record.site, record.wp_id, record.title, gettext_noop("featured image %(id)s is not in the export"),
                    id=record.thumbnail_id)
        return
    path = os.path.realpath(os.path.join(uploads, attachment.attached_file))
    if not path.startswith(os.path.realpath(uploads) + os.sep) or not os.path.isfile(path):
        report.images["file missing"] += 1
        report.warn(record.site, record.wp_id, record.title, gettext_noop("featured image file %(file)s not found in the uploads"),
                    file=attachment.attached_file)
        return
    try:
        if report.dry_run:
            _check_image(path)
        else:
            _attach(record, article, attachment, path, by)
    except ValidationError as error:
        report.images["refused"] += 1
        report.warn(record.site, record.wp_id, record.title, gettext_noop("featured image refused: %(error)s"),
                    error=" ".join(error.messages))
        return
    report.images[outcome] += 1


def _changed_in_wordpress(record, attachment):
    """Whether the post's featured image in WordPress is another attachment, or another file, than the one stored.

    False when the record remembers no stored image: imported before it was
    kept, or never stored by the import (an image there is an editor's).
    An attachment missing from the export now changed nothing known.
    """
    if record.image_attachment_id is None:
        return False
    if record.thumbnail_id != record.image_attachment_id:
        return True
    return attachment is not None and attachment.attached_file != record.image_attached_file


def _warn_not_replaced(record, attachment, report):
    if attachment is not None and attachment.attached_file:
        report.warn(record.site, record.wp_id, record.title, gettext_noop(
            "featured image not replaced: WordPress shows %(file)s now, but the article was edited in Newsroom "
            "since the import and keeps the editor's image"), file=attachment.attached_file)
    else:
        report.warn(record.site, record.wp_id, record.title, gettext_noop(
            "featured image not replaced: WordPress shows attachment %(id)s now, but the article was edited in "
            "Newsroom since the import and keeps the editor's image"), id=record.thumbnail_id)


def _check_image(path):
    """What a dry run does instead of attaching: clean the image as a save would, and store nothing.

    The rollback at the end of a dry run takes back the rows, not files: a
    stored image would stay in the media storage with nothing pointing at it.
    """
    with open(path, "rb") as handle:
        sanitize_image(File(handle, name=os.path.basename(path)))


def _attach(record, article, attachment, path, by):
    """Store the image at *path* as *article*'s featured image, with the attachment's caption, credit and alt text.

    An image the article had is replaced in the field only: its file stays in
    the storage (Django never deletes a replaced file), where the article's
    earlier revisions still name it; ``clean_stored_images`` lists files no
    article uses. *record* remembers where the new image came from.
    """
    with transaction.atomic(), open(path, "rb") as handle:
        article.image = File(handle, name=os.path.basename(path))
        article.image_caption = attachment.image_caption[:300]
        article.image_credit = attachment.image_credit[:150]
        article.image_alt = attachment.image_alt[:300]
        before = {article.pk: article.edit_version}
        save_article(article=article, by=by, seen_version=before[article.pk], refresh_suggestions=False)
        follow_versions([article], before)
        ImportedPost.objects.filter(pk=record.pk).update(
            image_attachment_id=attachment.wp_id, image_attached_file=attachment.attached_file, image_stored_as=article.image.name,
        )


def follow_versions(articles, before):
    """After this pass saved *articles*: a post whose record held the version it replaced records the new one.

    The import's own writes are no editor's edit (``ImportedPost.article_version``).
    A record holding another number (an editor's edit the import kept) keeps
    it; one statement for all.
    """
    articles = list(articles)
    if not articles:
        return
    matching = Q()
    for article in articles:
        matching |= Q(article_id=article.pk, article_version=before[article.pk])
    ImportedPost.objects.filter(matching, post_type="post").update(article_version=Case(
        *(When(article_id=article.pk, then=Value(article.edit_version)) for article in articles),
        default=F("article_version"), output_field=ImportedPost._meta.get_field("article_version"),
    ))
