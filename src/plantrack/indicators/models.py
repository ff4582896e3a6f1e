"""The indicator registry (指标) that monitoring runs on, and annual targets (年度目标)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan, PlanCommitment, PlanIndicator


class Indicator(models.Model):
    """指标: created from a plan's main-indicator table or a promoted commitment; kept by admins."""

    class Attribute(models.TextChoices):
        EXPECTED = "预期性", _("预期性")
        BINDING = "约束性", _("约束性")

    class TargetType(models.TextChoices):
        LEVEL = "level", _("目标值")
        ANNUAL_GROWTH = "annual_growth", _("年均增速")
        CUMULATIVE = "cumulative", _("累计值")
        BOUND = "bound", _("控制值")
        QUALITATIVE = "qualitative", _("定性目标")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("越高越好")
        LOWER = "lower", _("越低越好")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("月报")
        QUARTERLY = "quarterly", _("季报")
        YEARLY = "yearly", _("年报")

    class ValueKind(models.TextChoices):
        PERIOD = "period", _("当期值")
        YEAR_TO_DATE = "ytd", _("累计值")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="registry")
    code = models.CharField(_("编码"), max_length=32)
    name = models.CharField(_("名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=50, blank=True)
    unit = models.CharField(_("计量单位"), max_length=50, blank=True)
    attribute = models.CharField(_("属性"), max_length=10, choices=Attribute.choices, default=Attribute.EXPECTED)
    target_type = models.CharField(_("目标类型"), max_length=20, choices=TargetType.choices)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    baseline_year = models.PositiveSmallIntegerField(_("基期年"), null=True, blank=True)
    baseline_value = models.DecimalField(_("基期值"), max_digits=20, decimal_places=6, null=True, blank=True)
    baseline_note = models.CharField(_("基期说明"), max_length=100, blank=True)
    target_year = models.PositiveSmallIntegerField(_("目标年"), null=True, blank=True)
    target_value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=6, null=True, blank=True)
    target_value_max = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    target_text = models.CharField(_("目标说明"), max_length=200, blank=True)
    comparator = models.CharField(_("比较"), max_length=8, blank=True)
    frequency = models.CharField(_("报送频率"), max_length=10, choices=Frequency.choices, default=Frequency.YEARLY)
    value_kind = models.CharField(_("数值口径"), max_length=8, choices=ValueKind.choices, default=ValueKind.PERIOD)
    additive_over_units = models.BooleanField(_("下级可加总"), default=False)
    additive_over_time = models.BooleanField(_("跨期可累加"), default=False)
    reporting_units = models.ManyToManyField(OrgUnit, blank=True, related_name="reported_indicators")
    source_row = models.ForeignKey(PlanIndicator, null=True, blank=True, on_delete=models.SET_NULL)
    source_commitment = models.ForeignKey(PlanCommitment, null=True, blank=True, on_delete=models.SET_NULL)
    is_active = models.BooleanField(default=True)
    # Fields an admin changed by hand; rebuilding the registry from a plan version leaves them alone.
    edited_fields = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique")]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def target_without_number(self) -> bool:
        """The plan gives this target no number (定性目标, "完成国家下达目标"): it is judged against a nationally
        assigned figure, the series it must keep pace with, or a person's approved judgement (人工研判)."""
        return self.target_type == self.TargetType.QUALITATIVE or self.target_value is None


class AnnualTarget(models.Model):
    """年度目标: an indicator's target for one year and one unit, from the annual plan or entered by hand."""

    class Source(models.TextChoices):
        REPORT = "report", _("政府工作报告")
        HAND = "hand", _("手工录入")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="annual_targets")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="annual_targets")
    year = models.PositiveSmallIntegerField(_("年份"))
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    value_max = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    comparator = models.CharField(max_length=12)
    text = models.CharField(max_length=300, blank=True)
    source_quote = models.TextField(blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.HAND)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year"], name="annualtarget_unique"),
        ]
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")


class AssignedTarget(models.Model):
    """国家下达的年度目标: the figure a national ministry assigns a unit for one year, with the document it came from.

    A target the plan leaves to the nation ("完成国家下达目标", "达到国家要求") has no number of its own; once the
    office records the year's assigned figure, that year's value is judged against it. The comparator says what
    meeting it means: ≥ (at least: 能耗降低 3.0%), ≤ (at most: PM2.5 ≤ 25), 左右 (near, within the tolerance).
    """

    class Comparator(models.TextChoices):
        AT_LEAST = ">=", _("不低于（≥）")
        AT_MOST = "<=", _("不高于（≤）")
        ABOUT = "~", _("左右")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assigned_targets")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="assigned_targets")
    year = models.PositiveSmallIntegerField(_("年份"))
    value = models.DecimalField(_("下达目标值"), max_digits=20, decimal_places=6)
    comparator = models.CharField(_("比较"), max_length=2, choices=Comparator.choices)
    document_number = models.CharField(_("文号"), max_length=100)
    document_title = models.CharField(_("文件标题"), max_length=300)
    document_date = models.DateField(_("发文日期"))
    # The document itself, when the office keeps a copy (plantrack.uploads.documents checks and stores it).
    file_name = models.CharField(max_length=200, blank=True)
    file_stored_name = models.CharField(max_length=100, blank=True)
    file_content_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)
    # Every earlier version this record replaced (更正记录), oldest first: what was assigned, by which document,
    # recorded by whom and when. A correction never erases what was judged against before it.
    earlier = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["indicator", "unit", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "year"], name="assignedtarget_unique"),
        ]
        verbose_name = _("国家下达的年度目标")
        verbose_name_plural = _("国家下达的年度目标")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.comparator}{self.value}（{self.document_number}）"

    @property
    def comparator_sign(self) -> str:
        return {">=": "≥", "<=": "≤", "~": ""}.get(self.comparator, self.comparator)

    @property
    def about_word(self) -> str:
        return "左右" if self.comparator == "~" else ""
