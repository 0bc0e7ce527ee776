"""Structured data of the article page: a schema.org ``NewsArticle`` and its ``BreadcrumbList``, as JSON-LD.

Composed here because it knows both apps: the article (articles) and which of
its story's live versions it was translated from or into (translations:
``translationOfWork`` / ``workTranslation``, from the versions the page reads
anyway, so it costs no query). ``json_ld`` writes the block escaped so that no
text an editor typed can close the ``<script>`` element.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import editions
from translations import selectors as translation_selectors

from . import conf

#: The publisher's logo (static file) and its size, as news indexes ask for it.
LOGO = ("newsroom/logo.png", 600, 60)

#: Inside <script>, these could end the element or start markup: written as JSON escapes instead.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """``<script type="application/ld+json">`` holding *data*, safe whatever its strings contain."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def article_graph(request, article):
    """The article page's JSON-LD: ``{"@context": …, "@graph": [NewsArticle, BreadcrumbList]}``."""
    absolute = request.build_absolute_uri
    return {
        "@context": "https://schema.org",
        "@graph": [news_article(article, absolute), breadcrumbs(article, absolute)],
    }


def work_id(url):
    return f"{url}#article"


def news_article(article, absolute):
    url = absolute(article.get_absolute_url())
    data = {
        "@type": "NewsArticle",
        "@id": work_id(url),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title,
        "description": article.summary,
        "datePublished": editions.machine_datetime(article.published_at),
        "dateModified": editions.machine_datetime(article.reader_modified_at),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
            for author in article.authors.all()
        ],
        "publisher": publisher(article.language, absolute),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": article.language,
        "isAccessibleForFree": True,
    }
    if article.image:
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute(article.image.url),
            "width": article.image_width,
            "height": article.image_height,
            "caption": article.image_caption,
        }
    data.update(translation_links(article, absolute))
    return data


def translation_links(article, absolute):
    """``translationOfWork`` (the live version this one was translated from) and ``workTranslation`` (those made from it)."""
    links = {}
    for version in translation_selectors.published_versions(article):
        url = absolute(version.get_absolute_url())
        work = {"@type": "NewsArticle", "@id": work_id(url), "url": url, "inLanguage": version.language}
        if getattr(version, "source_of_this", False):
            links["translationOfWork"] = work
        elif getattr(version, "translated_from_this", False):
            links.setdefault("workTranslation", []).append(work)
    return links


def publisher(language, absolute):
    path, width, height = LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": conf.site_name(language),
        "url": absolute(editions.url_in(language, "articles:home")),
        "logo": {"@type": "ImageObject", "url": absolute(static(path)), "width": width, "height": height},
    }


def breadcrumbs(article, absolute):
    """Edition home › section › story."""
    trail = [
        (conf.site_name(article.language), reverse("articles:home")),
        (article.section.name, article.section.get_absolute_url()),
        (article.title, article.get_absolute_url()),
    ]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }
