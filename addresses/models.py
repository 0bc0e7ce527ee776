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

from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .keys import normalize_host


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


class OldHost(models.Model):
    """A host an old site answered at, now pointing here: its home, feeds and archive pages answer with ours.

    A post's address is kept row by row (``OldAddress``); the pages around
    the posts are not, because WordPress builds them from a handful of forms
    (``/category/<slug>/``, ``/tag/<slug>/``, ``/author/<name>/``, ``/feed/``,
    the home) that map onto this site's sections, tags, bylines, feeds and
    edition homes (``addresses.archives``). Only hosts kept here get them, so
    this site's own 404s stay 404s. An importer records each site's host; the
    desk may correct its edition or add a host in the admin.
    """

    host = models.CharField(
        _("host"), max_length=255, unique=True, help_text=_("As readers typed it, without “www.” or a port: news.example.org.")
    )
    language = models.CharField(
        _("edition"), max_length=8, blank=True, choices=settings.LANGUAGES,
        help_text=_("Where its home and feed lead. Empty: the old site published both languages, so the "
                    "reader's language chooses the edition, as on this site's own home."),
    )  # fmt: skip
    # WordPress's Settings › Permalinks; the export does not carry them, so the desk says where they differ.
    category_base = models.CharField(
        _("category base"), max_length=100, blank=True, default="category",
        help_text=_("What came before a category's slug in its address (/category/news/). Empty: categories were "
                    "at /news/ itself (an SEO plugin removed the base)."),
    )  # fmt: skip
    tag_base = models.CharField(
        _("tag base"), max_length=100, default="tag", help_text=_("What came before a tag's slug in its address (/tag/aleppo/)."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("old site's host")
        verbose_name_plural = _("old sites' hosts")
        ordering = ["host"]

    def __str__(self):
        return self.host

    def clean(self):
        self.host = normalize_host(self.host)
        if not self.host:
            raise ValidationError({"host": _("Enter a host name, such as news.example.org.")})
        # Written as WordPress shows it (/section/) or as its field holds it (section): kept as the field holds it.
        self.category_base = unquote(self.category_base).strip().strip("/")
        self.tag_base = unquote(self.tag_base).strip().strip("/")
        if not self.tag_base:
            raise ValidationError({"tag_base": _("Enter the tag base; WordPress's own is “tag”.")})
