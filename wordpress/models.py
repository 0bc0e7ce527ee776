"""What an import remembers of each WordPress item, so running it again updates instead of duplicating.

An ``ImportedPost`` is keyed by the source site and the WordPress id: the
same file imported twice meets its own rows. It keeps what the second pass
needs after the file is read (links found in the body, the Polylang group,
the featured image's attachment) so pairing and link rewriting never hold a
whole archive in memory, and which attachment's file the article's image came
from, so a later run knows when WordPress's featured image changed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    # The article's ``edit_version`` as the import last left it: a different number on the article means
    # someone saved it in Newsroom since, and a re-import keeps their version (unless told to overwrite).
    # Null for posts imported before this was kept: unknown, taken as not edited, so an earlier import is
    # updated as it always was (taking each as edited would freeze every post of it); the next write
    # of the post records its number.
    article_version = models.PositiveIntegerField(
        _("article's version as imported"), null=True, blank=True,
        help_text=_("The article's edit version when the import last wrote it; empty: imported before this was kept."),
    )
    translation_group = models.CharField(_("Polylang translation group"), max_length=100, blank=True)
    links = models.JSONField(_("links in the body"), default=list, blank=True)
    language_links = models.JSONField(_("links to the other language version"), default=list, blank=True)
    thumbnail_id = models.PositiveBigIntegerField(_("featured image (attachment id)"), null=True, blank=True)
    attached_file = models.CharField(_("attached file"), max_length=500, blank=True)
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=150, blank=True)
    image_alt = models.CharField(_("image description (alt text)"), max_length=300, blank=True)
    # Where the article's featured image came from when the import stored it (``linking._attach``): the
    # attachment, its ``_wp_attached_file`` then, and the name the image was stored under. A later run
    # replaces the image when WordPress's is another one now, unless the article was edited in Newsroom
    # since or holds another image (an editor's). Empty: no image stored by the import, or stored before
    # this was kept; an image there is then left as it is.
    image_attachment_id = models.PositiveBigIntegerField(_("image taken from attachment"), null=True, blank=True)
    image_attached_file = models.CharField(_("image taken from file"), max_length=500, blank=True)
    image_stored_as = models.CharField(_("image stored as"), max_length=100, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress post")
        verbose_name_plural = _("imported WordPress posts")
        constraints = [models.UniqueConstraint(fields=["site", "wp_id"], name="unique_imported_post")]
        indexes = [
            models.Index(fields=["site", "translation_group"], name="imported_post_group_idx"),
            # An old upload address is looked up by its file (``wordpress.selectors``): only posts with an image.
            models.Index(fields=["image_attached_file"], name="imported_post_image_file_idx",
                         condition=~models.Q(image_attached_file="")),
        ]

    def __str__(self):
        return f"{self.site} #{self.wp_id}"

    @staticmethod
    def edited_since_import(article_version, edit_version):
        """Whether an article now at *edit_version* was saved in Newsroom since the import left it at *article_version*.

        A static rule of the two numbers, for records read as plain rows too.
        Null (imported before the number was kept) counts as not edited.
        """
        return article_version is not None and article_version != edit_version


class ImportRun(models.Model):
    """One import started from the admin: its files, its options, how far it got and its report.

    The job (``wordpress.tasks.run_import``) fills it in as it goes; the admin
    only reads it. ``heartbeat_at`` moves with the progress, so a second
    worker handed the same run (a worker taken for dead) leaves a live one alone.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("import status", "Waiting")
        RUNNING = "running", pgettext_lazy("import status", "Running")
        DONE = "done", pgettext_lazy("import status", "Done")
        FAILED = "failed", pgettext_lazy("import status", "Failed")

    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    files = models.JSONField(_("files"), default=list, help_text=_("Names as uploaded, and where the job reads them."))
    language = models.CharField(_("language"), max_length=8, blank=True)
    uploads = models.JSONField(
        _("featured images from"), default=dict, blank=True,
        help_text=_("A folder under the uploads root, or an uploaded zip (its name, and where the job reads it)."),
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    overwrite_edits = models.BooleanField(
        _("overwrite edits"), default=False,
        help_text=_("When ticked, posts edited in Newsroom since their last import were given WordPress's version."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    done = models.PositiveIntegerField(_("items read"), default=0)
    total = models.PositiveIntegerField(_("items in the files"), default=0)
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("WordPress import")
        verbose_name_plural = _("WordPress imports")
        ordering = ["-created_at", "-pk"]
        permissions = [("run_import", _("Can import from WordPress"))]

    def __str__(self):
        names = ", ".join(file["name"] for file in self.files)
        return f"{names} ({self.get_status_display()})"
