"""RSS 2.0 and Atom feeds of each edition, and of each section, tag and author in it.

Django's syndication framework writes them; the feed classes below add the
full text (``content:encoded`` in RSS, ``<content>`` in Atom) that feed
readers show instead of a teaser. Only live articles of the feed's edition
are listed (``articles.selectors.feed_articles``), each with its summary, its
sanitised body, bylines, section and tags as categories, publication and
update dates, and the featured image as an enclosure whose length is the size
stored on the row (no storage call per story).
"""

import mimetypes
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import path, reverse
from django.utils import feedgenerator, translation
from django.utils.translation import gettext as _

from articles import selectors

from . import conf

#: Stories per feed: a day or two of news, what aggregators poll for.
FEED_LENGTH = 30


class FullTextRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with each story's whole body in ``content:encoded`` (the RSS content module).

    RSS has no update date of its own: it goes in ``dcterms:modified`` (Dublin Core terms).
    """

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dcterms": "http://purl.org/dc/terms/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_encoded"):
            handler.addQuickElement("content:encoded", item["content_encoded"])
        if item.get("updateddate"):
            handler.addQuickElement("dcterms:modified", feedgenerator.rfc3339_date(item["updateddate"]))


class FullTextAtomFeed(feedgenerator.Atom1Feed):
    """Atom 1.0 with each story's whole body as its ``<content type="html">``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_encoded"):
            handler.addQuickElement("content", item["content_encoded"], {"type": "html"})


@dataclass(frozen=True)
class FeedScope:
    """What one feed lists: an edition, narrowed to a section, tag or author (``subject``) or not."""

    language: str
    absolute: object  # request.build_absolute_uri
    subject: object = None
    lookup: str = ""  # the Article field the subject narrows


class ArticleFeed(Feed):
    """The edition's newest stories (RSS 2.0); subclasses narrow it to a section, tag or author.

    The feed's language is the active one (the framework's default): the edition's, from the URL prefix.
    """

    feed_type = FullTextRssFeed
    lookup = ""

    def get_subject(self, slug):
        return None

    def get_object(self, request, slug=None):
        language = translation.get_language()
        return FeedScope(language, request.build_absolute_uri, self.get_subject(slug) if slug else None, self.lookup)

    def title(self, scope):
        site = conf.site_name(scope.language)
        return f"{scope.subject} · {site}" if scope.subject else site

    def link(self, scope):
        return scope.subject.get_absolute_url() if scope.subject else reverse("articles:home")

    def description(self, scope):
        if scope.subject:
            return _("The latest stories: %(subject)s") % {"subject": scope.subject}
        return _("Independent news from Syria, in English and Arabic.")

    def author_name(self, scope):
        # Atom wants an author for every entry: the outlet's name stands for stories without a byline.
        return conf.site_name(scope.language)

    def items(self, scope):
        filters = {scope.lookup: scope.subject} if scope.subject else {}
        articles = selectors.feed_articles(language=scope.language, limit=FEED_LENGTH, **filters)
        for article in articles:
            article.feed_scope = scope  # item methods receive only the item
        return articles

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_extra_kwargs(self, article):
        return {"content_encoded": article.body}

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors.all()) or None

    def item_categories(self, article):
        return [article.section.name, *(tag.name for tag in article.tags.all())]

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.reader_modified_at

    def item_guid(self, article):
        return article.feed_scope.absolute(article.get_absolute_url())

    def item_guid_is_permalink(self, article):
        return True

    def item_enclosures(self, article):
        if not article.image:
            return []
        mime_type = mimetypes.guess_type(article.image.name)[0] or "application/octet-stream"
        # The RSS best practice for a size not known (an image stored before sizes were kept): 0.
        length = str(article.image_bytes or 0)
        url = article.feed_scope.absolute(article.image.url)
        return [feedgenerator.Enclosure(url, length, mime_type)]


class SectionFeed(ArticleFeed):
    lookup = "section"

    def get_subject(self, slug):
        return selectors.section_by_slug(slug)


class TagFeed(ArticleFeed):
    lookup = "tags"

    def get_subject(self, slug):
        return selectors.tag_by_slug(slug)


class AuthorFeed(ArticleFeed):
    lookup = "authors"

    def get_subject(self, slug):
        return selectors.author_by_slug(slug)


def atom(feed_class):
    """The Atom twin of an RSS feed class."""
    return type(f"Atom{feed_class.__name__}", (feed_class,), {"feed_type": FullTextAtomFeed, "subtitle": feed_class.description})


#: (URL prefix, name prefix, RSS feed class) of every kind of feed; the prefixes mirror the reader pages'.
KINDS = [
    ("", "edition", ArticleFeed),
    ("sections/<uslug:slug>/", "section", SectionFeed),
    ("tags/<uslug:slug>/", "tag", TagFeed),
    ("authors/<slug:slug>/", "author", AuthorFeed),
]


def feed_urlpatterns():
    """``feeds:<kind>-rss`` and ``feeds:<kind>-atom`` for each kind, mounted inside each edition."""
    patterns = []
    for prefix, name, feed_class in KINDS:
        patterns += [
            path(f"{prefix}feed/", feed_class(), name=f"{name}-rss"),
            path(f"{prefix}feed/atom/", atom(feed_class)(), name=f"{name}-atom"),
        ]
    return patterns


def feed_links(subject=None, kind="edition"):
    """``(title, type, address)`` of a page's feeds: its own (section, tag, author) first, then its edition's."""
    links = []
    if subject is not None:
        slug = {"slug": subject.slug}
        links += [
            (str(subject), "application/rss+xml", reverse(f"feeds:{kind}-rss", kwargs=slug)),
            (str(subject), "application/atom+xml", reverse(f"feeds:{kind}-atom", kwargs=slug)),
        ]
    site = conf.site_name(translation.get_language())
    links += [
        (site, "application/rss+xml", reverse("feeds:edition-rss")),
        (site, "application/atom+xml", reverse("feeds:edition-atom")),
    ]
    return links

