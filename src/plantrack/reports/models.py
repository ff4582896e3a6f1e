"""Evaluation reports (报告): the monthly briefing, the mid-term and the final evaluation, each frozen at generation.

A report's `snapshot` holds every figure it prints, copied from the stored assessments when it was generated;
its files (.docx, .pdf, .html, the annexes as .xlsx) are rendered from that snapshot and the paragraphs people
rewrote (`texts`), never from live data. A report goes 草稿 → 审核 → 定稿; a 定稿's files are rendered once and never
again, and asking again for a report whose newest version is a 定稿 makes a new version beside it.
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

    class Stage(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("审核")
        FINAL = "final", _("定稿")

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
    # The run making the report now; a run whose token was cleared (the draft asked for again) stores nothing.
    run_token = models.CharField(max_length=32, blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(_("办理阶段"), max_length=8, choices=Stage.choices, default=Stage.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    # People's wording of the drafted paragraphs, by paragraph key; the numbers and tables are never here.
    texts = models.JSONField(default=dict, blank=True)
    finalized_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "as_of", "version"], name="report_one_per_version"),
        ]
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
        XLSX = "xlsx", "Excel (.xlsx)"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    annex = models.CharField(max_length=40, blank=True)  # an annex (附表) file's name; "" for the report itself
    path = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "annex", "format"]
        constraints = [models.UniqueConstraint(fields=["report", "format", "annex"], name="reportfile_unique_annex")]


class ReportEvent(models.Model):
    """Who did what to a report, when: generated, a paragraph rewritten (old and new words), sent for review,
    returned, approved as 定稿, a 自评 paragraph merged."""

    class Action(models.TextChoices):
        GENERATED = "generated", _("生成草稿")
        REGENERATED = "regenerated", _("重新生成草稿")
        EDITED = "edited", _("修改段落")
        SUBMITTED = "submitted", _("提交审核")
        RETURNED = "returned", _("退回修改")
        FINALIZED = "finalized", _("审定为定稿")
        CONTRIBUTION_REQUESTED = "asked", _("请求自评")
        CONTRIBUTED = "contributed", _("报送自评")
        MERGED = "merged", _("合并自评")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    key = models.CharField(max_length=40, blank=True)
    old_text = models.TextField(blank=True)
    new_text = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class ReportContribution(models.Model):
    """A 厅局's or 盟市's own assessment (自评) of one section, asked for by the office, written by the unit,
    merged by the office into that section's paragraph."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("段落"), max_length=40)
    text = models.TextField(_("自评内容"), blank=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    written_at = models.DateTimeField(null=True, blank=True)
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "unit", "key"], name="contribution_once")]
