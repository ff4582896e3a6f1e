"""Forms of the project pages: closing a procedure, a week's dispatch, a ledger upload, the 月研判's question. Only
shapes; the rules are the services'."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from plantrack.projects.models import ProjectProcedure


class ProcedureForm(forms.Form):
    state = forms.ChoiceField(label=_("办理状态"), choices=ProjectProcedure.State.choices)
    done_on = forms.DateField(label=_("办结日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.CharField(label=_("审批部门"), required=False, max_length=100)
    expected_on = forms.DateField(label=_("预计办结"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    parallel = forms.BooleanField(label=_("并联审批"), required=False)
    tolerant = forms.BooleanField(label=_("容缺受理"), required=False)


class DispatchForm(forms.Form):
    week = forms.CharField(label=_("调度周"), max_length=10, help_text=_("如 2027-W14"))
    progress = forms.CharField(label=_("本周进展"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    completed_wan = forms.DecimalField(label=_("累计完成投资（万元）"), required=False, max_digits=16, decimal_places=2)
    blocker = forms.CharField(label=_("堵点问题"), required=False, max_length=2000)
    blocker_owner = forms.CharField(label=_("责任单位"), required=False, max_length=100)
    blocker_due = forms.DateField(label=_("解决时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class LedgerFileForm(forms.Form):
    file = forms.FileField(label=_("项目台账（xlsx、xls、ods 或 csv）"))
    unit = forms.CharField(label=_("全表单位（代码，可空）"), required=False, max_length=32,
                           help_text=_("整张台账都属于一个旗县或盟市时填写，如 150621"))
    year = forms.IntegerField(label=_("计划年度（可空）"), required=False, min_value=2000, max_value=2100)
    week = forms.CharField(label=_("调度周（可空，如 2027-W14）"), required=False, max_length=10)


class ReviewForm(forms.Form):
    """The 月研判 page's question: which month, where, broken down how, and the two thresholds."""

    month = forms.CharField(label=_("月份"), max_length=20, help_text=_("如 2027-06"))
    unit = forms.CharField(label=_("单位"), required=False, max_length=32)
    by = forms.ChoiceField(label=_("分组"), required=False, choices=[
        ("", _("默认")), ("county", _("按旗县（市、区）")), ("prefecture", _("按盟市")), ("category", _("按项目类别"))],
        # without the value given: it may hold anything, a NUL included
        error_messages={"invalid_choice": _("分组应为 county（旗县）、prefecture（盟市）或 category（类别）")})
    lag = forms.DecimalField(label=_("滞后比例"), required=False, min_value=Decimal("0.01"), max_value=1,
                             max_digits=4, decimal_places=2, help_text=_("完成率低于时序进度的这一比例即为滞后"))
    days = forms.IntegerField(label=_("手续办理天数"), required=False, min_value=1, max_value=3650)
