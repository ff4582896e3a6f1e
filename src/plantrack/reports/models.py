"""Evaluation reports (报告): the monthly briefing, the mid-term and the final evaluation, each frozen at generation.

A report's `snapshot` holds every figure it prints, copied from the stored assessments when it was generated;
its files (.docx, .pdf, .html) are rendered from that snapshot only, so a report never changes afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plantrack.plans.models import Plan


class Report(models.Model):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("月度研判")
        MIDTERM = "midterm", _("中期评估")
        FINAL = "final", _("总结评估")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已生成")
        FAILED = "failed", _("生成失败")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("报告类型"), max_length=10, choices=Kind.choices)
    as_of = models.CharField(_("截至"), max_length=10)
    title = models.CharField(_("标题"), max_length=300)
    formats = models.JSONField(default=list)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("评估报告")
        verbose_name_plural = _("评估报告")

    def __str__(self) -> str:
        return self.title


class ReportFile(models.Model):
    """One rendering of a report; `path` is relative to the reports folder in the data directory."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        PDF = "pdf", "PDF"
        HTML = "html", "HTML"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    path = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "format"]
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="reportfile_unique")]
