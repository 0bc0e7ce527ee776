"""The WordPress import in the admin: the "Import from WordPress" page and the runs it started (read-only).

Importing writes and publishes a whole archive, so the page is for users with
the ``wordpress.run_import`` permission only (superusers, and the
Administrator role through ``"*"``). The upload is stored and handed to a
background job (``wordpress.tasks.run_import``); the run's page shows its
progress, then its report. A job that fails is also in the jobs admin.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import ImportForm
from .report import Report, Warning
from .models import ImportRun

RUN_PERMISSION = "wordpress.run_import"


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("created_at", "file_names", "status", "progress", "dry_run", "posts", "warning_count", "created_by")
    list_filter = ("status", "dry_run")
    list_select_related = ("created_by",)
    fields = ("file_names", "images_from", "status", "progress", "language", "dry_run", "overwrite_edits", "created_by", "created_at",
              "finished_at", "error_text", "posts", "warning_count", "report_text", "warning_list")
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.has_perm(RUN_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(RUN_PERMISSION)

    # Runs are the job's record: started from the import page, never typed in or edited.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="wordpress_importrun_import"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"import_url": reverse("admin:wordpress_importrun_import")} | (extra_context or {})
        return super().changelist_view(request, extra)

    def import_view(self, request):
        """Upload the exports and queue the run; its page then shows how it goes."""
        if not request.user.has_perm(RUN_PERMISSION):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            run = services.start_import(files=data["files"], language=data["language"], dry_run=data["dry_run"],
                                        by=request.user, uploads_folder=data.get("uploads_folder") or "",
                                        uploads_zip=data.get("uploads_zip"), overwrite_edits=data["overwrite_edits"])
            self.message_user(request, gettext("The import is queued: this page shows its progress and its report."),
                              messages.SUCCESS)
            return redirect("admin:wordpress_importrun_change", run.pk)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": gettext("Import from WordPress")}
        return TemplateResponse(request, "admin/wordpress/importrun/import.html", context)

    @admin.display(description=_("files"))
    def file_names(self, run):
        return ", ".join(file["name"] for file in run.files)

    @admin.display(description=_("featured images from"))
    def images_from(self, run):
        if run.uploads.get("folder"):
            return gettext("Folder %(name)s on the server") % {"name": run.uploads["folder"]}
        if run.uploads.get("name"):
            return gettext("Zip %(name)s") % {"name": run.uploads["name"]}
        return gettext("No featured images")

    @admin.display(description=_("progress"))
    def progress(self, run):
        return f"{run.done} / {run.total}" if run.total else "–"

    @admin.display(description=_("posts"))
    def posts(self, run):
        counts = run.report.get("posts", {})
        if not counts:
            return "–"
        return gettext("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped") % {
            key: counts.get(key, 0) for key in ("created", "updated", "unchanged", "skipped")
        }

    @admin.display(description=_("error"))
    def error_text(self, run):
        """The run's error in the language of whoever reads it, when the run kept it as a sentence and its details."""
        if isinstance(kept := run.report.get("error"), list) and len(kept) == 2:
            message, details = kept
            return gettext(message) % details if details else gettext(message)
        return run.error or "–"

    @admin.display(description=_("warnings"))
    def warning_count(self, run):
        return run.report.get("warning_count", "–")

    @admin.display(description=_("report"))
    def report_text(self, run):
        if not run.report:
            return "–"
        # Written again from the stored counts, in the language of whoever reads it.
        lines = Report.from_dict(run.report).lines() if "posts" in run.report else run.report.get("lines")
        return format_html("<pre>{}</pre>", "\n".join(lines)) if lines else "–"

    @admin.display(description=_("warnings"))
    def warning_list(self, run):
        rows = run.report.get("warnings", [])
        if not rows:
            return "–"
        # Each message in the language of whoever reads it.
        warnings = [Warning.from_row(row) for row in rows]
        items = format_html_join("", "<li>{} #{} {}: {}</li>",
                                 ((warning.site, warning.wp_id, warning.title, warning.text()) for warning in warnings))
        return format_html("<ul>{}</ul>", items)
