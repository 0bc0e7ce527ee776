"""Writing footer links: the one path, shared by the admin and the demo loader.

Every reader page shows the footer, so a change purges the page cache's
``vocabulary`` key, which every reader page depends on.
"""

from django.db import transaction

from articles import page_cache

from .models import FooterLink


@transaction.atomic
def save_footer_link(*, link: FooterLink) -> FooterLink:
    """Check and save *link*; every cached page shows the new footer."""
    link.full_clean()
    link.save()
    page_cache.purge(page_cache.VOCABULARY)
    return link


@transaction.atomic
def delete_footer_links(*, links) -> None:
    for link in links:
        link.delete()
    page_cache.purge(page_cache.VOCABULARY)
