"""Forms of the reporting pages: the entry form's rows (填报表单), opening a round, uploading a template."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plantrack.core.figures import figure_text
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan
from plantrack.plans.selectors import the_only_plan
from plantrack.reporting.findings import Finding
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import DataValue


@dataclass
class EntryRow:
    """One indicator's line of the entry form: what is stored, what was typed, and what the checks said."""

    indicator: Indicator
    current: DataValue | None
    last_period: Decimal | None
    last_year: Decimal | None
    typed: str = ""  # the figure as text in the box: the stored one written out, or what was typed
    comment: str = ""
    explanation: str = ""
    revision: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return f"i{self.indicator.pk}"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    @property
    def asks_explanation(self) -> bool:
        """Show the explanation field when a warning fired, or when one was written before."""
        return bool(self.warnings or self.explanation)

    @property
    def is_locked(self) -> bool:
        return self.current is not None and self.current.state == DataValue.State.APPROVED


def entry_rows(
    *, indicators: Iterable[Indicator], current: Mapping[int, DataValue],
    previous: Mapping[int, Mapping[str, Decimal | None]],
) -> list[EntryRow]:
    """The form's rows as stored: current figures (trailing zeros of the storage scale dropped) and history."""
    rows = []
    for indicator in indicators:
        value = current.get(indicator.pk)
        before = previous.get(indicator.pk, {})
        rows.append(EntryRow(
            indicator=indicator, current=value,
            last_period=before.get("last_period"), last_year=before.get("last_year"),
            typed=figure_text(value.value) if value else "", comment=value.comment if value else "",
            explanation=value.explanation if value else "", revision=value.revision if value else 0,
        ))
    return rows


def read_posted(rows: list[EntryRow], data: Mapping[str, str]) -> None:
    """Put what the person typed into the rows, so a refused form shows it all again (nothing is lost)."""
    for row in rows:
        row.typed = data.get(f"{row.prefix}-value", row.typed).strip()
        row.comment = data.get(f"{row.prefix}-comment", row.comment).strip()
        row.explanation = data.get(f"{row.prefix}-explanation", row.explanation).strip()
        if _carried_over(row):
            # The stored explanation explains the stored figure: sent back unchanged beside a new figure (the form
            # showed it), it would pass the new figure's warning unread. A new figure needs its own explanation.
            row.explanation = ""
        try:
            row.revision = int(data.get(f"{row.prefix}-revision", row.revision))
        except (TypeError, ValueError):
            row.revision = -1  # a tampered revision can never match: the value is reported as changed by others


def _carried_over(row: EntryRow) -> bool:
    """The row's explanation is the stored one, but the figure typed is not the stored figure."""
    current = row.current
    if current is None or not current.explanation or row.explanation != current.explanation.strip():
        return False
    try:
        return Decimal(row.typed) != current.value
    except ArithmeticError:
        return True  # not a number: it is certainly not the figure the explanation was written for


def rows_to_inputs(rows: list[EntryRow], *, unit: OrgUnit, period: str) -> list[ValueInput]:
    """A ValueInput for every row with a figure typed in; empty rows are not reported."""
    return [
        ValueInput(
            indicator_code=row.indicator.code, unit_code=unit.code, period=period, value=row.typed,
            comment=row.comment, explanation=row.explanation, expected_revision=row.revision,
            where=str(row.indicator.name),
        )
        for row in rows
        if row.typed
    ]


def attach_findings(rows: list[EntryRow], findings: Iterable[Finding]) -> list[Finding]:
    """Put each finding beside its indicator's field; returns those that belong to no row."""
    by_code = {row.indicator.code: row for row in rows}
    loose = []
    for finding in findings:
        row = by_code.get(finding.indicator_code)
        if row is None:
            loose.append(finding)
        else:
            row.findings.append(finding)
    return loose


class OpenRoundForm(forms.Form):
    plan = forms.ModelChoiceField(label=_("规划"), queryset=Plan.objects.all(), empty_label=None)
    period = forms.CharField(
        label=_("报告期"), max_length=10, help_text=_("如 2026M10（月）、2026Q3（季）、2026（年）")
    )
    deadline = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("名称"), max_length=100, required=False)


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("填好的模板（xlsx）"))
    submit = forms.BooleanField(label=_("上传后直接提交审核"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PLANTRACK_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("文件大小 %(size)d 字节，超过上限 %(limit)d 字节"), params={"size": upload.size, "limit": limit}
            )
        return upload


class BulkUploadForm(forms.Form):
    """批量导入: a CSV/xlsx of indicator, unit, period, value rows; the plan is asked only when there are several."""

    file = forms.FileField(label=_("批量数据文件（CSV 或 xlsx）"))
    plan = forms.ModelChoiceField(label=_("规划"), queryset=Plan.objects.order_by("id"), empty_label=None)
    submit = forms.BooleanField(label=_("提交审核"), required=False)
    correction = forms.BooleanField(label=_("更正已审核数据"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.single_plan: Plan | None = the_only_plan()
        if self.single_plan is not None:
            field = self.fields["plan"]
            field.required = False
            field.widget = forms.HiddenInput()
            field.initial = self.single_plan.pk

    def clean_plan(self) -> Plan:
        plan = self.cleaned_data.get("plan") or self.single_plan
        if plan is None:
            raise forms.ValidationError(_("请选择规划"))
        return plan
