"""Links between the language versions of a story, and whether they are in step.

The link itself is ``Article.translation_key``: versions of one story share it,
and the database allows one article per language for each key, so a link can
never be one-sided or contradictory. This app adds what the key cannot say:

* ``TranslationSource``: for a translated version, the article it was
  translated from and how that source read when the translation was last
  marked as in step. Comparing the snapshot with the source today tells an
  editor whether the translation is outdated, and what changed.
* ``TranslationEvent``: the audit trail (who linked, unlinked, created or
  marked a version, and when). It stores titles as text so it stays readable
  after an article is deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.editions import language_name
from articles.fields import text_fingerprint
from articles.models import TEXT_FIELDS, Article

#: The source fields a translation follows; a change in any of them makes it outdated.
TRACKED_FIELDS = TEXT_FIELDS


class TranslationState(models.TextChoices):
    """Where one language version of a story stands."""

    ORIGINAL = "original", pgettext_lazy("translation state", "Original")
    UP_TO_DATE = "up_to_date", pgettext_lazy("translation state", "Up to date")
    OUTDATED = "outdated", pgettext_lazy("translation state", "Outdated")
    MISSING = "missing", pgettext_lazy("translation state", "Missing")


class TranslationSourceQuerySet(models.QuerySet):
    def outdated(self):
        """Records whose source's text changed since the snapshot: two short fingerprints compared, not texts."""
        return self.exclude(source_fingerprint=models.F("source__text_fingerprint"))


class TranslationSource(models.Model):
    """A translated version's source article, as it read when the translation was last in step.

    The snapshot holds the source's raw fields, for the diff of what changed,
    and their fingerprint: comparing it with the source's current one lets the
    translation queue find outdated versions in one cheap query.
    """

    translation = models.OneToOneField(
        Article,
        verbose_name=_("translation"),
        on_delete=models.CASCADE,
        related_name="translation_source",
    )
    # Deleting the source ends the record, never the translation: the
    # translation is then alone in its story, so it is simply unlinked.
    source = models.ForeignKey(
        Article,
        verbose_name=_("source article"),
        on_delete=models.CASCADE,
        related_name="translations_made",
    )
    source_title = models.CharField(_("source title when in step"), max_length=255)
    source_summary = models.TextField(_("source summary when in step"), blank=True)
    source_body = models.TextField(_("source body when in step"), blank=True)
    source_fingerprint = models.CharField(_("fingerprint of the source text when in step"), max_length=32, default="")
    marked_at = models.DateTimeField(_("last marked up to date"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked up to date by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = TranslationSourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation source")
        verbose_name_plural = _("translation sources")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(translation=models.F("source")),
                name="translation_source_is_another_article",
            ),
        ]

    def __str__(self):
        return _("“%(translation)s”, translated from “%(source)s”") % {
            "translation": self.translation,
            "source": self.source,
        }

    def take_snapshot(self):
        """Remember the source's tracked fields as they are now, and their fingerprint."""
        for field in TRACKED_FIELDS:
            setattr(self, f"source_{field}", getattr(self.source, field))
        self.source_fingerprint = self.snapshot_fingerprint()

    def snapshot_fingerprint(self):
        """The fingerprint of the snapshot, computed as ``Article.text_fingerprint`` is."""
        return text_fingerprint(*(getattr(self, f"source_{field}") for field in TRACKED_FIELDS))

    def changed_fields(self):
        """The tracked fields of the source that differ from the snapshot."""
        return [field for field in TRACKED_FIELDS if getattr(self.source, field) != getattr(self, f"source_{field}")]

    @property
    def is_outdated(self):
        """Whether the source's text changed since the snapshot (as ``outdated()`` decides it in SQL)."""
        return self.source_fingerprint != self.source.text_fingerprint


class TranslationEvent(models.Model):
    """One entry of the audit trail of a story's versions."""

    class Action(models.TextChoices):
        LINKED = "linked", pgettext_lazy("translation event", "Linked")
        UNLINKED = "unlinked", pgettext_lazy("translation event", "Unlinked")
        CREATED = "created", pgettext_lazy("translation event", "Version created")
        MARKED = "marked", pgettext_lazy("translation event", "Marked up to date")
        DELETED = "deleted", pgettext_lazy("translation event", "Version deleted")

    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    # SET_NULL keeps the trail when an article is deleted; the title columns keep it readable.
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation_events",
    )
    article_title = models.CharField(_("article title"), max_length=255)
    article_language = models.CharField(_("article language"), max_length=8)
    counterpart = models.ForeignKey(
        Article,
        verbose_name=_("other version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation_events_as_counterpart",
    )
    counterpart_title = models.CharField(_("other version's title"), max_length=255, blank=True)
    counterpart_language = models.CharField(_("other version's language"), max_length=8, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("translation event")
        verbose_name_plural = _("translation events")

    def __str__(self):
        return f"{self.get_action_display()}: {self.article_title}"

    @property
    def article_language_name(self):
        return language_name(self.article_language)

    @property
    def counterpart_language_name(self):
        return language_name(self.counterpart_language) if self.counterpart_language else ""


class TranslationQueueEntry(Article):
    """The translators' to-do list, shown as an admin changelist.

    A proxy of ``Article``: each entry is a published article with no version
    in another language, or a version whose source changed since it was last
    marked up to date (``selectors.translation_queue``).
    """

    class Meta:
        proxy = True
        verbose_name = _("translation queue entry")
        verbose_name_plural = _("translation queue")
