"""Template tags that put a reader-support appeal on a page, rendered by the server.

A page shows at most one appeal. The first tag that runs on a page chooses it
(among every placement the page has) and remembers the choice on the request;
each slot then renders it only if the appeal belongs there:

    {% article_body_with_appeal article %}   the body, with an "after paragraph N" appeal inside
    {% support_appeal "end" article %}       end of the article (and the fallback of a too-short body)
    {% support_appeal "footer" article %}    the site-wide slot above the footer ("article" optional)
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .. import dismissals, selectors, services
from ..models import Banner
from ..paragraphs import split_after_paragraph

register = template.Library()

MEMO_ATTRIBUTE = "_newsroom_support_appeal"


class _PageAppeal:
    """The appeal chosen for one page, and whether a slot has already shown it."""

    def __init__(self, banner):
        self.banner = banner
        self.shown = False


def _choose(request, article):
    now = timezone.now()
    cookie = request.COOKIES.get(dismissals.COOKIE_NAME) if request is not None else None
    return selectors.banner_for_page(
        language=translation.get_language(),
        article=article,
        dismissed=dismissals.dismissed_ids(cookie, now=now),
        now=now,
    )


def page_appeal(request, article=None):
    """The appeal of this page (chosen once per request), as a ``_PageAppeal``."""
    memo = getattr(request, MEMO_ATTRIBUTE, None)
    if memo is None:
        memo = _PageAppeal(_choose(request, article))
        if request is not None:
            setattr(request, MEMO_ATTRIBUTE, memo)
    return memo


def render_banner(banner, *, language, request=None, preview=False):
    """The banner's HTML in *language*: the same template for readers and for the admin preview."""
    with translation.override(language):
        context = {
            "banner": banner,
            "copy": banner.copy[language],
            "language": language,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "go_url": banner.copy[language].cta_url if preview else reverse("banners:go", args=[banner.pk]),
            "dismiss_url": reverse("banners:dismiss", args=[banner.pk]),
            "next": request.get_full_path() if request is not None else "",
            "dismiss_days": dismissals.lifetime().days,
            "preview": preview,
        }
        return render_to_string("banners/banner.html", context)


def _show(context, memo):
    memo.shown = True
    services.record_impression(banner_id=memo.banner.pk)
    return render_banner(memo.banner, language=translation.get_language(), request=context.get("request"))


@register.simple_tag(takes_context=True)
def support_appeal(context, slot, article=None):
    """The page's appeal if it belongs in *slot* ("end" or "footer"); otherwise nothing."""
    memo = page_appeal(context.get("request"), article)
    if memo.banner is None or memo.shown or not memo.banner.belongs_in(slot):
        return ""
    return _show(context, memo)


@register.simple_tag(takes_context=True)
def article_body_with_appeal(context, article):
    """The sanitised article body, with an "after paragraph N" appeal placed inside it."""
    body = article.body or ""
    memo = page_appeal(context.get("request"), article)
    banner = memo.banner
    if banner is not None and not memo.shown and banner.placement == Banner.Placement.AFTER_PARAGRAPH:
        parts = split_after_paragraph(body, banner.paragraph)
        if parts is not None:
            # The body is sanitised on every save; the banner is our own template.
            return mark_safe(parts[0] + _show(context, memo) + parts[1])
    return mark_safe(body)
