"""Model fields of the articles app."""

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
