"""Forms of the articles app."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import editions, services
from .models import Article

#: Text fields whose writing direction follows the article's language.
DIRECTIONAL_FIELDS = ("title", "slug", "summary", "body", "image_alt", "image_caption", "image_credit")


class ArticleAdminForm(forms.ModelForm):
    """The article form; text fields are right-to-left while the article is Arabic.

    A save that would publish is refused next to the form to a user who may
    not publish (the admin hides those fields from them; this is the check
    behind it, the same one ``services.save_article`` makes).

    It carries the ``edit_version`` it was read at, so a save made after
    someone else's is refused (``services.EditConflict``) instead of
    overwriting it. The admin then shows the form again as typed, with
    ``edit_conflict`` set: the error, and "Save mine anyway", which saves over
    the version shown in the conflict (and no later one).
    """

    #: The user filling the form in, set by the admin (``ArticleAdmin.get_form``).
    editor = None

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    # The version the conflict showed: "Save mine anyway" may replace that one, not one saved after it.
    conflict_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    save_mine_anyway = forms.BooleanField(
        label=_("Save mine anyway"),
        required=False,
        help_text=_("Replace their version with yours when you save. Their text stays in the history."),
    )

    #: The ``services.EditConflict`` that refused this form's save, when it is shown again.
    edit_conflict = None

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.initial.get("language") or self.instance.language
        if not editions.is_edition(language):  # e.g. ?language=zz on the add page
            language = settings.LANGUAGE_CODE
        for name in DIRECTIONAL_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update({"dir": editions.direction(language), "lang": language})
        self.fields["edit_version"].initial = self.instance.edit_version if self.instance.pk else None
        if self.edit_conflict is not None and self.is_bound:
            self._offer_to_save_over(self.edit_conflict.current)

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what the form would save
        if self.editor is None:
            return
        try:
            services.check_may_publish(article=self.instance, by=self.editor)
        except ValidationError as error:
            self.add_error(None, error)

    def _offer_to_save_over(self, current):
        """Shown again after a conflict: the box starts unticked, and would save over *current* only."""
        data = self.data.copy()
        data.pop(self.add_prefix("save_mine_anyway"), None)
        data[self.add_prefix("conflict_version")] = "" if current is None else str(current.edit_version)
        self.data = data

    def clean(self):
        cleaned_data = super().clean()
        if self.edit_conflict is not None:
            raise ValidationError(
                [
                    *self.edit_conflict.messages,
                    _("Your text is still in the form. Compare it with theirs below; to keep yours, tick "
                      "“Save mine anyway” and save again."),
                ],
                code="edit_conflict",
            )
        return cleaned_data

    def seen_version(self):
        """The edit version this save may replace: the one the form was read at, or the conflict's when overriding."""
        data = self.cleaned_data
        if data.get("save_mine_anyway") and data.get("conflict_version") is not None:
            return data["conflict_version"]
        return data.get("edit_version")
