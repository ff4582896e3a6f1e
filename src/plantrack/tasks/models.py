"""Tasks (任务) given out from the plan, the units' progress reports with evidence, and supervision items (督办)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan, PlanCommitment, PlanNode


class Task(models.Model):
    """重点任务: a plan node's or commitment's work, led by one unit (牵头) with supporting units (配合).

    A task is known by its title within its plan, so importing the same 分工方案 again finds the same tasks.
    `progress`, `last_period` and `last_reported_at` repeat the lead unit's latest report, so that a list of
    thousands of tasks needs no join to show where each one stands.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("推进中")
        # The lead unit reported 100%: the planning office reviews the work before the task counts as done.
        REVIEW = "review", _("待审核销号")
        DONE = "done", _("已完成")

    class Frequency(models.TextChoices):
        MONTHLY = "M", _("按月报送")
        QUARTERLY = "Q", _("按季报送")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks")
    node = models.ForeignKey(PlanNode, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    commitment = models.ForeignKey(
        PlanCommitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    chapter_number = models.PositiveIntegerField(_("章"), null=True, blank=True)
    title = models.CharField(_("任务"), max_length=500)
    lead_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="led_tasks",
                                  verbose_name=_("牵头单位"))
    supporting_units = models.ManyToManyField(OrgUnit, blank=True, related_name="supported_tasks",
                                              verbose_name=_("配合单位"))
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    deadline_text = models.CharField(_("完成时限（原文）"), max_length=100, blank=True)
    is_ongoing = models.BooleanField(_("长期任务"), default=False)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="tasks", verbose_name=_("服务指标"))
    report_frequency = models.CharField(_("报送频率"), max_length=1, choices=Frequency.choices,
                                        default=Frequency.QUARTERLY)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    progress = models.DecimalField(_("进度(%)"), max_digits=5, decimal_places=2, default=0)
    last_period = models.CharField(_("最近报送期"), max_length=8, blank=True)
    last_reported_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # As the 分工方案 writes them: the concrete measures (具体举措) and remarks, the heading row the task stood under,
    # the lead as written when it is not a unit of the tree (a company: the office follows it), the supporting
    # bodies that are not units (各有关部门, companies), and the office's own columns (附加属性, {header: text}).
    measures = models.TextField(_("具体举措"), blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    heading = models.CharField(_("所属章节标题"), max_length=200, blank=True)
    lead_text = models.CharField(_("牵头单位（原文）"), max_length=200, blank=True)
    other_units = models.CharField(_("其他配合单位（原文）"), max_length=500, blank=True)
    extra = models.JSONField(_("附加属性"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "title"], name="task_plan_title_unique")]
        indexes = [
            models.Index(fields=["lead_unit", "status", "deadline"], name="task_lead_status"),
            models.Index(fields=["plan", "chapter_number"], name="task_plan_chapter"),
        ]
        verbose_name = _("任务")
        verbose_name_plural = _("任务")

    def __str__(self) -> str:
        return self.title


class TaskProgress(models.Model):
    """One unit's progress report on a task for one period (进展报送); reporting the period again replaces it."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("报告期"), max_length=8)
    text = models.TextField(_("进展情况"))
    percent = models.DecimalField(_("完成进度(%)"), max_digits=5, decimal_places=2)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField()

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period"], name="taskprogress_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.period}"


class TaskEvidence(models.Model):
    """A file that backs a progress report (佐证材料), stored under the data dir by a random name."""

    report = models.ForeignKey(TaskProgress, on_delete=models.CASCADE, related_name="evidence")
    original_name = models.CharField(max_length=200)
    stored_name = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class SupervisionItem(models.Model):
    """督办: a task that is overdue, or whose lead unit missed a period's report, with who must answer by when.

    One item per task, reason and period: running the check again finds the same item rather than a new one.
    """

    class Reason(models.TextChoices):
        OVERDUE = "overdue", _("逾期未完成")
        UNREPORTED = "unreported", _("未按期报送进展")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="supervision_items")
    reason = models.CharField(_("督办事由"), max_length=12, choices=Reason.choices)
    period = models.CharField(_("报告期"), max_length=8, blank=True)
    owner_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="supervision_items",
                                   verbose_name=_("责任单位"))
    due_date = models.DateField(_("办结时限"))
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Closing(models.TextChoices):
        REPORTED = "reported", _("已报送")
        COMPLETED = "completed", _("任务完成经审核")
        CANCELLED = "cancelled", _("销号")

    # How an item was closed: only by its cause being answered or by the office's 销号 with a note; an item is
    # never deleted, so missed reports stay in the record for 考核.
    closed_how = models.CharField(_("办结方式"), max_length=10, choices=Closing.choices, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    close_note = models.CharField(_("销号说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "reason", "period"], name="supervision_once_per_cause"),
        ]
        indexes = [models.Index(fields=["owner_unit", "closed_at"], name="supervision_owner_open")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.task}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class TaskChange(models.Model):
    """The audit trail of a task (变更记录): who gave it out, changed it or reported on it, when, and old → new."""

    class Action(models.TextChoices):
        CREATED = "created", _("分配")
        UPDATED = "updated", _("修改")
        REPORTED = "reported", _("报送进展")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    changes = models.JSONField(default=dict, help_text="field → [old, new] as text")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.task}"


class UnitAlias(models.Model):
    """Another name a 分工方案 gives a unit (规范简称 "自治区发展改革委", an old name, an abbreviation); the office
    keeps the list. Names derived by rule (自治区 dropped, 和 dropped, 委员会 → 委) need no entry."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("单位"))
    alias = models.CharField(_("别名"), max_length=100, unique=True)

    class Meta:
        ordering = ["unit__path", "alias"]
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")

    def __str__(self) -> str:
        return f"{self.alias} → {self.unit}"
