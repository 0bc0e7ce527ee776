"""The import's second pass, once every file of the run is in: pairs, links, featured images.

Everything here reads back what the first pass stored (``ImportedPost`` rows
and the old addresses), a row at a time, so it needs no more memory for
20,000 posts than for 20.

* **Pairs.** Polylang's ``post_translations`` groups first; then links in
  bodies: a post that links to a post of the other language (the "Arabic
  version" paragraph, or else a single link to such a post) is paired with it.
  A link is resolved through the old addresses, so any form of the target's
  address works (permalink, guid, ``?p=ID``, ``/archives/ID``, with or without
  ``www.``, http or https, a trailing slash, percent-encoding). Pairs go
  through ``link_translation``, like the admin's; a conflict is reported,
  never forced.
* **Links.** Links between imported posts are pointed at the articles' new
  addresses, and a paragraph left linking only to the counterpart is removed
  (the site shows its own link to the other version).
* **Featured images**, from ``--uploads`` by the attachment's file path.
"""

import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from addresses.keys import url_key
from addresses.selectors import article_id_for_url
from articles.models import Article
from articles.services import save_article
from translations.services import link_translation

from . import content
from .models import ImportedPost


def finish(*, sites, report, uploads=None, by=None):
    """Run the second pass over the posts of *sites* (the files' ``Source``s)."""
    keys = [site.key for site in sites]
    hosts = {site.key: site.host for site in sites}
    _pair_polylang_groups(keys, report, by)
    posts = ImportedPost.objects.filter(site__in=keys, post_type="post", article__isnull=False).order_by("pk")
    for record in posts.iterator(chunk_size=500):
        _pair_by_links(record, hosts, report, by)
    for record in posts.iterator(chunk_size=500):
        _rewrite_links(record, hosts, report, by)
        if uploads and record.thumbnail_id:
            _featured_image(record, uploads, report, by)


def _link(article, counterpart, *, method, record, report, by):
    """Pair two articles through the translations' service; a refusal is reported."""
    if article.translation_key == counterpart.translation_key:
        report.pairs["already paired"] += 1
        return
    try:
        link_translation(article=article, counterpart=counterpart, by=by)
    except ValidationError as error:
        report.warn(record.site, record.wp_id, record.title, f"not paired with {counterpart.title!r}: {' '.join(error.messages)}")
        report.pairs["conflicts"] += 1
        return
    report.pairs[method] += 1


def _pair_polylang_groups(keys, report, by):
    rows = (
        ImportedPost.objects.filter(site__in=keys, post_type="post", article__isnull=False)
        .exclude(translation_group="")
        .select_related("article")
        .order_by("site", "translation_group", "pk")
    )
    group, members = None, []
    for row in rows.iterator(chunk_size=500):
        if (row.site, row.translation_group) != group:
            _pair_group(members, report, by)
            group, members = (row.site, row.translation_group), []
        members.append(row)
    _pair_group(members, report, by)


def _pair_group(members, report, by):
    if len(members) < 2:
        return
    first = members[0]
    for other in members[1:]:
        _link(first.article, other.article, method="Polylang", record=other, report=report, by=by)


def _resolve(href, record, hosts):
    return article_id_for_url(href, default_host=hosts.get(record.site, ""))


def _counterpart(record, hosts):
    """``(article id, method)`` of the other-language post the body points to, ``(None, reason)`` otherwise."""
    language_of = lambda pk: Article.objects.filter(pk=pk).values_list("language", flat=True).first()  # noqa: E731
    for href in record.language_links:
        pk = _resolve(href, record, hosts)
        if pk and language_of(pk) not in (None, record.language):
            return pk, "language-version link"
    others = {pk for href in record.links if (pk := _resolve(href, record, hosts)) and language_of(pk) not in (None, record.language)}
    if len(others) == 1:
        return others.pop(), "link to the other language"
    return None, "ambiguous" if others else ""


def _pair_by_links(record, hosts, report, by):
    if not (record.links or record.language_links):
        if not _is_paired(record):
            report.unpaired += 1
        return
    pk, method = _counterpart(record, hosts)
    if pk is None:
        if method == "ambiguous":
            report.warn(record.site, record.wp_id, record.title, "links to several posts of the other language: not paired")
        if not _is_paired(record):
            report.unpaired += 1
        return
    article = Article.objects.get(pk=record.article_id)
    _link(article, Article.objects.get(pk=pk), method=method, record=record, report=report, by=by)


def _is_paired(record):
    article = Article.objects.filter(pk=record.article_id).only("translation_key").first()
    return article is not None and Article.objects.versions_of(article).exists()


def _rewrite_links(record, hosts, report, by):
    """Point links to imported posts at their new addresses; drop a paragraph linking only to the counterpart."""
    if not record.links:
        return
    article = Article.objects.get(pk=record.article_id)
    versions = set(Article.objects.versions_of(article).values_list("pk", flat=True))
    run_hosts = {url_key(f"http://{host}/")[0] for host in hosts.values() if host}
    targets = {}

    def new_address(href):
        if href not in targets:
            pk = _resolve(href, record, hosts)
            targets[href] = Article.objects.get(pk=pk).get_absolute_url() if pk else None
            key = url_key(href, default_host=hosts.get(record.site, ""))
            if pk is None and key and key[0] in run_hosts:
                report.dangling_links += 1
                report.warn(record.site, record.wp_id, record.title, f"link to {href} matches no imported post")
        return targets[href]

    body = content.drop_paragraphs_linking_only_to(article.body, lambda href: _resolve(href, record, hosts) in versions)
    body, changed = content.rewrite_links(body, new_address)
    if body != article.body:
        with transaction.atomic():
            article.body = body
            save_article(article=article, by=by, refresh_suggestions=False)
        report.links_rewritten += changed


def _featured_image(record, uploads, report, by):
    """Attach the post's featured image from the uploads copy, unless the article already has one."""
    article = Article.objects.get(pk=record.article_id)
    if article.image:
        report.images["already there"] += 1
        return
    attachment = ImportedPost.objects.filter(site=record.site, wp_id=record.thumbnail_id, post_type="attachment").first()
    if attachment is None or not attachment.attached_file:
        report.images["attachment missing"] += 1
        report.warn(record.site, record.wp_id, record.title, f"featured image {record.thumbnail_id} is not in the export")
        return
    path = os.path.realpath(os.path.join(uploads, attachment.attached_file))
    if not path.startswith(os.path.realpath(uploads) + os.sep) or not os.path.isfile(path):
        report.images["file missing"] += 1
        report.warn(record.site, record.wp_id, record.title, f"featured image file {attachment.attached_file} not found in the uploads")
        return
    try:
        with transaction.atomic(), open(path, "rb") as handle:
            article.image = File(handle, name=os.path.basename(path))
            article.image_caption = attachment.image_caption[:300]
            article.image_credit = attachment.image_credit[:150]
            save_article(article=article, by=by, refresh_suggestions=False)
    except ValidationError as error:
        report.images["refused"] += 1
        report.warn(record.site, record.wp_id, record.title, f"featured image refused: {' '.join(error.messages)}")
        return
    report.images["attached"] += 1
