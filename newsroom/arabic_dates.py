"""Django's own date formatting (the admin, the ``date`` filter) made to follow the digit policy.

Django names months through ``django.utils.dates.MONTHS``, translated by its
Arabic catalogue into the Egyptian names (يناير), and never changes digits.
``install()`` (run once from ``NewsroomConfig.ready``) makes each month name a
lazy string that, while Arabic is active, is the name ``NEWSROOM_ARABIC_MONTHS``
chooses, and makes ``formats.date_format``/``time_format`` write the digits
``NEWSROOM_ARABIC_DIGITS`` chooses. Both are read at render time, so the
settings (and ``override_settings`` in tests) apply everywhere at once.
Form inputs are untouched: what an editor types is parsed with 0–9.
``EditionMonthsCatalog`` gives the admin's calendar widget the same month names.
"""

import functools

from django.utils import dates, formats, translation
from django.utils.functional import lazy
from django.views.i18n import JavaScriptCatalog

from articles import editions


def _month(number, original):
    def name():
        if translation.get_language() == "ar":
            return editions.month_name(number, "ar")
        return str(original)

    return lazy(name, str)()


def _with_edition_digits(format_function):
    @functools.wraps(format_function)
    def formatted(*args, **kwargs):
        return editions.localize_digits(format_function(*args, **kwargs))

    formatted.newsroom_digits = True
    return formatted


def install():
    """Route Django's month names and date digits through ``articles.editions`` (idempotent)."""
    if getattr(formats.date_format, "newsroom_digits", False):
        return
    for table in (dates.MONTHS, dates.MONTHS_ALT):
        for number, original in list(table.items()):
            table[number] = _month(number, original)
    formats.date_format = _with_edition_digits(formats.date_format)
    formats.time_format = _with_edition_digits(formats.time_format)


ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")


class EditionMonthsCatalog(JavaScriptCatalog):
    """The admin's catalogue for scripts, with the Arabic month names the settings choose (its calendar widget)."""

    def get_catalog(self):
        catalog = super().get_catalog()
        if translation.get_language() == "ar":
            for number, english in enumerate(ENGLISH_MONTHS, start=1):
                name = editions.month_name(number, "ar")
                catalog[english] = name
                catalog[f"abbrev. month {english}\x04{english[:3]}"] = name  # Arabic does not abbreviate months
        return catalog
