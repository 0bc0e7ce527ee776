"""Model fields of the articles app."""

import hashlib

from django.db import models
from django_prose_editor.fields import ProseEditorField

from .sanitizer import EDITOR_EXTENSIONS, sanitize_html


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
