"""Old addresses of what is not imported as an article: pages and attachment pages.

Pages (About us, Contact…) are not articles and are not invented here: a
published page whose old address nothing on this site answers (it would be a
plain 404) is listed in the report, so the newsroom can recreate it.

An attachment (an image) had a page of its own on WordPress, at
``/?attachment_id=N`` and at its permalink (``/2024/05/post-slug/photo/``).
For an image that is the featured image of an imported post, those addresses
now answer with a 301 to that article: the image is there. Its file URL
(``/wp-content/uploads/…``) is left alone: an image address must never turn
into a web page.
"""

from django.urls import is_valid_path
from django.utils import translation

from addresses.keys import url_key
from addresses.selectors import article_id_at
from addresses.services import remember_addresses_in_bulk
from articles.editions import LANGUAGE_CODES
from articles.models import Article

from .models import ImportedPost

BATCH = 500


def answers_here(url, *, default_host=""):
    """Whether this site answers *url*'s path: one of its own pages, or an old address kept."""
    key = url_key(url, default_host=default_host)
    if key is None:
        return False
    host, path = key
    if article_id_at(host=host, path=path) is not None:
        return True
    if "?" in path:  # /?p=ID: only an old address can answer it
        return False
    slashed = path.rstrip("/") + "/"
    for code in LANGUAGE_CODES:
        with translation.override(code):
            if is_valid_path(slashed) or is_valid_path(f"/{code}{slashed}"):
                return True
    return False


def note_page(item, *, source, report):
    """List a published page whose old address would now be a 404 (pages are not imported)."""
    if item.status != "publish" or not item.link:
        return
    if not answers_here(item.link, default_host=source.host):
        report.pages_left.append([item.post_id, item.title, item.link])


def keep_attachment_addresses(*, sites, report):
    """Make the attachment pages of imported posts' featured images answer with the post's article.

    Streamed in batches (the first post using an image wins), so memory does not grow with the archive.
    """
    for site in sites:
        posts = (
            ImportedPost.objects.filter(site=site.key, post_type="post", article__isnull=False, thumbnail_id__isnull=False)
            .order_by("thumbnail_id", "pk").values_list("thumbnail_id", "article_id")
        )
        batch, previous = {}, None
        for thumbnail_id, article_id in posts.iterator(chunk_size=BATCH):
            if thumbnail_id == previous:
                continue
            batch[thumbnail_id], previous = article_id, thumbnail_id
            if len(batch) == BATCH:
                _keep_batch(site, batch, report)
                batch = {}
        _keep_batch(site, batch, report)


def _keep_batch(site, article_of, report):
    """*article_of*: attachment id -> the id of the article of the first post using it."""
    if not article_of:
        return
    base = site.base_url.rstrip("/")
    articles = Article.objects.only("pk").in_bulk(set(article_of.values()))
    entries = []
    found = ImportedPost.objects.filter(site=site.key, post_type="attachment", wp_id__in=list(article_of))
    for wp_id, link in found.values_list("wp_id", "link"):
        urls = [f"{base}/?attachment_id={wp_id}"]
        if link and "/wp-content/" not in link:  # the attachment's page, never its file
            urls.append(link)
        entries.append((articles[article_of[wp_id]], urls))
    if entries:
        report.attachment_addresses += remember_addresses_in_bulk(entries=entries, default_host=site.host)
