"""The article admin's revisions: history, comparing, restoring, recovering deleted articles, and edit conflicts.

``RevisionAdminMixin`` (used by ``articles.admin.ArticleAdmin``) gives:

* the **history** (the admin's own History link): revisions newest first, who,
  when and what, paginated, so its cost does not grow with the article's
  revisions; pick two to **compare** them word by word;
* **restore** a revision (a new revision, through ``services.restore_revision``:
  change permission; the page's edit version guards it like a form);
* **recover** a deleted article (add permission), listed from the revisions
  kept when it was deleted;
* the **edit conflict**: a save refused by ``services.EditConflict`` is shown
  again with what the editor typed, the error, their change against the
  editor's, and "Save mine anyway". The admin's save (article form, then the
  pins inline) runs in one revision block, so it makes one revision, whose
  comment is the admin's change message.

Views only read and call services; every write is in ``articles.services``.
"""

import json

import reversion
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from . import revisions, services

HISTORY_PER_PAGE = 50


class RevisionAdminMixin:
    """History, compare, restore and recover for the article admin; the change form's conflict handling."""

    def _revision_url(self, name, *args):
        return reverse(f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("recover/", view(self.recover_list_view), name=f"{info}_recover_list"),
            path("recover/<int:version_id>/", view(self.recover_view), name=f"{info}_recover"),
            path("<path:object_id>/history/compare/", view(require_GET(self.compare_view)), name=f"{info}_compare"),
            path("<path:object_id>/history/<int:version_id>/restore/", view(self.restore_view), name=f"{info}_restore"),
        ] + super().get_urls()

    def _article(self, request, object_id, *, change=False):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("This article does not exist (it may have been deleted)."))
        allowed = self.has_change_permission if change else self.has_view_or_change_permission
        if not allowed(request, article):
            raise PermissionDenied
        return article

    def _revision_page(self, request, template, title, original=None, **context):
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.opts, "original": original, "title": title, **context},
        )

    # The history, and comparing two revisions.

    def history_view(self, request, object_id, extra_context=None):
        """The article's revisions (replacing the admin's log-entry history, whose messages they carry)."""
        article = self._article(request, object_id)
        versions = revisions.versions_of(article.pk).defer("serialized_data")  # the list shows no content
        page = Paginator(versions, HISTORY_PER_PAGE).get_page(request.GET.get("p"))
        can_restore = self.has_change_permission(request, article)
        rows = [
            {
                "version": version,
                "who": revisions.who(version.revision.user),
                "comment": revisions.describe(version.revision.comment),
                "restore_url": self._revision_url("restore", article.pk, version.pk) if can_restore else "",
            }
            for version in page
        ]
        title = gettext("History of “%(title)s”") % {"title": article.title}
        return self._revision_page(
            request, "articles/admin/revision_history.html", title, article,
            page=page, rows=rows, compare_url=self._revision_url("compare", article.pk), **(extra_context or {}),
        )

    def compare_view(self, request, object_id):
        """Two revisions (``?old=&new=``, version ids) word by word; "current" stands for the article as it is."""
        article = self._article(request, object_id)
        old, new = (self._side(article, request.GET.get(key)) for key in ("old", "new"))
        changes, others = revisions.compare(old, new)
        title = gettext("Changes to “%(title)s”") % {"title": article.title}
        return self._revision_page(
            request, "articles/admin/revision_compare.html", title, article,
            old=old, new=new, changes=changes, others=others,
            history_url=self._revision_url("history", article.pk),
        )

    def _side(self, article, version_id):
        if version_id == "current":
            return revisions.of_article(article)
        version = revisions.version_of(article.pk, version_id) if (version_id or "").isdecimal() else None
        if version is None:
            raise Http404(gettext("This revision does not exist."))
        return revisions.snapshot(version)

    # Restoring a revision.

    def restore_view(self, request, object_id, version_id):
        """GET: what restoring would change; POST: restore it (a new revision) and open the article."""
        article = self._article(request, object_id, change=True)
        version = revisions.version_of(article.pk, version_id)
        if version is None:
            raise Http404(gettext("This revision does not exist."))
        if request.method == "POST":
            return self._restore(request, article, version)
        changes, others = revisions.compare(revisions.of_article(article), revisions.snapshot(version))
        title = gettext("Restore “%(title)s” as it was?") % {"title": article.title}
        return self._revision_page(
            request, "articles/admin/revision_restore.html", title, article,
            version=version, who=revisions.who(version.revision.user), changes=changes, others=others,
            history_url=self._revision_url("history", article.pk),
        )

    def _restore(self, request, article, version):
        seen = request.POST.get("edit_version", "")
        try:
            lost = services.restore_revision(
                article=article, version=version, by=request.user, seen_version=int(seen) if seen.isdecimal() else None
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(self._revision_url("history", article.pk))
        self.message_user(request, gettext("The article was restored as it was in that revision."), messages.SUCCESS)
        if lost:
            self._pins_lost(request, lost)
        return HttpResponseRedirect(self._revision_url("change", article.pk))

    def _pins_lost(self, request, lost):
        self.message_user(
            request,
            ngettext(
                "%(count)d pinned article was not restored: it no longer exists.",
                "%(count)d pinned articles were not restored: they no longer exist.",
                lost,
            ) % {"count": lost},
            messages.WARNING,
        )

    # Recovering deleted articles.

    def _can_recover(self, request):
        # Undoing a deletion is for those who may delete articles as well as add them (not a reporter).
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def _may_recover(self, request):
        if not self._can_recover(request):
            raise PermissionDenied

    def recover_list_view(self, request):
        self._may_recover(request)
        page = Paginator(revisions.deleted_articles(), HISTORY_PER_PAGE).get_page(request.GET.get("p"))
        rows = [
            {
                "version": version,
                "who": revisions.who(version.revision.user),
                "recover_url": self._revision_url("recover", version.pk),
            }
            for version in page
        ]
        return self._revision_page(request, "articles/admin/recover_list.html", gettext("Recover deleted articles"), page=page, rows=rows)

    def recover_view(self, request, version_id):
        """GET: confirm; POST: bring the article back (a new revision) and open it."""
        self._may_recover(request)
        version = revisions.deleted_articles().filter(pk=version_id).first()
        if version is None:
            raise Http404(gettext("There is no deleted article to recover here."))
        if request.method != "POST":
            title = gettext("Recover “%(title)s”?") % {"title": version.object_repr}
            return self._revision_page(request, "articles/admin/recover_confirm.html", title, version=version)
        try:
            article = services.recover_article(version=version, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(self._revision_url("recover_list"))
        self._recovered(request, article)
        return HttpResponseRedirect(self._revision_url("change", article.pk))

    def _recovered(self, request, article):
        self.message_user(request, gettext("“%(title)s” was recovered.") % {"title": article.title}, messages.SUCCESS)
        if not article.relinked:
            self.message_user(
                request,
                gettext("Its story has another version in this language now, so it was recovered unlinked."),
                messages.WARNING,
            )
        if article.pins_lost:
            self._pins_lost(request, article.pins_lost)

    def changelist_view(self, request, extra_context=None):
        recover_url = self._revision_url("recover_list") if self._can_recover(request) else ""
        return super().changelist_view(request, {"recover_url": recover_url, **(extra_context or {})})

    # The change form: one revision per save, and edit conflicts.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with reversion.create_revision():
                reversion.set_user(request.user)
                return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EditConflict as conflict:
            # Nothing was written (the save rolled back). Validate the same POST again with the
            # conflict as the form's error: the page shows everything as the editor typed it.
            request.edit_conflict = conflict
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        conflict = getattr(request, "edit_conflict", None)
        if conflict is None:
            return form
        return type(form.__name__, (form,), {"edit_conflict": conflict})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        conflict = getattr(request, "edit_conflict", None)
        if conflict is not None and conflict.current is not None:
            context["edit_conflict"] = self._conflict_context(conflict.current, context)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _conflict_context(self, current, context):
        """Their version (saved) against the editor's (typed): text word by word, and the pins."""
        form = context["adminform"].form
        typed = {name: form.cleaned_data.get(name, form.data.get(name, "")) for name in ("title", "summary", "body")}
        changes, others = revisions.conflict_diff(current, typed, self._typed_pins(context))
        return {
            "changes": changes,
            "others": others,
            "language": current.language,
            "history_url": self._revision_url("history", current.pk),
        }

    @staticmethod
    def _typed_pins(context):
        """The pins as the editor's inline lists them, or ``None`` if it did not validate."""
        for inline in context.get("inline_admin_formsets", ()):
            targets_in_order = getattr(inline.formset, "targets_in_order", None)
            if targets_in_order is not None:
                try:
                    return [target.pk for target in targets_in_order()]
                except (AttributeError, KeyError):  # a row that did not validate has no cleaned data
                    return None
        return None

    def log_addition(self, request, obj, message):
        self._comment(message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._comment(message)
        return super().log_change(request, obj, message)

    @staticmethod
    def _comment(message):
        """The admin's change message becomes the revision's comment (shown in the reader's language)."""
        if reversion.is_active():
            reversion.set_comment(json.dumps(message) if isinstance(message, list) else str(message))

