"""The queue as the admin shows it, and the marks periodic work keeps.

``Job`` is django-tasks-db's own table seen through a proxy: the admin lists
it under this app with the newsroom's (translated) names, and the library's
migrations stay untouched.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class Job(DBTaskResult):
    class Meta:
        proxy = True
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")


class Checkpoint(models.Model):
    """How far a piece of periodic work has got, e.g. up to when go-live work was enqueued.

    Written in the transaction that enqueues the work, so the mark and the
    jobs it stands for are committed together or not at all.
    """

    name = models.CharField(_("name"), max_length=64, unique=True)
    reached_at = models.DateTimeField(_("reached at"))

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self):
        return f"{self.name}: {self.reached_at:%Y-%m-%d %H:%M}"
