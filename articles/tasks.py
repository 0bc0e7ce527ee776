"""Background jobs of the articles app: related-suggestion refreshes, image copies, the work of stories going live.

Each job takes an article id (the image job a file name) and re-reads the article when it runs, so it
acts on what is committed then, and running it twice does no harm. They are
enqueued by ``articles.services`` only, with the write that called for them.
"""

from jobs.queue import background_job

from . import page_cache, services
from .models import Article


@background_job
def refresh_suggestions(*, article_id):
    """Recompute the suggestions of one story and of the stories it may appear under."""
    article = Article.objects.filter(pk=article_id).first()
    # A story deleted since has nothing to refresh: deleting queued the lists that suggested it.
    if article is not None:
        services.refresh_related_suggestions(article=article)


@background_job
def refresh_own_suggestions(*, article_id):
    """Recompute one story's own list: what its editor pins or excludes changes no other list."""
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        services.refresh_suggestions_for(article=article)


@background_job
def story_went_live(*, article_id):
    """The work due when a scheduled story reaches its publication time.

    Its suggestions and its neighbours' are refreshed (stories saved since may
    have changed them), and the pages that now show it are purged (their
    lifetime already ends at its publication time; this makes it exact).
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is not None and article.is_live:
        page_cache.purge_article(article)
        services.refresh_related_suggestions(article=article)


@background_job
def make_image_variants(*, name):
    """Make the resized copies of one stored image (``articles/variants.py``) and show them.

    Takes the file's name, not an article: the language versions of a story
    share the file, and its copies serve them all. A file that cannot be read
    fails the job (retried, then shown failed in the admin); the pages keep
    showing the original meanwhile.
    """
    services.make_image_variants(name=name)


@background_job
def refresh_stale_suggestions():
    """Bring every stale story's suggestions up to date, and its neighbours' (after a bulk import)."""
    services.refresh_stale_suggestions()


@background_job
def flush_reads():
    """Write the article reads counted in the cache since the last flush (``articles/reads.py``)."""
    from . import reads

    return reads.flush_reads()
