"""The form the planning office fills in to ask for a report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plantrack.reports.models import Report
from plantrack.reports.services import FORMATS


class ReportRequestForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("规划"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("报告类型"), choices=Report.Kind.choices)
    as_of = forms.CharField(label=_("截至月份"), max_length=10, help_text=_("如 2028-12；月度研判写所研判的月份"))
    formats = forms.MultipleChoiceField(
        label=_("格式"), choices=[(f, f.upper()) for f in FORMATS], initial=list(FORMATS),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plans, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
