"""Forms of the registry pages: an admin's edit of one indicator and the hand entry of an annual target."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plantrack.core.figures import figure_text
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit

COMPARATOR_CHOICES = [
    ("=", _("= 等于")),
    ("~", _("≈ 左右")),
    (">=", _("≥ 不低于")),
    ("<=", _("≤ 不超过")),
    ("range", _("区间")),
    ("+", _("新增")),
    ("qualitative", _("定性")),
]


class IndicatorForm(forms.ModelForm):
    """What an admin may change in the registry; the view hands the cleaned values to `update_indicator`."""

    class Meta:
        model = Indicator
        fields = [
            "name",
            "category",
            "unit",
            "attribute",
            "target_type",
            "direction",
            "baseline_year",
            "baseline_value",
            "baseline_note",
            "target_year",
            "target_value",
            "target_value_max",
            "target_text",
            "comparator",
            "frequency",
            "value_kind",
            "additive_over_units",
            "additive_over_time",
            "reporting_units",
            "is_active",
        ]
        widgets = {"reporting_units": forms.CheckboxSelectMultiple}
        labels = {"target_value_max": _("目标上限"), "reporting_units": _("报送单位"), "is_active": _("启用")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 4.500000 as stored reads as 4.5 in the form, and 7000.000000 as 7000 (normalize() would give 7E+3).
        for name in ("baseline_value", "target_value", "target_value_max"):
            value = getattr(self.instance, name, None)
            if value is not None:
                self.initial[name] = figure_text(value)
        # Departments and the upper two levels: 103 旗县 checkboxes would bury the form; the bulk tools set those.
        self.fields["reporting_units"].queryset = OrgUnit.objects.exclude(kind=OrgUnit.Kind.COUNTY).order_by("path")
        self.fields["comparator"] = forms.ChoiceField(
            label=_("比较"), choices=[("", "—"), *COMPARATOR_CHOICES], required=False
        )

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("target_value"), data.get("target_value_max")
        if low is not None and high is not None and high < low:
            self.add_error("target_value_max", _("上限不能小于目标值"))
        return data


class AnnualTargetForm(forms.Form):
    """年度目标 for one unit and year, entered by hand."""

    unit = forms.ModelChoiceField(label=_("组织"), queryset=OrgUnit.objects.order_by("path"), to_field_name="code")
    year = forms.IntegerField(label=_("年份"))
    comparator = forms.ChoiceField(label=_("比较"), choices=COMPARATOR_CHOICES)
    value = forms.DecimalField(label=_("目标值"), max_digits=20, decimal_places=6, required=False)
    value_max = forms.DecimalField(label=_("上限"), max_digits=20, decimal_places=6, required=False)
    text = forms.CharField(label=_("说明"), max_length=300, required=False)


class AssignedTargetForm(forms.Form):
    """国家下达的年度目标: the figure, what meeting it means, and the document it came from."""

    unit = forms.ModelChoiceField(label=_("下达给"), queryset=OrgUnit.objects.order_by("path"), to_field_name="code")
    year = forms.IntegerField(label=_("年份"))
    comparator = forms.ChoiceField(label=_("比较"), choices=[
        (">=", _("不低于（≥）")), ("<=", _("不高于（≤）")), ("~", _("左右")),
    ])
    # Kept as text: the service reads the number and says exactly what is wrong with it.
    value = forms.CharField(label=_("下达目标值"), max_length=40)
    document_number = forms.CharField(label=_("文号"), max_length=100)
    document_title = forms.CharField(label=_("文件标题"), max_length=300)
    document_date = forms.DateField(label=_("发文日期"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("下达文件（可选：PDF、Word、Excel或图片）"), required=False)
