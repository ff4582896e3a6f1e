"""Monitoring data (监测数据): reporting rounds, reported values with their approval state and full history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan


class Channel(models.TextChoices):
    """How a value came in; every channel goes through the same service and checks."""

    FORM = "form", _("网页填报")
    TEMPLATE = "template", _("Excel模板")
    BULK = "bulk", _("批量导入")
    API = "api", _("接口")
    SYSTEM = "system", _("系统")


class ReportingRound(models.Model):
    """A reporting round (填报轮次) for one period: who must report what, by when.

    `period` is an ISO-like code: "2026" (year), "2026Q3" (quarter), "2026M10" (month).
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="rounds")
    period = models.CharField(_("报告期"), max_length=10)
    title = models.CharField(_("名称"), max_length=100)
    deadline = models.DateField(_("截止日期"))
    is_open = models.BooleanField(_("开放填报"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-period"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="round_period_unique")]
        verbose_name = _("填报轮次")
        verbose_name_plural = _("填报轮次")

    def __str__(self) -> str:
        return self.title


class DataValue(models.Model):
    """One figure: indicator × org unit × period, moving draft → submitted → approved | returned.

    `value` is the working figure; `approved_value` the last approved one, which stays the official figure while
    a correction of it is on its way through the same path. `revision` grows with every write, so two people
    acting on the same value at once cannot both win (the second is told the value changed).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("已退回")

    # The composite indexes below cover these keys; single-column FK indexes would only slow bulk imports.
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values", db_index=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="values", db_index=False)
    period = models.CharField(_("报告期"), max_length=10)
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=6)
    approved_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    comment = models.TextField(_("备注"), blank=True)
    explanation = models.TextField(_("预警说明"), blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    round = models.ForeignKey(
        ReportingRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="values", db_index=False
    )
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"], name="datavalue_unique"),
        ]
        indexes = [
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["round", "state"]),
            # Completeness of rounds counts values by period, unit and state from this index alone, in its order.
            models.Index(fields=["period", "unit", "state", "indicator"], name="datavalue_period_unit"),
            # The review queue and the count of values awaiting review read only the submitted values.
            models.Index(fields=["state", "unit", "period"], name="datavalue_state_unit"),
        ]
        verbose_name = _("监测数据")
        verbose_name_plural = _("监测数据")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period} = {self.value}"


def _state_label(code: str) -> str:
    """A state code in words (草稿, 已提交 …); an empty code (before the first entry) is —."""
    if not code:
        return "—"
    try:
        return str(DataValue.State(code).label)
    except ValueError:
        return code


class DataValueChange(models.Model):
    """History of a value: who did what, when, through which channel, old → new. Never updated or deleted."""

    class Action(models.TextChoices):
        ENTER = "enter", _("录入")
        CHANGE = "change", _("修改")
        SUBMIT = "submit", _("提交")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")

    data_value = models.ForeignKey(DataValue, on_delete=models.PROTECT, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    old_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    new_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    old_state = models.CharField(max_length=10, blank=True)
    new_state = models.CharField(max_length=10)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    comment = models.TextField(blank=True)
    # The warning's explanation (预警说明) as it was set by this change; a database default, so history rows
    # written in bulk without it (approvals, returns) need not name it.
    explanation = models.TextField(blank=True, default="", db_default="")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["data_value", "at", "id"]

    @property
    def old_state_label(self) -> str:
        return _state_label(self.old_state)

    @property
    def new_state_label(self) -> str:
        return _state_label(self.new_state)


class ValidationRule(models.Model):
    """校验规则 an admin writes; range and outlier checks also run from the indicator's own settings."""

    class Kind(models.TextChoices):
        RANGE = "range", _("取值范围")
        OUTLIER = "outlier", _("异常波动")
        PART_OF_WHOLE = "part_le_whole", _("部分不大于整体")
        CHILDREN_SUM = "children_sum", _("下级之和等于上级")
        YTD_NOT_FALLING = "ytd_monotonic", _("累计值不下降")

    class Severity(models.TextChoices):
        ERROR = "error", _("错误(阻止提交)")
        WARNING = "warning", _("预警(需说明)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="validation_rules")
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    severity = models.CharField(_("级别"), max_length=8, choices=Severity.choices, default=Severity.ERROR)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rules")
    whole_indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="rules_as_whole"
    )
    min_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    max_change_ratio = models.DecimalField(
        _("最大变动比例"), max_digits=10, decimal_places=4, null=True, blank=True,
        help_text="outlier: a change against the previous period or the unit's history larger than this fires",
    )
    tolerance = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["plan", "indicator", "kind"]
