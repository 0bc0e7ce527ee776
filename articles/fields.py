"""Model fields of the articles app, and the form field that goes with the image field."""

import hashlib

from django import forms
from django.db import models
from django.db.models.fields.files import ImageFieldFile, ImageFileDescriptor
from django_prose_editor.fields import ProseEditorField

from .images import SanitizedImage, sanitize_image
from .sanitizer import EDITOR_EXTENSIONS, sanitize_html

#: What the browser's file picker offers; the server still judges by content.
ACCEPTED_TYPES = "image/jpeg,image/png,image/webp"


class SanitizedHTMLField(ProseEditorField):
    """Rich text edited with ProseMirror and cleaned by the allow-list on *every* save.

    The editor's own sanitiser runs only in form validation; cleaning again in
    ``pre_save`` covers writes from services, imports and the shell too.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": EDITOR_EXTENSIONS})
        kwargs.setdefault("sanitize", sanitize_html)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def text_fingerprint(*texts):
    """A short fingerprint of some texts: equal texts, equal fingerprints (32 hex characters)."""
    digest = hashlib.blake2b(digest_size=16)
    for text in texts:
        digest.update((text or "").encode("utf-8"))
        digest.update(b"\x1f")  # a separator, so ("ab", "c") and ("a", "bc") differ
    return digest.hexdigest()


def fill_fingerprints(model, *, covered, target, batch=2000):
    """Set *target* to the fingerprint of the *covered* fields on every row of *model*, in batches.

    For data migrations that add a fingerprint column to rows already written:
    an archive may hold hundreds of thousands, so rows are read and written a
    batch at a time, never all at once.
    """
    rows = model.objects.order_by("pk").only("pk", *covered)
    pending = []
    for row in rows.iterator(chunk_size=batch):
        setattr(row, target, text_fingerprint(*(getattr(row, name) for name in covered)))
        pending.append(row)
        if len(pending) == batch:
            model.objects.bulk_update(pending, [target])
            pending = []
    model.objects.bulk_update(pending, [target])


class TextFingerprintField(models.CharField):
    """The fingerprint of some text fields of the same row, recomputed on every save.

    Declare it after the fields it covers: their own ``pre_save`` (the body's
    sanitiser) has run by then, so it fingerprints what is stored. Comparing
    fingerprints tells whether the text changed without reading the text.
    """

    def __init__(self, *args, of=(), **kwargs):
        self.covered = tuple(of)
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.covered
        for key, value in (("max_length", 32), ("editable", False), ("default", "")):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = text_fingerprint(*(getattr(model_instance, name) for name in self.covered))
        setattr(model_instance, self.attname, value)
        return value


class SearchTextField(models.TextField):
    """Another field of the same row in its searched form (``articles.search.search_text``), on every save.

    Declare it after the field it covers (the body's sanitiser runs first).
    Bulk writes that skip ``pre_save`` (COPY) fill it with ``search_text``
    themselves.
    """

    def __init__(self, *args, of="", markup=False, **kwargs):
        self.covered, self.markup = of, markup
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["of"] = self.covered
        if self.markup:
            kwargs["markup"] = True
        for key, value in (("editable", False), ("default", "")):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        from .search import search_text  # search imports suggestions; fields stays light for migrations

        value = search_text(getattr(model_instance, self.covered), markup=self.markup)
        setattr(model_instance, self.attname, value)
        return value


class SanitizedImageFormField(forms.ImageField):
    """An image upload that is re-encoded while the form is validated.

    Doing it here, not at save time, turns a damaged, oversized or wrong-type
    file into an error next to the field instead of a failed save; the model
    field then stores the result without encoding it a second time.
    """

    def to_python(self, data):
        # forms.FileField's checks (empty upload, ...) without forms.ImageField's
        # own Pillow pass, which would accept any format Pillow knows.
        upload = forms.FileField.to_python(self, data)
        return None if upload is None else sanitize_image(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ACCEPTED_TYPES
        return attrs


class SanitizedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store *content* re-encoded without metadata, under a random name.

        Every way a new file reaches the field ends here: a form, an importer
        assigning a ``File``, ``article.image.save(...)``. *name* (the
        uploader's file name) is deliberately ignored.
        """
        if not isinstance(content, SanitizedImage):
            content = sanitize_image(content)
        super().save(content.name, content, save)


class SanitizedImageFileDescriptor(ImageFileDescriptor):
    """Forgets the resized copies of the file (``variants_field``) when another file takes its place.

    A replaced or removed image has no copies until the job makes them. A
    row being read, or a new row given a stored file (a translation sharing
    its source's picture), keeps the copies it comes with, and so does a form
    that assigns the same file again.
    """

    def __set__(self, instance, value):
        previous = instance.__dict__.get(self.field.attname)
        super().__set__(instance, value)
        if previous is not None and self.field.variants_field and _name(previous) != _name(value):
            setattr(instance, self.field.variants_field, "")


def _name(file):
    return getattr(file, "name", file) or ""


class SanitizedImageField(models.ImageField):
    """An image field that never stores an upload as it was sent (see ``articles.images``).

    A stored file assigned by name (a translation sharing its source's
    picture) is committed already, so it is kept as it is.
    """

    attr_class = SanitizedImageFieldFile
    descriptor_class = SanitizedImageFileDescriptor
    # The file's content decides what it is (sanitize_image), never its extension.
    default_validators = []

    def __init__(self, *args, size_field=None, variants_field=None, **kwargs):
        # Like width_field and height_field: the stored file's size in bytes, kept on the row so a
        # feed can give each enclosure its length without asking the storage once per story.
        self.size_field = size_field
        # The widths of the file's resized copies (articles/variants.py): a new file has none yet.
        self.variants_field = variants_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.size_field:
            kwargs["size_field"] = self.size_field
        if self.variants_field:
            kwargs["variants_field"] = self.variants_field
        return name, path, args, kwargs

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        super().update_dimension_fields(instance, force, *args, **kwargs)
        # Only when a file is assigned (force), never when a row is read: loading a list
        # of stories must not touch the storage, and a deferred column is left alone.
        if self.size_field and force and self.attname in instance.__dict__:
            setattr(instance, self.size_field, stored_size(getattr(instance, self.attname)))

    def formfield(self, **kwargs):
        # The stored name is random and short, so the uploader's name may be any length.
        return super().formfield(**{"form_class": SanitizedImageFormField, "max_length": None, **kwargs})


def stored_size(file):
    """The size in bytes of an image field's file, or None when there is none or it cannot be read."""
    if not file:
        return None
    try:
        return file.size
    except (OSError, ValueError):
        return None
