"""Demo step: sections, tags, authors and the stories of ``stories.py`` in both editions."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from articles import services
from articles.models import Article, Author, Section, Tag

from .images import paint_jpeg
from .stories import AUTHORS, SECTIONS, STORIES, TAGS

# Demo stories are published at a fixed hour so repeated loads agree.
PUBLICATION_HOUR = 9


def _vocabulary(model, rows, lookup, fields):
    """get_or_create each row of shared vocabulary; return them by key."""
    objects = {}
    for position, row in enumerate(rows):
        defaults = {field: row[field] for field in fields if field in row}
        if model is Section:
            defaults["position"] = position
        obj, _created = model.objects.get_or_create(**{lookup: row[lookup]}, defaults=defaults)
        objects[row["key"]] = obj
    return objects


def _body_html(paragraphs):
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def _publication_time(days_ago):
    """Morning of the day *days_ago* before the latest morning that has passed.

    Anchored on the last morning already gone by, not on today's date: loaded
    just after midnight, "today at nine" is still ahead, and the newest story
    would wait as scheduled instead of leading the front page.
    """
    now = timezone.localtime()
    morning = now.replace(hour=PUBLICATION_HOUR, minute=0, second=0, microsecond=0)
    if morning > now:
        morning -= datetime.timedelta(days=1)
    return morning - datetime.timedelta(days=days_ago)


def _image(story, other_version):
    """The story's photo: the stored file of its version in another language, if there is one (one file per photo)."""
    # Read again: its copies may have been made (and recorded) since it was saved.
    shared = other_version and Article.objects.filter(pk=other_version.pk).exclude(image="").values(*SHARED_IMAGE_FIELDS).first()
    if shared:
        return shared
    return {"image": ContentFile(paint_jpeg(story["image_palette"], story["key"]), name=f"{story['key']}.jpg")}


#: What the language versions of a story share of its photo: the stored file and what is known of it.
SHARED_IMAGE_FIELDS = ("image", "image_width", "image_height", "image_bytes", "image_variants")


def _article(story, language, vocabulary, other_version=None):
    """The demo article of *story* in *language*: found, or written through the one save service."""
    version = story[language]
    existing = Article.objects.filter(language=language, slug=version["slug"]).first()
    if existing is not None:
        return existing, False
    article = Article(
        language=language,
        slug=version["slug"],
        title=version["title"],
        summary=version["summary"],
        body=_body_html(version["paragraphs"]),
        **_image(story, other_version),
        image_alt=version["image_alt"],
        image_caption=version["image_caption"],
        image_credit=version["image_credit"],
        section=vocabulary["sections"][story["section"]],
        status=Article.Status.PUBLISHED,
        published_at=_publication_time(story["days_ago"]),
    )
    services.save_article(
        article=article,
        authors=[vocabulary["authors"][key] for key in story["authors"]],
        tags=[vocabulary["tags"][key] for key in story["tags"]],
    )
    return article, True


def load(context, stdout):
    vocabulary = {
        "sections": _vocabulary(Section, SECTIONS, "slug_en", ("name_en", "name_ar", "slug_en", "slug_ar")),
        "tags": _vocabulary(Tag, TAGS, "slug_en", ("name_en", "name_ar", "slug_en", "slug_ar")),
        "authors": _vocabulary(Author, AUTHORS, "slug", ("name_en", "name_ar", "bio_en", "bio_ar")),
    }
    stories, created_count = {}, 0
    for story in STORIES:
        versions = {}
        for language in ("en", "ar"):
            if story.get(language):
                other = next(iter(versions.values()), None)
                versions[language], created = _article(story, language, vocabulary, other)
                created_count += created
        stories[story["key"]] = versions
    context["stories"] = stories
    context["vocabulary"] = vocabulary
    stdout.write(f"Articles: {created_count} created, {sum(map(len, stories.values())) - created_count} already there.")
