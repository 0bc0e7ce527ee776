"""Reader-support banners: one appeal, its copy in every edition, and where it runs.

A banner's copy (the lines of the appeal, the button's label and address, an
optional amount line) is translated field by field with modeltranslation
(``translation.py``), so both languages of one appeal live on one row and are
switched on and off together. Whether a banner may go live is decided here, in
``Banner.clean()``, and guarded again by database constraints.

The counters are only ever changed with ``F()`` updates in ``services.py``;
impressions are counted in batches (see ``services.record_impression``) so a
page view never writes to the database by itself.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from articles.editions import LANGUAGE_CODES, language_name
from articles.models import Section

#: The banner's copy: the fields translated per language (``translation.py``), ``<field>_<code>`` in the table.
COPY_FIELDS = ("lines", "amount_line", "cta_label", "cta_url")
#: The copy a live banner needs in every edition it targets: all of it but the optional amount line.
REQUIRED_COPY_FIELDS = tuple(field for field in COPY_FIELDS if field != "amount_line")


#: Said by the form and by the database constraint alike.
HTTPS_ONLY_MESSAGE = _("Enter a secure address that starts with https://, for example https://example.org/support.")


def text_list(items):
    """``"a, b and c"`` in the active language (``"أ، ب وج"`` in Arabic)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return pgettext("list", "%(items)s and %(last)s") % {
        "items": pgettext("list separator", ", ").join(items[:-1]),
        "last": items[-1],
    }


def _cta_url_is_https(code):
    """SQL condition: the button address in language *code* is empty or an https:// one."""
    field = f"cta_url_{code}"
    return (
        models.Q(**{f"{field}__isnull": True})
        | models.Q(**{field: ""})
        | models.Q(**{f"{field}__startswith": "https://"})
    )


def _copy_is_complete(code):
    """SQL condition: the copy in language *code* has every required field (NULL counts as empty)."""
    condition = models.Q()
    for field in REQUIRED_COPY_FIELDS:
        condition &= models.Q(**{f"{field}_{code}__isnull": False, f"{field}_{code}__gt": ""})
    return condition


class SupportPageURLField(models.URLField):
    """The address of a support page: typed without a scheme, it is taken to be HTTPS.

    Said once, on the field, so that every form of it agrees: the admin's, the
    form class itself, and each language's copy of it made by modeltranslation.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})

    def deconstruct(self):
        # Only forms differ: the column, and so the migrations, are a plain URLField's.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs


class BannerQuerySet(models.QuerySet):
    def switched_on(self, now=None):
        """On, and not over yet: what may be live now or later (the reader cache holds these)."""
        now = now or timezone.now()
        return self.filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now), is_active=True)

    def live(self, now=None):
        """On, and ``starts_at <= now < ends_at`` (an empty end means open-ended)."""
        now = now or timezone.now()
        return self.switched_on(now).filter(starts_at__lte=now)


class Banner(models.Model):
    """A reader-support appeal (a campaign), with its copy in each edition."""

    class Placement(models.TextChoices):
        END_OF_ARTICLE = "end", _("End of the article")
        AFTER_PARAGRAPH = "paragraph", _("After a paragraph of the article")
        SITE_FOOTER = "footer", _("Site-wide, above the footer")

    class State(models.TextChoices):
        OFF = "off", _("Off")
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")

    name = models.CharField(
        _("internal name"), max_length=150, help_text=_("For the newsroom only; readers never see it.")
    )
    lines = models.TextField(
        _("appeal"),
        blank=True,
        help_text=_("One line of the appeal per line. The first line is shown as the headline."),
    )
    amount_line = models.CharField(
        _("amount line"),
        max_length=200,
        blank=True,
        help_text=_("Optional, for example: “$1 a month makes a difference.”"),
    )
    cta_label = models.CharField(_("button label"), max_length=80, blank=True)
    cta_url = SupportPageURLField(
        _("button address"),
        max_length=500,
        blank=True,
        # HTTPS only: on a plain-http page anyone on the reader's path could
        # read who gives, or swap the page for a fake one.
        # Its own code: under "invalid" the form would say its generic "Enter a valid URL." instead.
        validators=[URLValidator(schemes=["https"], message=HTTPS_ONLY_MESSAGE, code="not_https")],
        help_text=_("Where the button takes readers of this edition (the support page)."),
    )
    edition = models.CharField(
        _("editions"),
        max_length=8,
        blank=True,
        choices=[("", _("Every edition")), *settings.LANGUAGES],
        help_text=_("The banner needs its copy in every edition it is shown in."),
    )
    is_active = models.BooleanField(
        _("switched on"), default=False, help_text=_("Readers see the banner while it is on and within its schedule.")
    )
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Leave empty to run until switched off.")
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=0,
        help_text=_("Among live banners, only those with the highest priority are shown."),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Banners of equal priority share the page views in proportion to their weights."),
    )
    placement = models.CharField(
        _("placement"), max_length=16, choices=Placement.choices, default=Placement.END_OF_ARTICLE
    )
    paragraph = models.PositiveSmallIntegerField(
        _("after paragraph number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For “after a paragraph”: the banner follows this paragraph (1 is the first)."),
    )
    sections = models.ManyToManyField(
        Section,
        verbose_name=_("only in these sections"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to show the banner in every section."),
    )
    impressions = models.PositiveBigIntegerField(
        _("impressions"),
        default=0,
        editable=False,
        help_text=_("Page views that showed the banner, recorded in batches: the latest few are not counted yet."),
    )
    clicks = models.PositiveBigIntegerField(_("clicks"), default=0, editable=False)
    dismissals = models.PositiveBigIntegerField(_("dismissals"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        ordering = ["-is_active", "-priority", "-starts_at", "pk"]
        verbose_name = _("reader-support banner")
        verbose_name_plural = _("reader-support banners")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1),
                name="banner_weight_at_least_one",
                violation_error_message=_("The weight must be at least 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="banner_ends_after_it_starts",
                violation_error_message=_("The end must come after the start."),
            ),
            models.CheckConstraint(
                condition=~models.Q(placement="paragraph") | models.Q(paragraph__isnull=False, paragraph__gte=1),
                name="paragraph_banner_has_paragraph_number",
                violation_error_message=_("Say after which paragraph the banner goes (1 or more)."),
            ),
            models.CheckConstraint(
                condition=models.Q(placement__in=["end", "paragraph", "footer"]),
                name="banner_placement_is_known",
            ),
            models.CheckConstraint(
                condition=models.Q(edition__in=["", *LANGUAGE_CODES]),
                name="banner_edition_is_configured",
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(is_active=False)
                    | ~(models.Q(edition="") | models.Q(edition=code))
                    | _copy_is_complete(code),
                    name=f"live_banner_has_{code}_copy",
                    violation_error_message=_(
                        "A banner that is switched on needs its copy in every edition it targets."
                    ),
                )
                for code in LANGUAGE_CODES
            ],
            *[
                models.CheckConstraint(
                    condition=_cta_url_is_https(code),
                    name=f"banner_{code}_button_address_is_https",
                    violation_error_message=HTTPS_ONLY_MESSAGE,
                )
                for code in LANGUAGE_CODES
            ],
        ]

    def __str__(self):
        return self.name

    @property
    def target_languages(self):
        """The editions this banner is shown in."""
        return [self.edition] if self.edition else list(LANGUAGE_CODES)

    def missing_copy_in(self, code):
        """The required copy fields that are empty in language *code*."""
        return [field for field in REQUIRED_COPY_FIELDS if not (getattr(self, f"{field}_{code}") or "").strip()]

    def missing_copy(self):
        """``{language: [field names]}`` of required copy that is empty in a targeted edition."""
        return {code: fields for code in self.target_languages if (fields := self.missing_copy_in(code))}

    def state(self, now=None):
        """Off, scheduled, live or ended: what readers get right now."""
        now = now or timezone.now()
        if not self.is_active:
            return self.State.OFF
        if self.ends_at is not None and self.ends_at <= now:
            return self.State.ENDED
        return self.State.LIVE if self.starts_at <= now else self.State.SCHEDULED

    def state_label(self, now=None):
        return self.State(self.state(now)).label

    @property
    def click_through_rate(self):
        """Clicks per impression, or ``None`` while no impression has been recorded."""
        return self.clicks / self.impressions if self.impressions else None

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        if self.placement == self.Placement.AFTER_PARAGRAPH and not self.paragraph:
            errors["paragraph"] = _("Say after which paragraph the banner goes (1 or more).")
        if self.is_active:
            errors.update(self._missing_copy_errors())
        if errors:
            raise ValidationError(errors)

    def _missing_copy_errors(self):
        """Errors naming, in the editor's language, each edition whose copy is incomplete."""
        errors, summaries = {}, []
        for code, fields in self.missing_copy().items():
            labels = [self._meta.get_field(field).verbose_name for field in fields]
            summaries.append(
                _("Its %(language)s copy is missing: %(fields)s.")
                % {"language": language_name(code), "fields": text_list(labels)}
            )
            for field in fields:
                errors[f"{field}_{code}"] = _("Required in %(language)s while the banner is switched on.") % {
                    "language": language_name(code)
                }
        if summaries:
            errors["is_active"] = [_("The banner cannot be switched on yet."), *summaries]
        return errors
