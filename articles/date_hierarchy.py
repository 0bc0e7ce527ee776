"""An admin mixin that refuses date-hierarchy links Django's admin cannot turn into a date.

Django builds a date range from ``?<field>__year=…&__month=…&__day=…`` and
catches only ``ValueError``: a year of 9223372036854775808 overflows, and a
year of 9999 (or December 9999) overflows when it adds the end of the range,
both as 500s. The mixin checks the values first and, when they are not a date
the admin can page through, lets the admin do what it does for any bad filter:
redirect to the list with ``?e=1``.
"""

import datetime
import re

from django.contrib.admin.options import IncorrectLookupParameters

_NUMBER = re.compile(r"[0-9]{1,4}")
# One year of margin at each end: the range's end (a year later) and the
# conversion to UTC (a few hours either way) must stay inside datetime's range.
YEARS = range(datetime.MINYEAR + 1, datetime.MAXYEAR)


def _date_parts(field, query):
    """The year, month and day a date-hierarchy link asks for (month and day default to 1), or None."""
    values = [query.get(f"{field}__{part}") for part in ("year", "month", "day")]
    if values[0] is None:
        return None
    return [value if value is not None else "1" for value in values]


def check_date_hierarchy(field, query):
    """Raise ``IncorrectLookupParameters`` unless *query* names a date (or none) for the hierarchy on *field*."""
    parts = _date_parts(field, query)
    if parts is None:
        return
    if not all(_NUMBER.fullmatch(part) for part in parts):
        raise IncorrectLookupParameters(f"{field}: not a date: {parts}")
    year, month, day = (int(part) for part in parts)
    if year not in YEARS:
        raise IncorrectLookupParameters(f"{field}: year out of range: {year}")
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        raise IncorrectLookupParameters(f"{field}: {error}") from error


class DateHierarchyGuardMixin:
    """For a ``ModelAdmin`` with ``date_hierarchy``: out-of-range dates are a bad filter, not a server error."""

    def get_changelist_instance(self, request):
        if self.date_hierarchy:
            check_date_hierarchy(self.date_hierarchy, request.GET)
        return super().get_changelist_instance(request)
