"""Stored assessments (评估结果) per indicator, unit and as-of period, and the warnings (预警) they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plantrack.core.assess import Status
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit

STATUS_CHOICES = [
    (Status.COMPLETED.value, _("已完成")),
    (Status.AHEAD.value, _("超前")),
    (Status.ON_TRACK.value, _("符合预期")),
    (Status.LAGGING.value, _("滞后")),
    (Status.SERIOUSLY_LAGGING.value, _("严重滞后")),
    (Status.NOT_ASSESSABLE.value, _("无法评估")),
]


class Assessment(models.Model):
    """One judgement of an indicator for a unit as of a period, from approved values only.

    A year period ("2027") judges the five-year target on yearly values; a month or quarter ("2027M6", "2027Q2")
    judges the year-to-date value against that year's AnnualTarget. `result` is the core's `to_dict()`.
    Derived data: `plantrack assess-all` rebuilds every row.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="assessments")
    period = models.CharField(_("评估期"), max_length=10)
    year = models.PositiveSmallIntegerField(_("年份"))
    # "Y", "Q" or "M", and an ordinal that sorts periods of one kind in time (plantrack.core.periods).
    period_kind = models.CharField(max_length=1, default="Y")
    period_ordinal = models.PositiveIntegerField(default=0)
    status = models.CharField(_("评估状态"), max_length=10, choices=STATUS_CHOICES)
    method = models.CharField(_("评估方法"), max_length=32)
    pace_ratio = models.FloatField(null=True, blank=True)
    elapsed = models.FloatField(_("时序进度"), null=True, blank=True)
    completion = models.FloatField(_("完成进度"), null=True, blank=True)
    required_rate = models.FloatField(null=True, blank=True)
    latest_year = models.PositiveSmallIntegerField(null=True, blank=True)
    latest_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    projection_year = models.PositiveSmallIntegerField(null=True, blank=True)
    projection_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    explanation = models.TextField(_("说明"))
    result = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"], name="assessment_unique"),
        ]
        indexes = [
            models.Index(fields=["unit", "period"]),
            models.Index(fields=["status"]),
        ]
        verbose_name = _("评估结果")
        verbose_name_plural = _("评估结果")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.period}: {self.status}"


# Named for the domain's word (预警); this app never needs the builtin Warning.
class Warning(models.Model):
    """预警: a real deterioration (into 滞后 / 严重滞后), a binding indicator off course, a required rate beyond the
    series' best year, or a unit that stopped reporting; open until someone acknowledges it."""

    class Kind(models.TextChoices):
        BINDING_LAGGING = "binding_lagging", _("约束性指标滞后")
        WORSENED = "worsened", _("评估状态变差")
        BEYOND_RECORD = "beyond_record", _("所需增速超出历史最好水平")
        STOPPED_REPORTING = "stopped_reporting", _("连续未报送")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="warnings")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="warnings")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="warnings")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("评估状态"), max_length=10, choices=STATUS_CHOICES)
    previous_status = models.CharField(_("原状态"), max_length=10, blank=True)
    message = models.TextField(_("预警内容"))
    raised_at = models.DateTimeField(_("预警时间"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    note = models.TextField(_("处理说明"), blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["unit", "acknowledged_at"])]
        verbose_name = _("预警")
        verbose_name_plural = _("预警")

    def __str__(self) -> str:
        return self.message

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


# A person's judgement says where a target stands; "not assessable" is what it exists to replace.
JUDGED_STATUS_CHOICES = [choice for choice in STATUS_CHOICES if choice[0] != Status.NOT_ASSESSABLE.value]


class ManualJudgement(models.Model):
    """人工研判: a reasoned judgement of a target no figure can decide, one version per row.

    Written (with evidence) by one person, submitted, and approved by a second person who is not the author; only
    then does it stand as the year's assessment, marked 人工研判, never mixed with computed ones. A new judgement of
    the same indicator, unit and year is a new version: earlier ones stay readable, approved or returned.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审核")
        APPROVED = "approved", _("已审核")
        RETURNED = "returned", _("已退回")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="manual_judgements")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="manual_judgements")
    year = models.PositiveSmallIntegerField(_("年份"))
    version = models.PositiveSmallIntegerField(_("版本"))
    status = models.CharField(_("研判结论"), max_length=10, choices=JUDGED_STATUS_CHOICES)
    reasoning = models.TextField(_("研判理由"))
    state = models.CharField(_("审核状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    evidence_name = models.CharField(_("佐证材料"), max_length=200, blank=True)
    evidence_stored_name = models.CharField(max_length=100, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    evidence_size = models.PositiveIntegerField(null=True, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("撰写时间"))
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["indicator", "unit", "year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year", "version"], name="manualjudgement_version"),
        ]
        indexes = [models.Index(fields=["indicator", "state"])]
        verbose_name = _("人工研判")
        verbose_name_plural = _("人工研判")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit.code} {self.year} v{self.version}: {self.status}（{self.state}）"
