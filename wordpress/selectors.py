"""Reads of what an import left for readers: where the image an old upload address showed lives now.

Readers, search engines' image results and old social cards link a
WordPress site's uploads (``/wp-content/uploads/2024/05/market.jpg``, or
one of the sizes WordPress cut from it, ``market-1024x683.jpg``). The import
copied each imported post's featured image into this site's media and
remembers which file it came from (``ImportedPost.image_attached_file``);
that address answers with the image as it is stored now, while the article
is live and still shows it. Images in bodies were not imported: their
addresses stay 404s.
"""

import re

from addresses.keys import normalize_host
from articles.models import Article

from .models import ImportedPost

#: A copy WordPress cut at another size (``photo-1024x683.jpg`` of ``photo.jpg``).
SIZED_COPY = re.compile(r"-[0-9]{1,5}x[0-9]{1,5}(?=\.[A-Za-z0-9]{2,5}$)")
#: WordPress 5.3+ keeps a large upload as ``photo-scaled.jpg`` (the attached file) beside ``photo.jpg``.
SCALED = re.compile(r"-scaled(?=\.[A-Za-z0-9]{2,5}$)")
EXTENSION = re.compile(r"(?=\.[A-Za-z0-9]{2,5}$)")
#: Longest attached file kept (``ImportedPost.image_attached_file``).
MAX_NAME = 500


def upload_names(name):
    """The ``_wp_attached_file`` values an upload address may be a copy of: itself, its original, their "-scaled" twins."""
    name = name.strip("/")
    originals = {name, SIZED_COPY.sub("", name, count=1)}
    names = set(originals)
    for original in originals:
        unscaled = SCALED.sub("", original, count=1)
        names |= {unscaled, EXTENSION.sub("-scaled", unscaled, count=1)}
    return names


def image_of_upload(host, name):
    """The address of the image the old upload *name* on *host* showed, now the featured image of a live article; or ``None``.

    The host's own site is preferred (two sites both had ``2024/05/photo.jpg``);
    on another host a file only one site had still answers. Not when the
    article is not live, nor when it shows another image now (an editor's).
    """
    if len(name) > MAX_NAME or "\x00" in name:
        return None
    records = list(
        ImportedPost.objects.filter(post_type="post", image_attached_file__in=upload_names(name), article__isnull=False)
        .exclude(image_stored_as="").only("site", "article_id", "image_stored_as").order_by("pk")[:20]
    )
    host = normalize_host(host)
    own = [record for record in records if record.site.split("/")[0] == host]
    if not own and len({record.site for record in records}) != 1:
        return None
    stored = {record.article_id: record.image_stored_as for record in own or records}
    # With its dimension fields: an image field reads them as the row loads (a query each if deferred).
    for article in Article.objects.published().filter(pk__in=stored).only("image", "image_width", "image_height").order_by("pk"):
        if article.image and article.image.name == stored[article.pk]:
            return article.image.url
    return None
