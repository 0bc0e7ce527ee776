"""Template tags that render the reader-support appeal a view chose (``SupportAppealMixin``).

They only render: the view chose the appeal, placed it and counted it
(``services.appeal_for_page``), and passes it as ``page_appeal``. Each slot
renders it only if it belongs there:

    {% article_body_with_appeal article page_appeal %}   the body, with an "after paragraph N" appeal inside
    {% support_appeal page_appeal "end" %}               end of the article
    {% support_appeal page_appeal "footer" %}            the site-wide slot above the footer
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from articles import editions

from .. import dismissals
from ..models import Banner

register = template.Library()


def render_banner(banner, *, language, request=None, preview=False):
    """The banner's HTML in *language*: the same template for readers and for the admin preview."""
    with translation.override(language):
        context = {
            "banner": banner,
            "copy": banner.copy[language],
            "language": language,
            "direction": editions.direction(language),
            "go_url": banner.copy[language].cta_url if preview else reverse("banners:go", args=[banner.pk]),
            "dismiss_url": reverse("banners:dismiss", args=[banner.pk]),
            "next": request.get_full_path() if request is not None else "",
            "dismiss_days": dismissals.lifetime().days,
            "preview": preview,
        }
        return render_to_string("banners/banner.html", context)


def _render(context, appeal):
    return render_banner(appeal.banner, language=translation.get_language(), request=context.get("request"))


@register.simple_tag(takes_context=True)
def support_appeal(context, appeal, slot):
    """The page's appeal if it was placed in *slot* ("end" or "footer"); otherwise nothing."""
    if appeal is None or appeal.slot != slot:
        return ""
    return _render(context, appeal)


@register.simple_tag(takes_context=True)
def article_body_with_appeal(context, article, appeal):
    """The sanitised article body, with an "after paragraph N" appeal placed inside it."""
    if appeal is not None and appeal.slot == Banner.Placement.AFTER_PARAGRAPH:
        before, after = appeal.body_parts
        # The body is sanitised on every save; the banner is our own template.
        return mark_safe(before + _render(context, appeal) + after)
    return mark_safe(article.body or "")
