"""Links between the language versions of a story, and whether they are in step.

The link itself is ``Article.translation_key``: versions of one story share it,
and the database allows one article per language for each key, so a link can
never be one-sided or contradictory. This app adds what the key cannot say:

* ``TranslationSource``: for a translated version, the article it was
  translated from and how that source read when the translation was last
  marked as in step. Comparing the snapshot with the source today tells an
  editor whether the translation is outdated, and what changed.
  It also holds the version's working **stage** (not started, in
  translation, ready for review, up to date): the one stored part of its
  translation state. "Outdated" is never stored: it is an up-to-date version
  whose source's fingerprint moved on (``TranslationSource.state``).
* ``TranslationEvent``: the audit trail (who linked, unlinked, created,
  assigned, moved or marked a version, and when). It stores titles as text so
  it stays readable after an article is deleted.
* ``TranslationQueueEntry``: the translators' to-do list, one row per story
  and language that needs work, kept in step with the states above by
  ``services.sync_queue`` (every write that can change a state calls it), so
  the queue is an indexed read however large the archive.
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
    """Where one language version of a story stands: the names the panel, the queue and the filters share."""

    ORIGINAL = "original", pgettext_lazy("translation state", "Original")
    MISSING = "missing", pgettext_lazy("translation state", "Missing")
    NOT_STARTED = "not_started", pgettext_lazy("translation state", "Not started")
    IN_TRANSLATION = "in_translation", pgettext_lazy("translation state", "In translation")
    READY_FOR_REVIEW = "ready_for_review", pgettext_lazy("translation state", "Ready for review")
    UP_TO_DATE = "up_to_date", pgettext_lazy("translation state", "Up to date")
    OUTDATED = "outdated", pgettext_lazy("translation state", "Outdated")


class Stage(models.TextChoices):
    """The stored part of a translated version's state: where the translators' work on it stands.

    Only a person reaches ``UP_TO_DATE`` (``services.mark_up_to_date``); a new
    version starts ``NOT_STARTED`` even though its text is a copy of the source.
    """

    NOT_STARTED = TranslationState.NOT_STARTED.value, TranslationState.NOT_STARTED.label
    IN_TRANSLATION = TranslationState.IN_TRANSLATION.value, TranslationState.IN_TRANSLATION.label
    READY_FOR_REVIEW = TranslationState.READY_FOR_REVIEW.value, TranslationState.READY_FOR_REVIEW.label
    UP_TO_DATE = TranslationState.UP_TO_DATE.value, TranslationState.UP_TO_DATE.label


#: The states that put a version (or a missing one) in the translation queue.
QUEUED_STATES = (
    TranslationState.MISSING,
    TranslationState.NOT_STARTED,
    TranslationState.IN_TRANSLATION,
    TranslationState.READY_FOR_REVIEW,
    TranslationState.OUTDATED,
)

#: Which stage a translator may move a version to, from each state (marking up to date is a reviewer's step).
TRANSLATOR_MOVES = {
    TranslationState.NOT_STARTED: (Stage.IN_TRANSLATION,),
    TranslationState.IN_TRANSLATION: (Stage.READY_FOR_REVIEW,),
    TranslationState.READY_FOR_REVIEW: (Stage.IN_TRANSLATION,),
    TranslationState.OUTDATED: (Stage.IN_TRANSLATION,),
    TranslationState.UP_TO_DATE: (Stage.IN_TRANSLATION,),
}


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
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NOT_STARTED)
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
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
        # Translators move a version through its stages; declaring it in step with the source is a reviewer's call.
        permissions = [("mark_translation_up_to_date", _("Can mark a translation as up to date"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(translation=models.F("source")),
                name="translation_source_is_another_article",
            ),
            models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="translation_stage_is_known"),
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

    @property
    def state(self) -> str:
        """The version's translation state: its stage, except that an up-to-date version whose source moved on is outdated."""
        if self.stage == Stage.UP_TO_DATE and self.is_outdated:
            return TranslationState.OUTDATED
        return self.stage

    @property
    def is_untouched(self) -> bool:
        """Whether the translation still reads exactly as the source did (a fresh copy nobody has translated)."""
        return self.translation.text_fingerprint == self.source_fingerprint


class TranslationEvent(models.Model):
    """One entry of the audit trail of a story's versions."""

    class Action(models.TextChoices):
        LINKED = "linked", pgettext_lazy("translation event", "Linked")
        UNLINKED = "unlinked", pgettext_lazy("translation event", "Unlinked")
        CREATED = "created", pgettext_lazy("translation event", "Version created")
        MARKED = "marked", pgettext_lazy("translation event", "Marked up to date")
        STAGE = "stage", pgettext_lazy("translation event", "Stage changed")
        ASSIGNED = "assigned", pgettext_lazy("translation event", "Assigned")
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
    #: What the event set, in words (the new stage, or who it was assigned to and by when).
    detail = models.CharField(_("detail"), max_length=255, blank=True)
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


class TranslationQueueEntry(models.Model):
    """One story and language that needs a translator: a missing version, or a version not yet in step.

    Derived data with its own facts: ``need`` and ``queued_at`` are recomputed
    from the versions by ``services.sync_queue`` whenever a write can change
    them; ``assignee`` and ``due_date`` are set by people and kept for as long
    as the work stays in the queue. A missing version waits from the source's
    publication time, so a scheduled story joins the queue when it goes live
    (the selector compares ``queued_at`` with the database clock).
    """

    story = models.UUIDField(_("story"), db_index=True)
    language = models.CharField(_("language"), max_length=8)
    need = models.CharField(_("state"), max_length=20, choices=[(state.value, state.label) for state in QUEUED_STATES])
    source = models.ForeignKey(
        Article, verbose_name=_("source"), on_delete=models.CASCADE, related_name="queue_entries_as_source"
    )
    translation = models.ForeignKey(
        Article,
        verbose_name=_("translation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="queue_entries",
    )
    queued_at = models.DateTimeField(_("waiting since"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True, "is_active": True},
        related_name="translation_queue_entries",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation queue entry")
        verbose_name_plural = _("translation queue")
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["story", "language"], name="one_queue_entry_per_story_language"),
            models.CheckConstraint(condition=models.Q(need__in=[state.value for state in QUEUED_STATES]), name="queue_need_is_known"),
            # A missing version has no article; every other need is about one.
            models.CheckConstraint(
                condition=models.Q(need=TranslationState.MISSING, translation__isnull=True)
                | (~models.Q(need=TranslationState.MISSING) & models.Q(translation__isnull=False)),
                name="queue_translation_iff_not_missing",
            ),
        ]
        indexes = [
            models.Index(models.F("queued_at").desc(), models.F("id").desc(), name="queue_newest_first"),
            models.Index("assignee", models.F("queued_at").desc(), name="queue_by_assignee"),
            models.Index("need", models.F("queued_at").desc(), name="queue_by_need"),
        ]

    def __str__(self):
        return _("%(title)s → %(language)s") % {"title": self.source.title, "language": language_name(self.language)}

    @property
    def need_label(self):
        return TranslationState(self.need).label

    @property
    def language_name(self):
        return language_name(self.language)
