"""Share links for previewing an article without a login: signed, expiring, revocable.

A share link carries a token signed with the site's secret key (Django's
``TimestampSigner``, with a salt of its own so no other signed value of the
site can pass for one). The token names the article and the article's
``preview_key``, and records when it was signed:

- *tampered* (or made up): its signature does not match, and it is refused;
- *expired*: older than ``NEWSROOM_PREVIEW_LINK_HOURS``;
- *revoked*: the article's ``preview_key`` has changed since
  (``services.revoke_preview_links``), which revokes every link handed out so
  far for that article and no other.

Nothing is stored per link: the admin signs a new one each time it shows it.
Readers of a share link see what ``articles.views.ArticlePreviewView`` shows,
which never reveals anything but that one article.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from . import conf

SALT = "articles.preview.share-link"


class LinkExpired(Exception):
    """The link was genuine but is older than the configured lifetime."""


class LinkRevoked(Exception):
    """The link was genuine but the article's share links have been revoked since (or it was deleted)."""


class LinkInvalid(Exception):
    """The link was not made by this site (tampered, truncated or made up)."""


@dataclass(frozen=True)
class ShareLink:
    path: str
    expires_at: datetime.datetime


def lifetime():
    return datetime.timedelta(hours=conf.preview_link_hours())


def _signer():
    return signing.TimestampSigner(salt=SALT)


def token_for(article):
    """A token for *article* as it is keyed now."""
    return _signer().sign_object({"a": article.pk, "k": article.preview_key.hex}, compress=True)


def share_link(article):
    """A new share link for *article* (its address, without the host) and when it stops working."""
    path = reverse("preview:article", kwargs={"token": token_for(article)})
    return ShareLink(path=path, expires_at=timezone.now() + lifetime())


def read_token(token):
    """``(article id, preview key hex)`` from a genuine token still in date; raises ``LinkExpired`` or ``LinkInvalid``."""
    signer = _signer()
    try:
        payload = signer.unsign_object(token, max_age=lifetime())
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        # ValueError / UnicodeDecodeError: a genuine-looking signature over bytes that do not decode.
        raise LinkInvalid from error
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int) or not isinstance(payload.get("k"), str):
        raise LinkInvalid
    return payload["a"], payload["k"]


def check_key(article, key_hex):
    """Raise ``LinkRevoked`` unless *article* is still keyed as the link says."""
    if article is None or article.preview_key.hex != key_hex:
        raise LinkRevoked
