"""Numbers and dates written the way each edition's readers write them.

The Arabic edition uses Arabic-Indic digits (١٢٣) and the month names used in
Syria and the Levant (حزيران, not يونيو), which Django's own Arabic locale
does not give.
"""

from django import template
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext_lazy

register = template.Library()

ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

MONTHS = [
    pgettext_lazy("month name", "January"),
    pgettext_lazy("month name", "February"),
    pgettext_lazy("month name", "March"),
    pgettext_lazy("month name", "April"),
    pgettext_lazy("month name", "May"),
    pgettext_lazy("month name", "June"),
    pgettext_lazy("month name", "July"),
    pgettext_lazy("month name", "August"),
    pgettext_lazy("month name", "September"),
    pgettext_lazy("month name", "October"),
    pgettext_lazy("month name", "November"),
    pgettext_lazy("month name", "December"),
]


def localize_digits(text, language=None):
    """Write the digits in *text* with the edition's digits."""
    language = language or translation.get_language()
    text = str(text)
    if language == "ar":
        return text.translate(ARABIC_INDIC_DIGITS)
    return text


@register.filter
def edition_number(value):
    """A number in the edition's digits, grouped as the edition groups them."""
    return localize_digits(formats.number_format(value, use_l10n=True))


def _site_time(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def edition_date(value):
    """A date as "9 June 2024" / "٩ حزيران ٢٠٢٤", in the site's time zone."""
    if not value:
        return ""
    value = _site_time(value)
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return localize_digits(text)


@register.filter
def machine_datetime(value):
    """A datetime for ``<time datetime>``: ISO 8601 to the second, with the offset."""
    return _site_time(value).isoformat(timespec="seconds") if value else ""
