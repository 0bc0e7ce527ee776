"""The sitemap index and its sitemaps: each edition's articles and sections, and a Google News sitemap per edition.

Django's sitemaps framework writes them. ``/sitemap.xml`` is the index; each
sitemap is ``/sitemap-<section>.xml`` (``articles-en``, ``sections-ar``,
``news-en`` …), paged at the protocol's limit of 50,000 addresses
(``?p=2``). Every article entry names each live version of its story as an
``xhtml:link`` alternate, with ``x-default``, the same alternates the page's
head gives (``articles.editions.alternate_links``); a page of 50,000 entries
costs a fixed number of queries (count, the page's rows with only the columns
it needs, and the alternates of all its stories at once).

Only live articles are listed; drafts, scheduled stories and preview share
links (``/preview/…``, outside the editions) never are.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from articles import editions, selectors

from . import conf

#: The protocol's limit of addresses per sitemap.
URLS_PER_SITEMAP = 50_000


class EditionSitemap(Sitemap):
    """A sitemap of one edition (its language is ``language``)."""

    limit = URLS_PER_SITEMAP

    def __init__(self, language):
        self.language = language


class ArticleSitemap(EditionSitemap):
    """Every live article of one edition, with its story's live versions as alternates."""

    def items(self):
        return selectors.sitemap_articles(self.language)

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
            url["alternates"] = version_alternates(stories.get(article.translation_key, [article]), absolute)
        return urls


def version_alternates(versions, absolute):
    """The ``xhtml:link`` alternates of a story: one per live version, in the editions' order, and ``x-default``."""
    versions = sorted(versions, key=lambda version: editions.edition_order(version.language))
    links = [editions.EditionLink(code=version.language, url=version.get_absolute_url()) for version in versions]
    found = editions.alternate_links(links, absolute)
    alternates = [{"lang_code": code, "location": location} for code, location in found["alternates"]]
    if found["x_default"]:
        alternates.append({"lang_code": "x-default", "location": found["x_default"]})
    return alternates


class SectionSitemap(EditionSitemap):
    """The section pages of one edition that have a live story, each alternate with its twin in every edition."""

    def items(self):
        return selectors.sections_with_live_articles(self.language)

    def location(self, section):
        return editions.url_in(self.language, "articles:section", slug=getattr(section, f"slug_{self.language}"))

    def lastmod(self, section):
        return section.latest

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            section = url["item"]
            links = [
                editions.EditionLink(code=code, url=editions.url_in(code, "articles:section", slug=getattr(section, f"slug_{code}")))
                for code in editions.LANGUAGE_CODES
            ]
            found = editions.alternate_links(links, lambda path: f"{protocol}://{domain}{path}")
            url["alternates"] = [{"lang_code": code, "location": location} for code, location in found["alternates"]]
            url["alternates"].append({"lang_code": "x-default", "location": found["x_default"]})
        return urls


class NewsSitemap(EditionSitemap):
    """Google News: the edition's stories of the last 48 hours (at most 1,000), with publication name and language."""

    limit = selectors.NEWS_SITEMAP_LIMIT

    def items(self):
        return selectors.recent_articles(self.language)

    def lastmod(self, article):
        return article.reader_modified_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        name = conf.site_name(self.language)
        for url in urls:
            url["publication_name"] = name
        return urls


def sitemaps():
    """Every sitemap of the index, by its section name."""
    found = {}
    for code in editions.LANGUAGE_CODES:
        found[f"articles-{code}"] = ArticleSitemap(code)
        found[f"sections-{code}"] = SectionSitemap(code)
        found[f"news-{code}"] = NewsSitemap(code)
    return found


def sitemap_index(request):
    return sitemap_views.index(request, sitemaps(), sitemap_url_name="sitemap-section")


def sitemap_section(request, section):
    """One sitemap (``?p=`` for its later pages); an unknown section or page is a 404."""
    template = "sitemaps/news.xml" if section.startswith("news-") else "sitemap.xml"
    return sitemap_views.sitemap(request, sitemaps(), section=section, template_name=template)


def sitemap_urlpatterns():
    return [
        path("sitemap.xml", sitemap_index, name="sitemap-index"),
        path("sitemap-<str:section>.xml", sitemap_section, name="sitemap-section"),
    ]
