"""Template filters that write numbers and dates the way each edition's readers write them.

The rules live in ``articles.editions``; these are their template names.
"""

from django import template

from .. import editions

register = template.Library()

register.filter("edition_number", editions.format_number)
register.filter("edition_date", editions.format_date)
register.filter("machine_datetime", editions.machine_datetime)
