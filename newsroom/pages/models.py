"""The outlet's own pages (about us, contact, corrections policy): one row per page per edition.

A page is written separately in each language, as a story is: its versions
share a ``translation_key`` (one per language, by constraint), so the language
switch of one leads to the other. The body is rich text cleaned by the same
allow-list as article bodies (``articles/sanitizer.py``) on every save. Pages
live at ``/<edition>/pages/<slug>/``, apart from the stories, sections and
tags, so no page slug can ever shadow another address.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.editions import url_in
from articles.fields import SanitizedHTMLField

SLUG_TAKEN = _("This edition already has a page at this address: choose another slug.")
VERSION_TAKEN = _("That page already has a version in this language.")


class SitePageQuerySet(models.QuerySet):
    def published(self):
        """What a reader may see: published pages only (drafts answer 404)."""
        return self.filter(is_published=True)


class SitePage(models.Model):
    """One of the outlet's pages in one edition's language."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("The last part of the page's address (/en/pages/about/). Unique within its edition."),
    )
    body = SanitizedHTMLField(pgettext_lazy("site page", "body"), blank=True)
    is_published = models.BooleanField(pgettext_lazy("site page", "published"), default=False, help_text=_("Readers see only published pages."))
    translation_key = models.UUIDField(
        _("page"),
        default=uuid.uuid4,
        editable=False,
        db_index=True,
        help_text=_("Shared by the versions of one page in different languages."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SitePageQuerySet.as_manager()

    class Meta:
        ordering = ["language", "title"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"],
                name="site_page_unique_slug_per_language",
                violation_error_message=SLUG_TAKEN,
                violation_error_code="slug_taken",
            ),
            models.UniqueConstraint(
                fields=["translation_key", "language"],
                name="site_page_one_version_per_language",
                violation_error_message=VERSION_TAKEN,
                violation_error_code="version_taken",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # The page's own edition, whatever language is active (the admin's "view on site").
        return url_in(self.language, "pages:page", slug=self.slug)

    def versions(self):
        """The other language versions of this page (published or not)."""
        return SitePage.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk)

    def check_counterpart(self, counterpart):
        """Raise ``ValidationError`` unless *counterpart* can be this page's version in another language."""
        if counterpart.language == self.language:
            raise ValidationError(_("Choose a page in another language."), code="same_language")
        taken = SitePage.objects.filter(translation_key=counterpart.translation_key, language=self.language)
        if taken.exclude(pk=self.pk).exists():
            raise ValidationError(VERSION_TAKEN, code="version_taken")
