"""Articles and the vocabulary they share: sections, tags and authors.

An article is written in exactly one language. Versions of one story in other
languages are separate articles that share a ``translation_key`` (the
``translations`` app links and unlinks them); the database allows at most one
article per language for each key.
"""

import uuid
from urllib.parse import quote

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models.functions import Now
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .editions import LANGUAGE_CODES, direction, language_name
from .fields import SanitizedHTMLField, SanitizedImageField, SearchTextField, TextFingerprintField

#: What an article says, as opposed to how it is filed: a change to any of these is a change of text.
TEXT_FIELDS = ("title", "summary", "body")
#: Words read per minute, silently, by adults (Trauzettel-Klosinski et al., "Standardized
#: Assessment of Reading Performance", 2012: English 228, Arabic 138, its words being longer).
READING_WORDS_PER_MINUTE = {"en": 228, "ar": 138}

#: The text in its searched form: derived from the text fields, read only by the search (``selectors.search_articles``).
SEARCH_FIELDS = ("search_title", "search_summary", "search_body", "search_vector")
#: What a teaser in a list shows: a list of ten stories never reads ten bodies.
TEASER_FIELDS = (
    "language", "title", "slug", "summary", "image", "image_width", "image_height", "image_variants", "published_at",
    "section",
)


class Section(models.Model):
    """A desk of the newsroom (Politics, Economy, ...), shared by every edition."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in the menu in this order.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=[f"slug_{code}"], name=f"unique_section_slug_{code}")
            for code in LANGUAGE_CODES
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(models.Model):
    """A topic label (a place, a person, a theme) shared by every edition."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=[f"slug_{code}"], name=f"unique_tag_slug_{code}")
            for code in LANGUAGE_CODES
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class Author(models.Model):
    """A byline. Its display name is translated; it may belong to a staff account."""

    name = models.CharField(_("display name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    bio = models.TextField(_("short biography"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


#: ``(start, end)`` of an article's address around its slug, per (language, script prefix, URLconf).
_ARTICLE_URL_PARTS = {}
_SLUG_STAND_IN = "slug-stand-in"


def article_url(language, slug):
    """The address of the article *slug* in edition *language*, without a ``reverse()`` per article.

    A page links a dozen articles (itself, its versions, its related block):
    the address around the slug is reversed once per edition and process, and
    the slug quoted into it as ``reverse()`` would (slugs are letters, digits,
    hyphens and underscores, percent-encoded when not ASCII).
    """
    place = (language, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _ARTICLE_URL_PARTS.get(place)
    if parts is None:
        with translation.override(language):
            address = reverse("articles:article", kwargs={"slug": _SLUG_STAND_IN})
        parts = _ARTICLE_URL_PARTS[place] = tuple(address.split(_SLUG_STAND_IN, 1))
    return f"{parts[0]}{quote(slug)}{parts[1]}"


class Visibility(models.TextChoices):
    """What readers can see of an article now: the one vocabulary for labels, filters and reports."""

    LIVE = "live", _("Live")
    SCHEDULED = "scheduled", _("Scheduled")
    DRAFT = "draft", _("Draft")


def visible_as(visibility, prefix=""):
    """The condition "the article is *visibility* now", for a queryset or a join.

    *prefix* reaches an article through a relation (``"target__"`` for the
    target of a related-article row). Time is the database's clock, so a
    scheduled article turns live by itself at ``published_at``, with no job to
    flip it, and every web server agrees on the moment.
    """
    published = models.Q(**{f"{prefix}status": "published"})
    match Visibility(visibility):
        case Visibility.LIVE:
            return published & models.Q(**{f"{prefix}published_at__lte": Now()})
        case Visibility.SCHEDULED:
            return published & models.Q(**{f"{prefix}published_at__gt": Now()})
        case Visibility.DRAFT:
            return models.Q(**{f"{prefix}status": "draft"})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What a reader may see: published, and the publication time has come (``visible_as(LIVE)``)."""
        return self.filter(visible_as(Visibility.LIVE))

    def with_visibility(self, visibility):
        """Live, scheduled or draft articles (``Visibility``), by the database's clock."""
        return self.filter(visible_as(visibility))

    def in_language(self, code=None):
        return self.filter(language=code or translation.get_language())

    def versions_of(self, article):
        """The other language versions of *article*'s story (linked by ``translation_key``)."""
        return self.filter(translation_key=article.translation_key).exclude(pk=article.pk)

    def for_listing(self):
        """Everything a list of teasers shows, in a fixed number of queries, and nothing more (no body)."""
        return self.select_related("section").only(*TEASER_FIELDS).order_by("-published_at", "-pk")


class Article(models.Model):
    """One story in one language."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("article status", "Draft")
        PUBLISHED = "published", pgettext_lazy("article status", "Published")

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        allow_unicode=True,
        # Blank in forms means "make it from the title" (see clean()); never empty in the database.
        blank=True,
        help_text=_(
            "The last part of the article's address. Unique within its language. "
            "Leave it empty to make it from the title."
        ),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("The standfirst shown under the title and in lists."))
    body = SanitizedHTMLField(_("body"), blank=True)
    # Re-encoded without metadata and stored under a random name (articles/images.py).
    image = SanitizedImageField(
        _("featured image"),
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        size_field="image_bytes",
        variants_field="image_variants",
        # Found by file name: the versions sharing a file, its copies' job, the stored-image commands.
        db_index=True,
        help_text=_(
            "A JPEG, PNG or WebP photo. Location, camera and other hidden details are removed when it is stored; "
            "what the picture itself shows is not."
        ),
    )
    # Stored so pages can reserve the image's space without opening the file.
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The stored file's size, for feed enclosures (set whenever a file is assigned, like the dimensions).
    image_bytes = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The widths the resized copies of the image were made at (``articles/variants.py``), written by a
    # background job once they exist: pages know which copies to offer without asking the storage.
    image_variants = models.CharField(
        _("image sizes made"), max_length=100, blank=True, default="", db_default="", editable=False
    )
    # What the picture shows, for readers who cannot see it; the caption is read separately, once.
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=300,
        blank=True,
        default="",
        db_default="",  # bulk loaders (COPY) that name only the columns they know
        help_text=_(
            "What the photo shows, for readers who cannot see it: screen readers read it out in place of the "
            "picture. Do not repeat the caption, which is read as well. Leave it empty only when the picture "
            "adds nothing to the caption."
        ),
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=150, blank=True)
    authors = models.ManyToManyField(Author, verbose_name=_("authors"), related_name="articles")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), related_name="articles", blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A date in the future schedules the article: readers see it from then on."),
    )
    no_support_appeal = models.BooleanField(
        _("no reader-support appeal on this story"),
        default=False,
        help_text=_("For coverage of deaths and atrocities: no banner asking for support is shown."),
    )
    # After the text fields, so it fingerprints the sanitised body. Other apps compare it
    # (a translation's source changed?) without reading or comparing whole texts.
    text_fingerprint = TextFingerprintField(_("text fingerprint"), of=TEXT_FIELDS)
    # The text in its searched form (``articles/search.py``), recomputed on every save: the query
    # passes through the same normaliser. On PostgreSQL ``search_vector`` indexes it, weighted
    # title > summary > body (``services.refresh_search_index``); SQLite searches these columns.
    search_title = SearchTextField(of="title")
    search_summary = SearchTextField(of="summary")
    search_body = SearchTextField(of="body", markup=True)
    search_vector = SearchVectorField(null=True, editable=False)
    translation_key = models.UUIDField(
        _("story"),
        default=uuid.uuid4,
        editable=False,
        db_index=True,
        help_text=_("Shared by the versions of one story in different languages."),
    )
    # Part of every signed preview share link (articles/preview.py): giving the article a new
    # key revokes every link handed out so far, without touching the site's secret key.
    preview_key = models.UUIDField(_("preview key"), default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the text readers had already seen last changed (``services.save_article``): the page
    # says "Updated" then. ``updated_at`` moves with every save, a fixed tag or a new pin too.
    revised_at = models.DateTimeField(_("text revised"), null=True, blank=True, editable=False)
    # When this story's own suggestion list was last computed: later edits, or going live
    # since, make it stale for the nightly incremental refresh (``services.stale_articles``).
    suggestions_refreshed_at = models.DateTimeField(_("suggestions refreshed"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    # Moved on by every save through ``services.save_article`` (and every change of pins), with a
    # conditional UPDATE: an editor whose form was read at an older number is told, not overwritten.
    # A database default too, so bulk loaders that name only the columns they know (COPY) still work.
    edit_version = models.PositiveIntegerField(_("edit version"), default=0, db_default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Publishing is a right of its own: writing and editing an article does not include it
        # (``services.check_may_publish``, checked by every write).
        permissions = [("publish_article", _("Can publish articles"))]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"],
                name="unique_article_slug_per_language",
                violation_error_message=_("An article in this language already uses this slug."),
            ),
            models.UniqueConstraint(
                fields=["translation_key", "language"],
                name="one_version_per_language_per_story",
                violation_error_message=_("This story already has a version in this language."),
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""),
                name="article_slug_not_empty",
                violation_error_message=_("An article needs a slug."),
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=LANGUAGE_CODES),
                name="article_language_is_configured",
                violation_error_message=_("The language must be one of the site's editions."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published"]),
                name="article_status_is_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="published_article_has_date",
                violation_error_message=_("A published article needs a publication date."),
            ),
        ]
        # Each serves a list's filter and its order (newest first, id breaking ties), so a page of a
        # list is an index range scan however large the archive: the edition home, a section, the admin.
        indexes = [
            models.Index(fields=["language", "status", "-published_at", "-id"], name="article_edition_idx"),
            models.Index(
                fields=["section", "language", "status", "-published_at", "-id"], name="article_section_idx"
            ),
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return article_url(self.language, self.slug)

    @property
    def visibility(self):
        """What readers can see of this article now (``Visibility``), by this server's clock.

        The instance-level twin of ``visible_as``, for an article already read;
        queries use ``visible_as`` and the database's clock.
        """
        if self.status != self.Status.PUBLISHED or self.published_at is None:
            return Visibility.DRAFT
        return Visibility.LIVE if self.published_at <= timezone.now() else Visibility.SCHEDULED

    def get_visibility_display(self):
        return self.visibility.label

    @property
    def reader_modified_at(self):
        """When readers last saw the story change: its last save, or its publication if it went live later."""
        return max(filter(None, (self.published_at, self.updated_at)), default=None)

    @property
    def is_live(self):
        """Whether readers can see the article right now."""
        return self.visibility == Visibility.LIVE

    @property
    def direction(self):
        return direction(self.language)

    @cached_property
    def reading_minutes(self):
        """Minutes an adult reads the body in, at least 1, at the language's silent reading speed.

        Parsing the body costs a page more than most of its parts: the article
        page keeps the figure with the article's other pieces (``selectors.byline_fragment``).
        """
        words = len(strip_tags(self.body or "").split())
        return max(1, round(words / READING_WORDS_PER_MINUTE.get(self.language, 228)))

    @property
    def was_revised(self):
        """Whether readers should be told the text changed after publication."""
        return bool(self.revised_at and self.published_at and self.revised_at > self.published_at)

    def get_language_display_name(self):
        return language_name(self.language)

    def clean(self):
        # Publishing without a date means "now": the editor pressed publish.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if not self.slug:
            self.slug = slugify(self.title, allow_unicode=True)[: self._meta.get_field("slug").max_length]
            if not self.slug:
                raise ValidationError(
                    {"slug": _("Type a slug: the title has no letters or digits to make one from.")}
                )


# Related articles -----------------------------------------------------------
#
# The list under a story is built from two sources: the editor's pins
# (``RelatedArticle``, in the editor's order) and precomputed suggestions
# (``RelatedSuggestion``, refreshed by ``articles.services``) that fill the
# places the pins leave. ``RelatedExclusion`` records suggestions an editor
# rejected for one article. The reader block is read by
# ``articles.selectors.related_articles``.


def not_related_to_itself(name, message=_("An article cannot be related to itself.")):
    """The database's guard that a related-article row never points an article at itself."""
    return models.CheckConstraint(
        condition=~models.Q(article=models.F("target")), name=name, violation_error_message=message
    )


class RelatedLinkMixin(models.Model):
    """A link from an article to another (the target) in the same language."""

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        try:
            # The article may be new and unsaved (the admin's add form), so compare objects.
            article, target = self.article, self.target
        except ObjectDoesNotExist:
            return
        if article.pk is not None and article.pk == target.pk:
            raise ValidationError({"target": _("An article cannot be related to itself.")})
        if article.language != target.language:
            raise ValidationError(
                {
                    "target": _("Choose an article in %(language)s, the language of this article.")
                    % {"language": language_name(article.language)}
                }
            )


class RelatedArticle(RelatedLinkMixin):
    """A related article an editor pinned under a story, in the editor's order.

    Pins come first in the reader's list. A pin whose target is no longer
    published stays here (so the editor can see it in the broken-pins report)
    but is skipped on the page, where a suggestion takes its place.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="related_pins"
    )
    target = models.ForeignKey(
        Article, verbose_name=_("related article"), on_delete=models.CASCADE, related_name="pinned_on"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        # Positions are kept 1..n by the services; the primary key breaks ties
        # left by hand edits so the order is always the same.
        ordering = ["position", "pk"]
        verbose_name = _("pinned related article")
        verbose_name_plural = _("pinned related articles")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target"],
                name="unique_related_pin",
                violation_error_message=_("This article is already in the related list."),
            ),
            not_related_to_itself("related_pin_not_self"),
        ]

    def __str__(self):
        return f"{self.article} → {self.target}"


class RelatedExclusion(RelatedLinkMixin):
    """An article an editor does not want suggested under one story."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="related_exclusions"
    )
    target = models.ForeignKey(
        Article, verbose_name=_("excluded article"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("excluded suggestion")
        verbose_name_plural = _("excluded suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target"],
                name="unique_related_exclusion",
                violation_error_message=_("This article is already excluded from the suggestions."),
            ),
            not_related_to_itself("related_exclusion_not_self"),
        ]

    def __str__(self):
        return f"{self.article} ✕ {self.target}"


class RelatedSuggestion(models.Model):
    """A precomputed automatic suggestion, with the reasons it was chosen.

    Rows are rewritten by ``articles.services.refresh_related_suggestions``;
    nobody edits them. The reasons are kept so editors can see why a story
    was suggested without recomputing anything.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="related_suggestions"
    )
    target = models.ForeignKey(
        Article, verbose_name=_("suggested article"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    shared_tags = models.JSONField(_("shared tags"), default=list, blank=True, help_text=_("Tag ids."))
    same_section = models.BooleanField(_("same section"), default=False)
    text_similarity = models.FloatField(_("text similarity"), default=0.0)
    similar_words = models.JSONField(_("similar words"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        ordering = ["article", "rank"]
        verbose_name = _("related article suggestion")
        verbose_name_plural = _("related article suggestions")
        constraints = [
            models.UniqueConstraint(fields=["article", "target"], name="unique_related_suggestion"),
            models.UniqueConstraint(fields=["article", "rank"], name="unique_related_suggestion_rank"),
            not_related_to_itself("related_suggestion_not_self", message=None),
        ]

    def __str__(self):
        return f"{self.article} ~ {self.target} ({self.score:.2f})"


class BrokenRelatedPin(RelatedArticle):
    """Pins whose target readers cannot see: the admin's "broken pins" report."""

    class Meta:
        proxy = True
        verbose_name = _("broken related pin")
        verbose_name_plural = _("broken related pins")


class FrontPage(models.Model):
    """One edition's front page as editors curate it: a lead story and top stories, in their order.

    One row per edition (its language); its picks are ``FrontPagePick`` rows. The
    page falls back to the newest stories for any place editors left empty, and
    skips a pick readers cannot see (taken down, or not live yet).
    """

    language = models.CharField(_("edition"), max_length=8, choices=settings.LANGUAGES, unique=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("front page")
        verbose_name_plural = _("front pages")

    def __str__(self):
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


class FrontPagePick(models.Model):
    """A story an editor put on an edition's front page; position 1 is the lead."""

    front_page = models.ForeignKey(FrontPage, verbose_name=_("front page"), on_delete=models.CASCADE, related_name="picks")
    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="front_page_picks")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        # Positions are kept 1..n by ``services.set_front_page``; the key breaks ties left by hand edits.
        ordering = ["position", "pk"]
        verbose_name = _("front-page story")
        verbose_name_plural = _("front-page stories")
        constraints = [
            models.UniqueConstraint(
                fields=["front_page", "article"],
                name="unique_front_page_pick",
                violation_error_message=_("This article is already on the front page."),
            ),
        ]

    def __str__(self):
        return f"{self.front_page}: {self.article}"


class ArticleReadCount(models.Model):
    """How many times readers opened one article on one day (what "most read" ranks).

    Never written by a page view: reads are added up in the cache and added
    here in batches by a background job (``articles/reads.py``).
    """

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="read_counts")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        verbose_name = _("article read count")
        verbose_name_plural = _("article read counts")
        constraints = [
            # Day first: its index is also the range scan of "the last two days" (selectors.most_read).
            models.UniqueConstraint(fields=["day", "article"], name="unique_article_read_day"),
        ]

    def __str__(self):
        return f"{self.article} ({self.day}): {self.count}"
