"""Writes of old addresses: remembering where an article used to answer."""

from django.db import transaction

from .keys import url_key
from .models import OldAddress


@transaction.atomic
def remember_addresses(*, article, urls, reason=OldAddress.Reason.IMPORTED, default_host=""):
    """Make each of *urls* (absolute, or site-relative on *default_host*) answer with *article*; return the keys.

    An address already pointing at another article is moved to this one: the
    latest write wins, as it does for the article itself.
    """
    keys = {key for url in urls if (key := url_key(url, default_host=default_host))}
    for host, path in keys:
        OldAddress.objects.update_or_create(host=host, path=path, defaults={"article": article, "reason": reason})
    return keys
