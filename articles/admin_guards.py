"""Admin mixins that keep hostile input and the Content-Security-Policy from breaking admin pages.

``DateHierarchyGuardMixin`` refuses date-hierarchy links Django's admin cannot
turn into a date. Django builds a date range from ``?<field>__year=…&__month=…&__day=…`` and
catches only ``ValueError``: a year of 9223372036854775808 overflows, and a
year of 9999 (or December 9999) overflows when it adds the end of the range,
both as 500s. The mixin checks the values first and, when they are not a date
the admin can page through, lets the admin do what it does for any bad filter:
redirect to the list with ``?e=1``.

``CspNonceMediaMixin`` gives a change form's media the request's CSP nonce:
the rich-text editor loads its modules through an import map, an inline
``<script type="importmap">`` that the admin's policy runs only with the nonce.
"""

import datetime
import re

from django.contrib.admin.options import IncorrectLookupParameters
from js_asset import Media

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


class CspNonceMediaMixin:
    """For a ``ModelAdmin`` whose form has the rich-text editor: its import map carries the CSP nonce."""

    def render_change_form(self, request, context, *args, **kwargs):
        # Without django-csp's middleware (a project that does not use it) there is no nonce and none is needed.
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            context["media"] = Media.from_media(context["media"], nonce=nonce)
        return super().render_change_form(request, context, *args, **kwargs)


class AdminGuardsMixin(CspNonceMediaMixin, DateHierarchyGuardMixin):
    """Both guards, for the article admin."""
