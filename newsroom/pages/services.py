"""Writing site pages: the one path, shared by the admin and the demo loader.

A page's reader page is cached with the key of its story of versions
(``page_key``), since each version's language switch shows the other: a save
or a deletion purges exactly that key (and the old one when a page leaves a
story), so the change shows at once and no other cached page is touched.
"""

import uuid

from django.db import transaction

from articles import page_cache

from .models import SitePage


def page_key(translation_key):
    """The page-cache key of every version of one page."""
    return f"site-page-{translation_key}"


@transaction.atomic
def save_site_page(*, page: SitePage, counterpart: SitePage | None = None, unlink: bool = False) -> SitePage:
    """Check and save *page*; with *counterpart*, it becomes that page's version in its language.

    With *unlink*, the page leaves its story of versions and stands alone.
    Raises ``ValidationError`` (nothing is written) for a taken slug or a
    counterpart that cannot take this version.
    """
    previous = SitePage.objects.filter(pk=page.pk).values_list("translation_key", flat=True).first() if page.pk else None
    if counterpart is not None:
        page.check_counterpart(counterpart)
        page.translation_key = counterpart.translation_key
    elif unlink:
        page.translation_key = uuid.uuid4()
    page.full_clean()
    page.save()
    page_cache.purge(page_key(page.translation_key), page_key(previous) if previous else None)
    return page


@transaction.atomic
def delete_site_pages(*, pages) -> None:
    for page in pages:
        page.delete()
    page_cache.purge(*(page_key(page.translation_key) for page in pages))
