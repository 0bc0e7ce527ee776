"""The admin's "Import from WordPress" form: one or more export files, a language, a dry run."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

#: More files than this in one run is a mistake (a whole folder picked), not an archive.
MAX_FILES = 20


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".xml,text/xml,application/xml,application/rss+xml"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, (list, tuple)) else [data]
        files = [single(file, initial) for file in files if file] or [single(None, initial)]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Give at most %(count)d files at once.") % {"count": MAX_FILES})
        return files


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("WordPress export files"),
        help_text=_("From Tools › Export › All content on each WordPress site. Give both sites' files together to pair them."),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Only for a single-language site whose export does not say its language."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"), required=False, help_text=_("Report what the import would do, and write nothing.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Each post's own (Polylang, or the language the export declares)")),
                                           *settings.LANGUAGES]
