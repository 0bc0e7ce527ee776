"""The links of the site footer: about, contact, corrections, support, social networks.

Each link's label and address are translated field by field (``translation.py``),
so one row is one link in both editions; a link shows in an edition only when
it has both a label and an address there. Addresses are https:// or on this
site (``/en/about/``): said by the form and guarded by a database constraint.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.editions import LANGUAGE_CODES

#: Said by the form and by the database constraint alike.
ADDRESS_MESSAGE = _("Enter a secure address that starts with https://, or an address on this site that starts with /.")


def address_is_allowed(value):
    """https://…, or site-relative (``/about/``, but not ``//host/``, which leaves the site by another scheme)."""
    return not value or value.startswith("https://") or (value.startswith("/") and not value.startswith("//"))


def validate_address(value):
    if not address_is_allowed(value):
        raise ValidationError(ADDRESS_MESSAGE, code="address")


def _address_is_allowed(code):
    """SQL condition: the address in language *code* is empty, https://, or site-relative."""
    field = f"url_{code}"
    return (
        models.Q(**{f"{field}__isnull": True})
        | models.Q(**{field: ""})
        | models.Q(**{f"{field}__startswith": "https://"})
        | (models.Q(**{f"{field}__startswith": "/"}) & ~models.Q(**{f"{field}__startswith": "//"}))
    )


class FooterLink(models.Model):
    """One link of the footer, in its column, in the editors' order."""

    class Group(models.TextChoices):
        OUTLET = "outlet", _("About us")
        SOCIAL = "social", _("Follow us")

    group = models.CharField(_("column"), max_length=10, choices=Group.choices, default=Group.OUTLET)
    label = models.CharField(_("label"), max_length=80, blank=True)
    url = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        validators=[validate_address],
        help_text=_("https://… for another site, or /en/… for a page of this one."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["group", "position", "pk"]
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")
        constraints = [
            models.CheckConstraint(
                condition=_address_is_allowed(code),
                name=f"footer_link_url_{code}_https_or_local",
                violation_error_message=ADDRESS_MESSAGE,
            )
            for code in LANGUAGE_CODES
        ]

    def __str__(self):
        return self.label or self.url
