"""Revisions of articles, kept by django-reversion: what a revision holds and how it is read back.

Why django-reversion: it is maintained, made for the Django admin, stores a
revision as one row per object (the article and each of its pins) in a
serialised form that survives schema changes, and its context manager nests,
so the services open a revision block each and the admin's save (article
form, then pins inline) still makes one revision. Its ``VersionAdmin`` views
are not used: they revert rows directly, around the services; here restoring
and recovering go through ``services.save_article`` like any other save, and
the history is paginated (``articles/revisions_admin.py``).

What a revision of an article holds: its own fields (tags and authors as the
lists of their ids, which the article's row carries) and its pins
(``RelatedArticle`` rows, followed). Tags and authors are shared vocabulary
and are not copied: restoring a story must not rename a tag on every other
story. Bookkeeping that says nothing about the story (when its suggestions
were computed, the edit counter, the text fingerprint derived from the text)
is left out.
"""

import json
from dataclasses import dataclass, field

import reversion
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_noop
from reversion.models import Revision, Version

from . import bulk
from .models import SEARCH_FIELDS, Article, Author, RelatedArticle, Section, Tag
from .textdiff import text_changes

#: Fields a revision leaves out (see the module docstring).
UNVERSIONED_FIELDS = ("suggestions_refreshed_at", "edit_version", "text_fingerprint", *SEARCH_FIELDS)
#: Fields restoring a revision puts back. Not the language or the story link (the story may have
#: gained versions since), nor who created it when.
RESTORED_FIELDS = (
    "title", "slug", "summary", "body", "image", "image_width", "image_height", "image_bytes", "image_caption", "image_credit",
    "section_id", "status", "published_at", "no_support_appeal",
)

#: Revision comments written by the services (stored as these English texts, shown translated).
COMMENT_RESTORED = gettext_noop("Restored from an earlier revision.")
COMMENT_RECOVERED = gettext_noop("Recovered after it was deleted.")
COMMENT_DELETED = gettext_noop("Deleted.")
COMMENT_PINS = gettext_noop("Pinned related articles changed.")


def register():
    """Put articles and their pins under revision control (called once, from the app's ``ready``)."""
    if not reversion.is_registered(Article):
        reversion.register(Article, exclude=UNVERSIONED_FIELDS, follow=("related_pins",))
        reversion.register(RelatedArticle, fields=("article", "target", "position"))


def record_new_in_bulk(articles, *, by=None, comment="", pins=None):
    """Keep one revision holding a version of each of *articles*, new and just inserted; return it.

    What ``reversion.add_to_revision`` would store for each (the article's
    fields in the same JSON form, its tags and authors as lists of ids, its
    ``str`` as the shown name), written with one INSERT for the revision and
    one COPY for all its versions. django-reversion serialises object by object
    (a serialiser, a stream and a copy of its pending versions each time),
    which cost an importer's batch more than inserting the articles did.

    Each article must carry its authors and tags in ``_prefetched_objects_cache``
    (as the bulk insert leaves them): nothing is read back. A new article has
    no pins, so a version of it holds none, as the followed relation would
    (``record_in_bulk`` passes the *pins* of existing articles).
    """
    if not articles:
        return None
    return record_serialized(serialized_versions(articles), by=by, comment=comment, pins=pins)


def serialized_versions(articles):
    """``[(object id, serialised data, shown name)]``: what a version of each of *articles* stores (no query).

    The first half of ``record_new_in_bulk``, for a caller with time to fill
    (a bulk insert serialises while the database computes search vectors).
    Each article carries its authors and tags, as ``record_new_in_bulk`` says.
    """
    options = reversion.revisions._get_options(Article)
    # One python-serialiser pass over the batch; each object dumped as the JSON serialiser writes
    # a one-object list (``serializers.serialize("json", (obj,))``): the same text, byte for byte.
    # Tags and authors are added after the serialiser's pass, from the lists carried, in the order it
    # would add them (after every other field): left to it, it builds a queryset per article and
    # relation before looking at the carried lists, which cost more than the rest of the version.
    related = [field.name for field in Article._meta.local_many_to_many if field.serialize and field.name in options.fields]
    own = [name for name in options.fields if name not in related]
    objects = serializers.serialize("python", articles, fields=own, use_natural_foreign_keys=options.use_natural_foreign_keys)
    for article, data in zip(articles, objects, strict=True):
        for name in related:
            data["fields"][name] = [item.pk for item in article._prefetched_objects_cache[name]]
    return [
        (str(article.pk), "[" + json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False) + "]", str(article))
        for article, data in zip(articles, objects, strict=True)
    ]


def record_serialized(versions, *, by=None, comment="", pins=None):
    """Keep one revision holding *versions* (``serialized_versions``) and those of *pins*; return it.

    One INSERT for the revision and one COPY for all its versions.
    """
    content_type = ContentType.objects.get_for_model(Article)
    database = router.db_for_write(Article)
    revision = Revision.objects.create(date_created=timezone.now(), user=by, comment=comment or "")
    columns = ("revision_id", "content_type_id", "object_id", "db", "format", "serialized_data", "object_repr")
    rows = [[revision.pk, content_type.pk, object_id, database, "json", data, shown] for object_id, data, shown in versions]
    rows += _pin_rows(revision, pins or (), database)
    bulk.copy_rows(Version, columns, rows)
    return revision


def record_in_bulk(articles, *, by=None, comment=""):
    """``record_new_in_bulk`` for articles that exist already: each with its pins, as ``record`` keeps them.

    For a bulk update (``services.update_articles_in_bulk``): the articles'
    tags and authors are read in two queries and their pins in one, then one
    revision holds a version of each article and of each of its pins, as
    ``record`` would add them one article at a time.
    """
    if not articles:
        return None
    ids = [article.pk for article in articles]
    carried = {article.pk: {"authors": [], "tags": []} for article in articles}
    for name, model in (("authors", Author), ("tags", Tag)):
        through = Article._meta.get_field(name).remote_field.through
        column = model._meta.model_name
        order = [f"{column}__{name}" for name in model._meta.ordering]  # as the serialiser reads the relation
        rows = through.objects.filter(article_id__in=ids).order_by(*order).values_list("article_id", f"{column}_id")
        for article_id, pk in rows:
            carried[article_id][name].append(model(pk=pk))
    by_pk = {article.pk: article for article in articles}
    pins = list(RelatedArticle.objects.filter(article_id__in=ids).select_related("target").order_by("pk"))
    for pin in pins:
        pin.article = by_pk[pin.article_id]  # its repr names the article as just saved, without reading it back
    for article in articles:
        article._prefetched_objects_cache = {name: items for name, items in carried[article.pk].items()}
    try:
        return record_new_in_bulk(articles, by=by, comment=comment, pins=pins)
    finally:
        for article in articles:
            del article._prefetched_objects_cache


def _pin_rows(revision, pins, database):
    """Version rows of *pins* (``RelatedArticle``), serialised as django-reversion serialises a followed object."""
    if not pins:
        return []
    options = reversion.revisions._get_options(RelatedArticle)
    content_type = ContentType.objects.get_for_model(RelatedArticle)
    return [
        [revision.pk, content_type.pk, str(pin.pk), database, options.format,
         serializers.serialize(options.format, (pin,), fields=options.fields,
                               use_natural_foreign_keys=options.use_natural_foreign_keys), str(pin)]
        for pin in pins
    ]  # fmt: skip


def record(article):
    """Add *article* and its current pins, as stored now, to the open revision block.

    Pins are renumbered with ``bulk_update``, which sends no signal, so the
    services call this once their writes are done.
    """
    reversion.add_to_revision(article)
    for pin in RelatedArticle.objects.filter(article=article):
        reversion.add_to_revision(pin)


def versions_of(article_id):
    """The revisions of one article, newest first, each with its revision and its author (one query a page)."""
    return (
        Version.objects.get_for_object_reference(Article, str(article_id))
        .select_related("revision__user")
        .order_by("-revision_id")
    )


def version_of(article_id, version_id):
    """One revision of one article, or ``None`` (a version of another object is not one of its revisions)."""
    return versions_of(article_id).filter(pk=version_id).first()


def deleted_articles():
    """The last revision of each deleted article, newest deletion first."""
    return Version.objects.get_deleted(Article).select_related("revision__user").order_by("-revision_id")


def describe(comment):
    """A revision's comment in the reader's language: the admin's change message, or a service's own words."""
    if comment.startswith("["):
        return LogEntry(change_message=comment).get_change_message() or gettext("No fields changed.")
    return gettext(comment) if comment else ""


def who(user):
    return (user.get_full_name() or user.get_username()) if user else ""


@dataclass
class Snapshot:
    """An article as a revision holds it (or as it is now): its fields by attribute name, tags, authors and pins."""

    version: Version | None
    fields: dict
    tag_ids: list = field(default_factory=list)
    author_ids: list = field(default_factory=list)
    pin_target_ids: list = field(default_factory=list)

    @property
    def article(self):
        """An unsaved article built from the revision (its primary key and story link included)."""
        return self.version._object_version.object


def snapshot(version):
    """Read *version* (of an article) back, with the pins saved in the same revision."""
    fields = dict(version.field_dict)
    pins = Version.objects.filter(
        revision_id=version.revision_id, content_type=ContentType.objects.get_for_model(RelatedArticle)
    )
    rows = sorted(
        (pin.field_dict["position"], int(pin.object_id), pin.field_dict["target_id"])
        for pin in pins
        if str(pin.field_dict["article_id"]) == version.object_id
    )
    return Snapshot(
        version=version,
        fields=fields,
        tag_ids=list(fields.pop("tags", [])),
        author_ids=list(fields.pop("authors", [])),
        pin_target_ids=[target_id for _position, _pk, target_id in rows],
    )


def existing_pins(article, target_ids):
    """The articles among *target_ids* that can still be pinned under *article*, in that order."""
    targets = Article.objects.filter(pk__in=target_ids, language=article.language).exclude(pk=article.pk)
    found = {target.pk: target for target in targets}
    return [found[pk] for pk in target_ids if pk in found]


def existing(model, ids):
    """The ids among *ids* whose rows still exist (a tag or author may have been deleted since)."""
    return list(model.objects.filter(pk__in=ids).values_list("pk", flat=True))


def section_exists(section_id):
    return Section.objects.filter(pk=section_id).exists()



def of_article(article):
    """*article* as it is stored now, in the shape of a ``Snapshot`` (three queries)."""
    return Snapshot(
        version=None,
        fields={f.attname: getattr(article, f.attname) for f in Article._meta.concrete_fields},
        tag_ids=list(article.tags.values_list("pk", flat=True)),
        author_ids=list(article.authors.values_list("pk", flat=True)),
        pin_target_ids=list(
            RelatedArticle.objects.filter(article=article).order_by("position", "pk").values_list("target_id", flat=True)
        ),
    )


#: Fields compared as values, not word by word (the text fields are diffed).
VALUE_FIELDS = ("slug", "image", "image_caption", "image_credit", "section_id", "status", "published_at", "no_support_appeal")


def _names(model, ids):
    if model is Article:
        return dict(Article.objects.filter(pk__in=ids).values_list("pk", "title"))
    return {item.pk: str(item) for item in model.objects.filter(pk__in=ids)}


def _shown(name, value, sections):
    """A stored value as an editor reads it."""
    if value in (None, ""):
        return ""
    if name == "section_id":
        return sections.get(value, "")
    if name == "status":
        return str(Article.Status(value).label)
    if name == "published_at":
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if name == "no_support_appeal":
        return gettext("Yes") if value else gettext("No")
    return str(value)


def _listed(ids, names):
    return gettext(", ").join(names.get(pk) or gettext("deleted (#%(id)s)") % {"id": pk} for pk in ids)


def compare(old, new):
    """What changed from snapshot *old* to *new*: the text word by word, and ``(label, before, after)`` for the rest.

    A constant number of queries, whatever the snapshots hold (one per kind of name shown).
    """
    changes = text_changes(old.fields, new.fields)
    sections = _names(Section, {old.fields.get("section_id"), new.fields.get("section_id")})
    others = []
    for name in VALUE_FIELDS:
        before, after = _shown(name, old.fields.get(name), sections), _shown(name, new.fields.get(name), sections)
        if before != after:
            label = Article._meta.get_field(name.removesuffix("_id")).verbose_name
            others.append((label, before, after))
    lists = (
        (Article._meta.get_field("tags").verbose_name, Tag, "tag_ids", sorted),
        (Article._meta.get_field("authors").verbose_name, Author, "author_ids", sorted),
        (RelatedArticle._meta.verbose_name_plural, Article, "pin_target_ids", list),
    )
    for label, model, key, order in lists:
        before, after = order(getattr(old, key)), order(getattr(new, key))
        if before != after:
            names = _names(model, {*before, *after})
            others.append((label, _listed(before, names), _listed(after, names)))
    return changes, others


def conflict_diff(current, typed, typed_pin_ids=None):
    """Their version (*current*, the article as saved) against the editor's: ``(text changes, other changes)``.

    *typed* maps ``title``, ``summary`` and ``body`` to what the editor typed;
    *typed_pin_ids*, when given, are the pins in the editor's order. Any page
    that catches ``services.EditConflict`` (the article form, the translator's
    page) shows this with ``articles/admin/includes/text_diff.html``.
    """
    theirs = of_article(current)
    yours = Snapshot(
        version=None,
        fields={name: typed.get(name, "") for name in ("title", "summary", "body")},
        tag_ids=theirs.tag_ids,
        author_ids=theirs.author_ids,
        pin_target_ids=theirs.pin_target_ids if typed_pin_ids is None else list(typed_pin_ids),
    )
    theirs.fields = {name: theirs.fields[name] for name in ("title", "summary", "body")}
    return compare(theirs, yours)
