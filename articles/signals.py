"""What the articles app tells the apps built on it, without knowing them.

``articles`` knows neither translations nor the banners (imports flow one
way), yet a save can change what those apps hold about an article: whether
its translation is outdated, whether its story now needs a version in another
language. The write path sends these signals itself, inside its transaction,
so a receiver's writes commit or roll back with the article's.
"""

from dataclasses import dataclass

from django.dispatch import Signal

#: Sent by ``services.save_article`` after the article (and its tags and authors, when given) is saved.
#: Arguments: ``article``, ``by`` (the staff user, or None for the system), ``previous``: the
#: article as it was stored before this save (``StoredState``), or None for a new article.
article_saved = Signal()

#: Sent by ``services.delete_articles`` just before the articles are deleted, while their rows
#: (and rows pointing at them) still exist. Arguments: ``articles``.
articles_deleting = Signal()

#: Sent by ``services.delete_articles`` after the articles are deleted.
#: Arguments: ``stories`` (the ``translation_key`` of each deleted article).
articles_deleted = Signal()


@dataclass(frozen=True)
class StoredState:
    """What an article was before a save: where it answered, and whether readers could see it."""

    slug: str
    language: str
    was_live: bool


#: Sent by ``services.save_articles_in_bulk`` and ``services.update_articles_in_bulk`` once for all the
#: articles of one call, inside its transaction, in place of ``article_saved`` for each: a receiver
#: does for them, set-wise, what it does for one saved article. Arguments: ``articles`` (saved, new
#: or changed), ``by``, ``previous``: ``{pk: StoredState}`` of each changed article as it was stored
#: before the save (new articles are not in it).
articles_saved_in_bulk = Signal()
