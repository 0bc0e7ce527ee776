"""The sitemap index and its sitemaps: each edition's articles, sections and own pages, and a Google News sitemap per edition.

Django's sitemaps framework pages and serves them. ``/sitemap.xml`` is the
index; each sitemap is ``/sitemap-<section>.xml`` (``articles-en``,
``sections-ar``, ``news-en`` …), paged (``?p=2``) within the protocol's
limits of 50,000 addresses and 50 MB (``URLS_PER_SITEMAP``). Every article entry names each live version of its
story as an ``xhtml:link`` alternate, with ``x-default``: the same alternates
the page's head gives (``articles.editions.alternate_links``).

A page of 10,000 entries costs three queries (count, the page's rows with
only the columns it needs, the alternates of all its stories at once through
a subquery) and little else: addresses are made from one ``reverse()`` per
edition (``ArticlePaths``) and the XML is written directly (``UrlsetWriter``)
rather than through the template language, which took seconds per 10,000.

Only live articles are listed; drafts, scheduled stories and preview share
links (``/preview/…``, outside the editions) never are.
"""

from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.utils.http import RFC3986_SUBDELIMS

from articles import editions, selectors

from . import conf
from .pages import selectors as page_selectors

#: Addresses per sitemap page. The protocol allows 50,000 addresses *or* 50 MB, whichever comes first:
#: with its alternates an entry can reach ~4 KB (a 255-letter Arabic slug is ~1,500 characters once
#: percent-encoded, written up to three times), so 10,000 keeps every page under 50 MB whatever the
#: slugs, and a page is written in a couple of seconds, not tens (``test_sitemaps.py`` checks both limits).
URLS_PER_SITEMAP = 10_000
#: The protocol's limits.
PROTOCOL_MAX_URLS = 50_000
PROTOCOL_MAX_BYTES = 50 * 1024 * 1024


class ArticlePaths:
    """An article's path from its language and slug, with one ``reverse()`` per edition instead of one per article.

    The slug is quoted exactly as ``reverse()`` quotes it (the test suite
    compares the two for Arabic slugs).
    """

    MARKER = "0slug0"
    SAFE = RFC3986_SUBDELIMS + "/~:@"

    def __init__(self):
        self._around = {}

    def __call__(self, language, slug):
        around = self._around.get(language)
        if around is None:
            around = self._around[language] = editions.url_in(language, "articles:article", slug=self.MARKER).split(self.MARKER)
        return f"{around[0]}{quote(slug, safe=self.SAFE)}{around[1]}"


class UrlsetWriter:
    """Writes what Django's ``sitemap.xml`` template writes, given to its view in place of the template."""

    HEAD = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    )

    def render(self, context=None, request=None):
        parts = [self.HEAD]
        for url in context["urlset"]:
            parts.append(f"<url><loc>{escape(url['location'])}</loc>")
            if url["lastmod"]:
                parts.append(f"<lastmod>{editions.machine_datetime(url['lastmod'])}</lastmod>")
            for alternate in url["alternates"]:
                parts.append(
                    f'<xhtml:link rel="alternate" hreflang={quoteattr(alternate["lang_code"])}'
                    f' href={quoteattr(alternate["location"])}/>'
                )
            parts.append("</url>\n")
        parts.append("</urlset>\n")
        return "".join(parts)


class EditionSitemap(Sitemap):
    """A sitemap of one edition (its language is ``language``)."""

    limit = URLS_PER_SITEMAP

    def __init__(self, language):
        self.language = language
        self.paths = ArticlePaths()

    def alternates_of(self, versions, absolute):
        """``xhtml:link`` alternates: one per ``(language, path)`` in the editions' order, and ``x-default``."""
        versions = sorted(versions, key=lambda version: editions.edition_order(version[0]))
        links = [editions.EditionLink(code=code, url=url) for code, url in versions]
        found = editions.alternate_links(links, absolute)
        alternates = [{"lang_code": code, "location": location} for code, location in found["alternates"]]
        if found["x_default"]:
            alternates.append({"lang_code": "x-default", "location": found["x_default"]})
        return alternates


class ArticleSitemap(EditionSitemap):
    """Every live article of one edition, with its story's live versions as alternates."""

    def items(self):
        return selectors.sitemap_articles(self.language)

    def location(self, article):
        return self.paths(article.language, article.slug)

    def lastmod(self, article):
        # A scheduled story goes live after its last save: it changed for readers when it appeared.
        return article.reader_modified_at

    def get_latest_lastmod(self):
        return selectors.latest_change(self.language)

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # The same page of rows (the page number is valid: super() read it), as a subquery:
        # the alternates of all its stories in one query.
        start = (int(page) - 1) * self.limit
        stories = selectors.live_versions_of_stories(self.items()[start : start + self.limit])

        def absolute(path):
            return f"{protocol}://{domain}{path}"

        for url in urls:
            article = url["item"]
            versions = stories.get(article.translation_key, [(article.language, article.slug)])
            url["alternates"] = self.alternates_of([(code, self.paths(code, slug)) for code, slug in versions], absolute)
        return urls


class SectionSitemap(EditionSitemap):
    """The section pages of one edition that have a live story, each alternate with its twin in every edition."""

    def items(self):
        return selectors.sections_with_live_articles(self.language)

    def location(self, section):
        return self.section_path(section, self.language)

    @staticmethod
    def section_path(section, code):
        return editions.url_in(code, "articles:section", slug=getattr(section, f"slug_{code}"))

    def lastmod(self, section):
        return section.latest

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            versions = [(code, self.section_path(url["item"], code)) for code in editions.LANGUAGE_CODES]
            url["alternates"] = self.alternates_of(versions, lambda path: f"{protocol}://{domain}{path}")
        return urls


class NewsSitemap(EditionSitemap):
    """Google News: the edition's stories of the last 48 hours (at most 1,000), with publication name and language."""

    limit = selectors.NEWS_SITEMAP_LIMIT

    def items(self):
        return selectors.recent_articles(self.language)

    def location(self, article):
        return self.paths(article.language, article.slug)

    def lastmod(self, article):
        return article.reader_modified_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        name = conf.site_name(self.language)
        for url in urls:
            url["publication_name"] = name
        return urls


class SitePageSitemap(EditionSitemap):
    """The outlet's own published pages of one edition (about us, contact…), with their published versions."""

    def items(self):
        return page_selectors.sitemap_pages(self.language)

    def location(self, page):
        return page.get_absolute_url()

    def lastmod(self, page):
        return page.updated_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        versions = page_selectors.published_versions_of([url["item"] for url in urls])
        for url in urls:
            item = url["item"]
            paths = [(code, editions.url_in(code, "pages:page", slug=slug)) for code, slug in versions[item.translation_key]]
            url["alternates"] = self.alternates_of(paths, lambda path: f"{protocol}://{domain}{path}")
        return urls


def sitemaps():
    """Every sitemap of the index, by its section name."""
    found = {}
    for code in editions.LANGUAGE_CODES:
        found[f"articles-{code}"] = ArticleSitemap(code)
        found[f"sections-{code}"] = SectionSitemap(code)
        found[f"pages-{code}"] = SitePageSitemap(code)
        found[f"news-{code}"] = NewsSitemap(code)
    return found


def sitemap_index(request):
    return sitemap_views.index(request, sitemaps(), sitemap_url_name="sitemap-section")


def sitemap_section(request, section):
    """One sitemap (``?p=`` for its later pages); an unknown section or page is a 404."""
    template = "sitemaps/news.xml" if section.startswith("news-") else UrlsetWriter()
    return sitemap_views.sitemap(request, sitemaps(), section=section, template_name=template)


def sitemap_urlpatterns():
    return [
        path("sitemap.xml", sitemap_index, name="sitemap-index"),
        path("sitemap-<str:section>.xml", sitemap_section, name="sitemap-section"),
    ]
