"""What an import remembers of each WordPress item, so running it again updates instead of duplicating.

An ``ImportedPost`` is keyed by the source site and the WordPress id: the
same file imported twice meets its own rows. It keeps what the second pass
needs after the file is read (links found in the body, the Polylang group,
the featured image's attachment) so pairing and link rewriting never hold a
whole archive in memory.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class ImportedPost(models.Model):
    site = models.CharField(_("source site"), max_length=255, help_text=_("Host and path of the WordPress site."))
    wp_id = models.PositiveBigIntegerField(_("WordPress id"))
    post_type = models.CharField(_("post type"), max_length=40)
    language = models.CharField(_("language"), max_length=8, blank=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    link = models.CharField(_("permalink"), max_length=1000, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=32, blank=True, help_text=_("Of the item as exported."))
    translation_group = models.CharField(_("Polylang translation group"), max_length=100, blank=True)
    links = models.JSONField(_("links in the body"), default=list, blank=True)
    language_links = models.JSONField(_("links to the other language version"), default=list, blank=True)
    thumbnail_id = models.PositiveBigIntegerField(_("featured image (attachment id)"), null=True, blank=True)
    attached_file = models.CharField(_("attached file"), max_length=500, blank=True)
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress post")
        verbose_name_plural = _("imported WordPress posts")
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="unique_imported_post")]
        indexes = [models.Index(fields=["site", "translation_group"], name="imported_post_group_idx")]

    def __str__(self):
        return f"{self.site} #{self.wp_id}"
