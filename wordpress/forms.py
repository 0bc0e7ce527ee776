"""The admin's "Import from WordPress" form: export files, where featured images are, a language, a dry run, overwriting edits."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import uploads

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
    uploads_folder = forms.ChoiceField(
        label=_("Featured images from a folder on the server"),
        required=False,
        help_text=_("A copy of wp-content/uploads placed in the server's uploads folder."),
    )
    uploads_zip = forms.FileField(
        label=_("Featured images from a zip"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        help_text=_("A zip of the site's wp-content/uploads folder. Only its images are used."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"), required=False, help_text=_("Report what the import would do, and write nothing.")
    )
    overwrite_edits = forms.BooleanField(
        label=_("Overwrite edits made in Newsroom"), required=False,
        help_text=_("A post imported before whose article was edited here since is left as the editor made it, "
                    "and reported. Tick this to give it WordPress's version instead."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Each post's own (Polylang, or the language the export declares)")),
                                           *settings.LANGUAGES]
        folders = uploads.folder_choices()
        if folders:
            self.fields["uploads_folder"].choices = [("", _("No folder")), *((name, name) for name in folders)]
        else:  # no folder on the server to offer (NEWSROOM_WORDPRESS_UPLOADS_ROOT unset or empty)
            del self.fields["uploads_folder"]

    def clean_uploads_zip(self):
        upload = self.cleaned_data.get("uploads_zip")
        if upload:
            try:
                uploads.check_zip(upload)
            except uploads.UploadsRefused as error:
                raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("uploads_folder") and cleaned.get("uploads_zip"):
            raise forms.ValidationError(_("Give the featured images either as a folder or as a zip, not both."))
        return cleaned
