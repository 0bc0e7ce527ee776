"""Reading the footer: one query per page, whatever the number of links."""

from django.db.models import Q
from django.utils import translation

from .models import FooterLink


def footer_columns(language=None):
    """``{"outlet": [...], "social": [...]}``: the links complete in *language*, in the editors' order."""
    code = language or translation.get_language()
    complete = Q(**{f"label_{code}__gt": "", f"url_{code}__gt": ""})
    columns = {group: [] for group in FooterLink.Group.values}
    for link in FooterLink.objects.filter(complete):
        columns[link.group].append(link)
    return columns
