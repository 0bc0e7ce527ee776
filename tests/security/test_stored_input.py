"""Hostile text never becomes an address: slugs refuse it, and slugs made from hostile titles are plain.

A slug is part of every reader URL, so it must not carry markup or syntax
into the address bar, the ``<link rel=canonical>`` or the sitemap. What the
browser makes of hostile text in every other field is checked in Chromium
(``tests/browser/test_xss.py``).
"""

import re

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article

from .payloads import XSS_PAYLOADS

SLUG = re.compile(r"[-\w]+")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_hostile_slug_is_refused(payload):
    with pytest.raises(ValidationError):
        Article._meta.get_field("slug").clean(payload, None)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_slug_made_from_a_hostile_title_is_plain(payload):
    article = Article(title=payload, slug="")
    try:
        article.clean()
    except ValidationError as error:  # nothing to make a slug of: the editor is asked to type one
        assert "slug" in error.message_dict
        return
    assert SLUG.fullmatch(article.slug), article.slug
