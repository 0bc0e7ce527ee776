"""The background jobs in the admin: what ran, what waits, what failed and why (read-only).

Replaces django-tasks-db's own admin, whose names are not translated, with the
``Job`` proxy of the same table: each attempt of a job is one row, a failed
one with its traceback.
"""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import queue
from .models import Job

STATUS_LABELS = {
    TaskResultStatus.READY: pgettext_lazy("job status", "Waiting"),
    TaskResultStatus.RUNNING: pgettext_lazy("job status", "Running"),
    TaskResultStatus.FAILED: pgettext_lazy("job status", "Failed"),
    TaskResultStatus.SUCCESSFUL: pgettext_lazy("job status", "Done"),
}

if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() in STATUS_LABELS else queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("job", "status_label", "attempt", "arguments", "queued", "started", "finished")
    list_filter = (StatusFilter,)
    ordering = ("-enqueued_at",)
    fields = (
        "job", "status_label", "attempt", "arguments", "queued", "run_after_label", "started", "finished",
        "workers", "exception", "formatted_traceback",
    )
    readonly_fields = fields

    actions = ("run_again",)

    # The rows are the queue's own record: nobody edits or deletes them here (prune_db_task_results does).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_run_again_permission(self, request):
        return request.user.is_superuser

    @admin.action(description=_("Run the selected failed jobs again"), permissions=["run_again"])
    def run_again(self, request, queryset):
        count = queue.run_again(queryset.filter(status=TaskResultStatus.FAILED))
        message = ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", count) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)

    @admin.display(description=_("job"), ordering="task_path")
    def job(self, job):
        return job.task_path.rsplit(".", 1)[-1]

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, job):
        return STATUS_LABELS.get(job.status, job.status)

    @admin.display(description=_("attempt"))
    def attempt(self, job):
        return job.args_kwargs.get("kwargs", {}).get("attempt", 1)

    @admin.display(description=_("arguments"))
    def arguments(self, job):
        kwargs = {name: value for name, value in job.args_kwargs.get("kwargs", {}).items() if name != "attempt"}
        return ", ".join(f"{name}={value}" for name, value in kwargs.items()) or "-"

    # The library's field names are not translated; these columns say the same in both languages.

    @admin.display(description=_("queued"), ordering="enqueued_at")
    def queued(self, job):
        return job.enqueued_at

    @admin.display(description=_("started"), ordering="started_at")
    def started(self, job):
        return job.started_at

    @admin.display(description=_("finished"), ordering="finished_at")
    def finished(self, job):
        return job.finished_at

    @admin.display(description=_("exception"))
    def exception(self, job):
        return job.exception_class_path or "-"

    @admin.display(description=_("not before"))
    def run_after_label(self, job):
        return job.run_after if job.run_after and job.run_after.year < 9999 else "-"

    @admin.display(description=_("workers"))
    def workers(self, job):
        return ", ".join(job.worker_ids) or "-"

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, job):
        return format_html("<pre>{}</pre>", job.traceback) if job.traceback else "-"
