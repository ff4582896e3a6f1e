"""Forms of the task pages: giving out a task, reporting progress, uploading a 分工方案."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plantrack import clock, wording
from plantrack.core.periods import Period
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan, PlanNode, PlanVersion
from plantrack.tasks.models import Task

NODE_KINDS = [PlanNode.Kind.CHAPTER, PlanNode.Kind.SECTION, PlanNode.Kind.BOX, PlanNode.Kind.BOX_ITEM]
_INDENT = {PlanNode.Kind.CHAPTER: "", PlanNode.Kind.SECTION: "　", PlanNode.Kind.BOX: "　",
           PlanNode.Kind.BOX_ITEM: "　　"}


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanNode) -> str:
        label = obj.label if obj.kind != PlanNode.Kind.BOX_ITEM else f"{obj.label}"
        return f"{_INDENT.get(obj.kind, '')}{label} {obj.title}".rstrip()[:80]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name}{wording.bracketed(obj.code)}"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.name}{wording.bracketed(obj.code)}"


class IndicatorsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return f"{obj.code} {obj.name}"


class TaskForm(forms.Form):
    """分配任务: the task's words, where in the plan it comes from, who leads, who supports, by when."""

    title = forms.CharField(label=_("任务"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    node = NodeChoiceField(label=_("规划章节"), queryset=PlanNode.objects.none(), required=False,
                           empty_label=_("（不对应具体章节）"))
    lead_unit = UnitChoiceField(label=_("牵头单位"), queryset=OrgUnit.objects.order_by("path"))
    supporting_units = UnitsChoiceField(label=_("配合单位"), queryset=OrgUnit.objects.order_by("path"),
                                        required=False, widget=forms.SelectMultiple(attrs={"size": 8}))
    deadline = forms.CharField(label=_("完成时限"), max_length=100,
                               help_text=_("如 2027年底、2028年6月、2028-06-30、长期、持续推进"))
    indicators = IndicatorsChoiceField(label=_("服务指标"), queryset=Indicator.objects.none(), required=False,
                                       widget=forms.SelectMultiple(attrs={"size": 6}))
    report_frequency = forms.ChoiceField(label=_("报送频率"), choices=Task.Frequency.choices,
                                         initial=Task.Frequency.QUARTERLY)
    measures = forms.CharField(label=_("具体举措"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    remarks = forms.CharField(label=_("备注"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, version: PlanVersion | None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is not None:
            self.fields["node"].queryset = version.nodes.filter(kind__in=NODE_KINDS).order_by("order")
            self.fields["indicators"].queryset = Indicator.objects.filter(plan=version.plan).order_by("code")


def current_period(frequency: str) -> str:
    today = clock.today()
    index = today.month if frequency == "M" else (today.month - 1) // 3 + 1
    return Period(today.year, frequency, index).code


class ProgressForm(forms.Form):
    """进展报送: which of my units reports, for which period, how far the task is, what was done."""

    unit = UnitChoiceField(label=_("报送单位"), queryset=OrgUnit.objects.none(), empty_label=None)
    period = forms.CharField(label=_("报告期"), max_length=10, help_text=_("如 2026Q3、2026M10"))
    percent = forms.CharField(label=_("完成进度(%)"), max_length=10,
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units: list[OrgUnit], frequency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
        self.fields["period"].initial = current_period(frequency)


class TaskFileForm(forms.Form):
    file = forms.FileField(label=_("分工方案文件（.xlsx、.xls、.ods 或 .csv）"))
    keep = forms.CharField(label=_("保留为附加属性的列（列名，顿号分隔，可空）"), required=False, max_length=500)
    ignore = forms.CharField(label=_("忽略的列（列名，顿号分隔，可空）"), required=False, max_length=500)
    plan = forms.ModelChoiceField(label=_("规划"), queryset=Plan.objects.order_by("-pk"), empty_label=None)
