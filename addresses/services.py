"""Writes of old addresses: remembering where an article used to answer, and what was taken down.

``remember_addresses`` is called by importers; the receivers below are
connected to the articles app's signals (``addresses/apps.py``), so a slug
changed, an article unpublished or deleted through ``articles.services``
keeps its public addresses answering: 301 to where it is now, or 410 Gone.
"""

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from .keys import normalize_host, url_key
from .models import OldAddress, OldHost


@transaction.atomic
def remember_addresses(*, article, urls, reason=OldAddress.Reason.IMPORTED, default_host="", was_public=False):
    """Make each of *urls* (absolute, or site-relative on *default_host*) answer with *article*; return the keys.

    An address already pointing at another article is moved to this one: the
    latest write wins, as it does for the article itself.
    """
    keys = {key for url in urls if (key := url_key(url, default_host=default_host))}
    for host, path in keys:
        defaults = {"article": article, "reason": reason, "was_public": was_public}
        OldAddress.objects.update_or_create(host=host, path=path, defaults=defaults)
    return keys


def article_address(*, language, slug):
    """The reader address of the article *slug* in edition *language* (as the site serves it)."""
    with translation.override(language):
        return reverse("articles:article", kwargs={"slug": slug})


def _taken_down(article, language, slug):
    """*article* was live at *language*/*slug* and readers can no longer see it: its addresses answer 410."""
    OldAddress.objects.filter(article=article).update(was_public=True)
    url = article_address(language=language, slug=slug)
    remember_addresses(article=article, urls=[url], reason=OldAddress.Reason.TAKEN_DOWN, was_public=True)


def on_article_saved(sender, *, article, previous=None, **kwargs):
    """A live article's old address follows a slug (or edition) change; one taken down answers 410."""
    if previous is None or not previous.was_live:
        return
    if (previous.slug, previous.language) != (article.slug, article.language):
        url = article_address(language=previous.language, slug=previous.slug)
        remember_addresses(article=article, urls=[url], reason=OldAddress.Reason.SLUG_CHANGED, was_public=True)
    if not article.is_live:
        _taken_down(article, article.language, article.slug)


def on_articles_saved_in_bulk(sender, *, articles, previous=None, **kwargs):
    """``on_article_saved`` for a bulk save: the old addresses of live articles whose slug changed, in one statement.

    An article taken down by the save (rare in bulk work: an editorial decision)
    is handled as one saved alone.
    """
    previous = previous or {}
    moved, taken_down = [], []
    for article in articles:
        before = previous.get(article.pk)
        if before is None or not before.was_live:
            continue
        if (before.slug, before.language) != (article.slug, article.language):
            moved.append((article, [article_address(language=before.language, slug=before.slug)]))
        if not article.is_live:
            taken_down.append(article)
    if moved:
        remember_addresses_in_bulk(entries=moved, reason=OldAddress.Reason.SLUG_CHANGED, was_public=True)
    for article in taken_down:
        _taken_down(article, article.language, article.slug)


def on_articles_deleting(sender, *, articles, **kwargs):
    """Keep the public addresses of articles about to be deleted, as tombstones (no article: 410 Gone)."""
    for article in articles:
        if article.is_live:
            _taken_down(article, article.language, article.slug)
    OldAddress.objects.filter(article__in=[article.pk for article in articles], was_public=True).update(article=None)



@transaction.atomic
def remember_addresses_in_bulk(*, entries, reason=OldAddress.Reason.IMPORTED, default_host="", was_public=False):
    """``remember_addresses`` for many articles in one statement; *entries* are ``(article, urls)``.

    Returns how many addresses were remembered (each article's own, counted
    as ``remember_addresses`` counts them). As there, the latest write wins:
    an address already stored, or named twice here, ends with the last article.
    """
    rows, count = {}, 0
    for article, urls in entries:
        keys = {key for url in urls if (key := url_key(url, default_host=default_host))}
        count += len(keys)
        for key in keys:
            rows[key] = article.pk
    if connection.vendor == "postgresql":
        _upsert_addresses(rows, reason, was_public)
    else:
        OldAddress.objects.bulk_create(
            [OldAddress(host=host, path=path, article_id=pk, reason=reason, was_public=was_public) for (host, path), pk in rows.items()],
            update_conflicts=True, unique_fields=["host", "path"], update_fields=["article", "reason", "was_public"],
        )  # fmt: skip
    return count


def _upsert_addresses(rows, reason, was_public):
    """``{(host, path): article id}`` written with one INSERT … ON CONFLICT from arrays (PostgreSQL).

    What ``bulk_create(update_conflicts=True)`` writes, without a model
    instance per address: an importer's batch names thousands.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    hosts, paths, ids = ([host for host, _path in rows], [path for _host, path in rows], list(rows.values()))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(OldAddress._meta.db_table)} (host, path, article_id, reason, was_public, created_at) "
            "SELECT host, path, article_id, %s, %s, %s FROM unnest(%s::varchar[], %s::varchar[], %s::bigint[]) "
            "AS row (host, path, article_id) "
            "ON CONFLICT (host, path) DO UPDATE SET article_id = EXCLUDED.article_id, reason = EXCLUDED.reason, "
            "was_public = EXCLUDED.was_public",
            [reason, was_public, timezone.now(), hosts, paths, ids],
        )


def remember_old_hosts(sites):
    """Keep the hosts of old sites now pointing here (``{host: languages its posts were in}``); return them.

    Their home, feed and archive pages then answer with this site's
    (``addresses.archives``). A host met for the first time leads to the
    edition of its one language, or to none (the reader's language chooses)
    when its posts were in several; a host kept before keeps the edition the
    desk may have chosen, unless a second language shows up on it.
    """
    kept = []
    for host, languages in sites.items():
        host = normalize_host(host)
        if not host or len(host) > OldHost._meta.get_field("host").max_length or not languages:
            continue  # no name, or none a reader could type (a hostile export's)
        only = next(iter(languages)) if len(languages) == 1 else ""
        old_host, created = OldHost.objects.get_or_create(host=host, defaults={"language": only})
        if not created and old_host.language and set(languages) - {old_host.language}:
            old_host.language = ""
            old_host.save(update_fields=["language"])
        kept.append(old_host)
    return kept
