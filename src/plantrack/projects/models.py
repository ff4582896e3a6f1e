"""The project ledger (重大项目台账): projects, their approval procedures, investment by period and weekly dispatch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import PlanNode


class ProcedureKind(models.Model):
    """One approval procedure on the checklist (用地预审, 环评批复, …); the office may add, rename or retire kinds.

    `aliases` are the other names sheets give the column ("环评" for 环评批复), one per line.
    """

    name = models.CharField(_("手续名称"), max_length=50, unique=True)
    aliases = models.TextField(_("别名"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("审批手续")
        verbose_name_plural = _("审批手续")

    def __str__(self) -> str:
        return self.name

    def names(self) -> list[str]:
        return [self.name, *(a.strip() for a in self.aliases.splitlines() if a.strip())]


class Project(models.Model):
    """重大项目: one row of the ledger. Known by its project code, or by its name within its region while it has none.

    `open_procedures` repeats the names of the procedures not yet done, so the "手续未办结" list of thousands of
    projects needs no join; the services keep it in step with the checklist.
    """

    class Status(models.TextChoices):
        PLANNING = "planning", _("谋划")
        PREPARING = "preparing", _("前期")
        BUILDING = "building", _("在建")
        COMPLETED = "completed", _("竣工")

    code = models.CharField(_("项目代码"), max_length=24, null=True, blank=True, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    region = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="projects",
                               verbose_name=_("所属地区"))
    owner_company = models.CharField(_("项目单位"), max_length=200, blank=True)
    category = models.CharField(_("项目类别"), max_length=50, blank=True)
    content = models.TextField(_("建设内容"), blank=True)
    node = models.ForeignKey(PlanNode, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects",
                             verbose_name=_("服务规划章节"))
    chapter_number = models.PositiveIntegerField(_("章"), null=True, blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="projects", verbose_name=_("服务指标"))
    total_investment_wan = models.DecimalField(_("总投资（万元）"), max_digits=16, decimal_places=2)
    annual_plan_wan = models.DecimalField(_("年度计划投资（万元）"), max_digits=16, decimal_places=2, null=True,
                                          blank=True)
    completed_wan = models.DecimalField(_("累计完成投资（万元）"), max_digits=16, decimal_places=2, default=0)
    planned_start = models.DateField(_("计划开工"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工"), null=True, blank=True)
    actual_completion = models.DateField(_("实际竣工"), null=True, blank=True)
    status = models.CharField(_("项目状态"), max_length=10, choices=Status.choices, default=Status.PLANNING)
    problems = models.TextField(_("存在问题"), blank=True)
    # As the ledger writes them: the place (a 苏木镇, or several places) beside the unit it is filed under, the
    # leader and unit answerable for it, the span of years, remarks, and the columns an office keeps that have no
    # field here (附加属性, {header: text}), shown on the project's page and written back on export.
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    liaison_leader = models.CharField(_("包联领导"), max_length=100, blank=True)
    responsible_unit = models.CharField(_("责任单位"), max_length=200, blank=True)
    construction_period = models.CharField(_("建设起止年限"), max_length=50, blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    extra = models.JSONField(_("附加属性"), default=dict, blank=True)
    open_procedures = models.JSONField(default=list, blank=True)
    has_open_procedures = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="project_region_name_unique")]
        indexes = [
            models.Index(fields=["has_open_procedures", "region"], name="project_open_region"),
            models.Index(fields=["status"], name="project_status"),
        ]
        verbose_name = _("重大项目")
        verbose_name_plural = _("重大项目")

    def __str__(self) -> str:
        return self.name


class ProjectProcedure(models.Model):
    """A project's state on one procedure of the checklist, with the date it was done."""

    class State(models.TextChoices):
        DONE = "done", _("已办结")
        IN_PROGRESS = "in_progress", _("办理中")
        NOT_STARTED = "not_started", _("未启动")
        NOT_NEEDED = "not_needed", _("无需办理")
        # A blank cell: nobody has said yet, so it counts as open until someone writes 不涉及.
        NOT_FILLED = "not_filled", _("未填写")

    OPEN_STATES = (State.IN_PROGRESS, State.NOT_STARTED, State.NOT_FILLED)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="procedures")
    kind = models.ForeignKey(ProcedureKind, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("办理状态"), max_length=12, choices=State.choices)
    done_on = models.DateField(_("办结日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    department = models.CharField(_("审批部门"), max_length=100, blank=True)
    expected_on = models.DateField(_("预计办结"), null=True, blank=True)
    opened_on = models.DateField(_("开始办理"), null=True, blank=True)  # first seen open: days open count from it
    parallel = models.BooleanField(_("并联审批"), default=False)
    tolerant = models.BooleanField(_("容缺受理"), default=False)

    class Meta:
        ordering = ["kind__order", "kind_id"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="procedure_once_per_project")]

    def __str__(self) -> str:
        return f"{self.project} {self.kind}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ProjectInvestment(models.Model):
    """Planned and completed investment of a project for a year, or a month of it (形象进度), in 万元."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="investments")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_wan = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    completed_wan = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "month"], name="investment_once_per_period"),
            models.UniqueConstraint(fields=["project", "year"], condition=models.Q(month__isnull=True),
                                    name="investment_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}{'' if self.month is None else f'M{self.month}'}"


class DispatchRecord(models.Model):
    """周调度: a unit's weekly account of a project's progress; recording the same week again replaces it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="dispatches")
    week = models.CharField(_("调度周"), max_length=8)  # ISO week, "2027-W14"
    progress = models.TextField(_("本周进展"))
    completed_wan = models.DecimalField(_("累计完成投资（万元）"), max_digits=16, decimal_places=2, null=True,
                                        blank=True)
    week_completed_wan = models.DecimalField(_("本周完成投资（万元）"), max_digits=16, decimal_places=2, null=True,
                                             blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week", "project_id"]
        constraints = [models.UniqueConstraint(fields=["project", "week"], name="dispatch_once_per_week")]
        indexes = [models.Index(fields=["week"], name="dispatch_week")]

    def __str__(self) -> str:
        return f"{self.project} {self.week}"


class Blocker(models.Model):
    """堵点: a problem holding a project up, who must solve it and by when; resolved when they have."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="blockers")
    dispatch = models.ForeignKey(DispatchRecord, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="blockers")
    description = models.TextField(_("堵点问题"))
    owner = models.CharField(_("责任单位"), max_length=100)
    due_date = models.DateField(_("解决时限"))
    resolved_on = models.DateField(_("解决日期"), null=True, blank=True)
    raised_week = models.CharField(_("提出周"), max_length=8)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description[:40]

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None
