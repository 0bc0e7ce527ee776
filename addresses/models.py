"""Addresses an article used to answer at, kept so old links answer with a 301 to where it is now.

One table for every reason an address moved: a post imported from another
system (its WordPress permalink, ``?p=ID``, guid), an article whose slug an
editor changed (its old ``/<lang>/articles/<slug>/``), and an article taken
down (unpublished or deleted: its last address, kept as a tombstone). Rows are
keyed by host and path (``addresses.keys``): the host tells two old sites
apart that both had a ``/?p=5``; an empty host answers on every host (an
address of this site itself).

An address answers with a 301 while its article is live. Once the article
is unpublished or deleted, an address readers could once follow
(``was_public``) answers 410 Gone; one that never led anywhere public stays a
404, so a draft's addresses are never revealed. A deleted article's public
addresses are kept with no article.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class OldAddress(models.Model):
    class Reason(models.TextChoices):
        IMPORTED = "imported", _("Imported from another site")
        SLUG_CHANGED = "slug", _("Slug changed")
        TAKEN_DOWN = "gone", _("Unpublished or deleted")

    host = models.CharField(_("host"), max_length=255, blank=True, help_text=_("Empty: any host."))
    path = models.CharField(_("path"), max_length=1000, db_index=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="old_addresses",
        null=True,
        blank=True,
        help_text=_("Empty: the article was deleted (the address answers 410 Gone)."),
    )
    was_public = models.BooleanField(
        _("was public"), default=False, help_text=_("Readers could follow it to a live article once.")
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, default=Reason.IMPORTED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [models.UniqueConstraint(fields=["host", "path"], name="unique_old_address")]

    def __str__(self):
        return f"{self.host}{self.path} → {self.article_id}"
