"""What a values file would do, shown before anything is written (导入预览): the bulk file and the filled template.

    preview = preview_bulk_file(user=clerk, plan=plan, source=path, name="十月.xlsx")     # nothing written
    preview.columns, preview.unknown, preview.skipped, preview.value_rows, preview.first_rows, preview.problems
    preview.report()                                                                    # the same, as text lines

Each column is shown with what it is read as; a column not recognised is named with its header cell ("G2 备注说明")
and must be settled (ignored, or mapped to a field) before the import is accepted; the choice the person's office
saved for it last time applies, marked as such (`column.saved`), until the person changes it. Rows taken as titles,
headings, totals and notes are listed. Every row is checked by `enter_values` in a dry run (the same checks, all of
them, and nothing written), so the problems listed are the ones a confirmation would meet; the first rows are shown
as they will be stored. The page, `plantrack import-values --dry-run` and the confirmation all read the file through
the same functions.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plantrack.core.errors import InvalidInput
from plantrack.core.figures import figure_text
from plantrack.core.periods import parse_period
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import require_entering_role
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting import column_choices
from plantrack.reporting.bulk_import import FIELD_LABELS, ColumnRead, SkippedRow, Source, read_bulk
from plantrack.reporting.entry import EntryResult
from plantrack.reporting.findings import Finding, ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel
from plantrack.reporting.numbers import parse_number
from plantrack.uploads import MAX_LISTED_PROBLEMS, UploadRefused, open_spreadsheet, upload_limits
from plantrack.wording import period_words

PREVIEW_ROWS = 20


@dataclass
class PreviewRow:
    """One value row as it will be stored."""

    where: str
    indicator: str  # "1 地区生产总值"
    unit: str  # "150600 鄂尔多斯市"
    period: str  # "2026年10月"
    figure: str  # the figure as stored, or the text as written when it is not a number (a problem says why)
    measure_unit: str
    comment: str


@dataclass
class ValuesPreview:
    """What a values file holds and what confirming it would do; `outcome` is None while problems stand."""

    name: str
    where: str  # where the header is
    columns: list[ColumnRead]
    skipped: list[SkippedRow]
    skipped_total: int
    value_rows: int = 0
    first_rows: list[PreviewRow] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    problems_total: int = 0
    outcome: EntryResult | None = None
    context: str = ""  # the template's unit and round
    choice_notes: list[str] = field(default_factory=list)  # the office's saved choices that no longer apply

    @property
    def unknown(self) -> list[ColumnRead]:
        return [c for c in self.columns if not c.decided]

    @property
    def ignored(self) -> list[ColumnRead]:
        return [c for c in self.columns if c.ignored and c.header]

    @property
    def settled_by_choice(self) -> list[ColumnRead]:
        return [c for c in self.columns if c.chosen]

    @property
    def settled_by_saved_choice(self) -> list[ColumnRead]:
        return [c for c in self.columns if c.saved]

    @property
    def not_listed(self) -> int:
        return max(self.problems_total - len(self.problems), 0)

    @property
    def needs_explanation(self) -> bool:
        return any(not f.is_error and not f.explained for f in self.problems)

    @property
    def ready(self) -> bool:
        """Nothing stands in the way of confirming."""
        return not self.problems and not self.unknown and self.value_rows > 0

    def report(self) -> list[str]:
        """The preview as lines of text, for the command line."""
        lines = [_("文件：%(n)s；%(w)s；数值行 %(r)s 行；跳过的行 %(s)s 行")
                 % {"n": self.name, "w": self.where, "r": self.value_rows, "s": self.skipped_total}]
        if self.context:
            lines.append(self.context)
        lines.append(_("列："))
        for c in self.columns:
            if c.header or c.decided is False:
                saved = _("（按本单位上次的选择）") if c.saved else ""
                lines.append(f"  {c.label} → {c.meaning}{saved}")
        lines += [f"  {note}" for note in self.choice_notes]
        for row in self.skipped:
            lines.append(_("  %(kind)s 第%(r)s行：%(t)s") % {"kind": row.kind, "r": row.number, "t": row.text})
        if self.skipped_total > len(self.skipped):
            lines.append(_("  还有%(n)s行跳过的行未列出") % {"n": self.skipped_total - len(self.skipped)})
        lines.append(_("前%(n)s行将保存为：") % {"n": len(self.first_rows)})
        for r in self.first_rows:
            lines.append(f"  {r.where}: {r.indicator} | {r.unit} | {r.period} | {r.figure} {r.measure_unit} | "
                         f"{r.comment or '—'}")
        if self.problems:
            lines.append(_("问题（共%(n)s处）：") % {"n": self.problems_total})
            lines += [f"  {f.line()}" for f in self.problems]
            if self.problems_total > len(self.problems):
                lines.append(_("  还有%(n)s处问题未列出") % {"n": self.problems_total - len(self.problems)})
        for c in self.unknown:
            lines.append(_("未识别的列 %(c)s：须选择忽略或对应到字段") % {"c": c.label})
        if self.outcome is not None:
            lines.append(_("确认后将新增%(c)s项，修改%(u)s项，未变%(s)s项，提交审核%(sub)s项")
                         % {"c": self.outcome.created, "u": self.outcome.updated, "s": self.outcome.unchanged,
                            "sub": self.outcome.submitted})
        return lines


class _Sampled:
    """Passes the inputs through to the checks, keeping the first few and counting them all."""

    def __init__(self, inputs: Iterable[ValueInput]) -> None:
        self.inputs = inputs
        self.first: list[ValueInput] = []
        self.count = 0

    def __iter__(self) -> Generator[ValueInput, None, None]:
        for item in self.inputs:
            self.count += 1
            if len(self.first) < PREVIEW_ROWS:
                self.first.append(item)
            yield item


def _as_stored(plan: Plan, inputs: list[ValueInput]) -> list[PreviewRow]:
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan, code__in={r.indicator_code for r in inputs})}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in={r.unit_code for r in inputs})}
    rows = []
    for item in inputs:
        indicator, unit = indicators.get(item.indicator_code), units.get(item.unit_code)
        try:
            period = period_words(parse_period(item.period))
        except ValueError:
            period = item.period
        try:
            value = figure_text(parse_number(item.value))
        except (InvalidInput, ValueError, ArithmeticError):
            value = "" if item.value is None else str(item.value)
        rows.append(PreviewRow(
            where=item.where, indicator=f"{item.indicator_code} {indicator.name if indicator else '?'}",
            unit=f"{item.unit_code} {unit.name if unit else '?'}", period=period, figure=value,
            measure_unit=item.measure_unit or (indicator.unit if indicator else ""), comment=item.comment,
        ))
    return rows


def check_inputs(preview: ValuesPreview, *, user: User, plan: Plan, inputs: Iterable[ValueInput], channel: str,
                 submit: bool, correction: bool = False, round=None) -> None:
    """Run every check of `enter_values` over the inputs without writing, filling the preview's rows, problems and
    outcome. PermissionDenied (logged) for a unit outside the user's scope, as the import itself would."""
    from plantrack.reporting.services import enter_values

    sampled = _Sampled(inputs)
    try:
        preview.outcome = enter_values(user=user, plan=plan, inputs=sampled, channel=channel, round=round,
                                       submit=submit, correction=correction, keep_value_ids=0, dry_run=True)
    except ValuesRejected as exc:
        preview.problems = exc.findings[:MAX_LISTED_PROBLEMS]
        preview.problems_total = exc.total
    preview.value_rows = sampled.count
    preview.first_rows = _as_stored(plan, sampled.first)
    if not sampled.count and not preview.problems:
        preview.problems = [Finding(severity="error", code="no_values", message=_("文件中没有数值行"),
                                    where=preview.where)]
        preview.problems_total = 1


def preview_bulk_file(*, user: User, plan: Plan, source: Source, name: str | None = None,
                      choices: dict[str, str] | None = None, submit: bool = False, correction: bool = False,
                      max_bytes: int | None = None) -> ValuesPreview:
    """Read a bulk file as `import_bulk_file` would and say what confirming it would do; writes nothing.

    PermissionDenied before the file is read for a user who may not enter values; ValuesRejected when the file
    cannot be read as a values file at all (not a table, no header with the required columns). Problems of rows
    are in the preview.
    """
    require_entering_role(user, "bulk import values")
    try:
        book = open_spreadsheet(source, name=name, limits=upload_limits(max_bytes=max_bytes))
    except UploadRefused as exc:
        raise ValuesRejected([Finding(severity="error", code=exc.code, message=exc.problem.message,
                                      where=exc.problem.where)]) from None
    rows = None
    applied = column_choices.with_saved(user, column_choices.BULK_SHEET, choices, fields=FIELD_LABELS)
    try:
        layout, rows = read_bulk(book, choices=applied.choices)
        preview = ValuesPreview(name=name or str(source), where=layout.where, columns=layout.columns,
                                skipped=layout.skipped, skipped_total=0,
                                choice_notes=column_choices.mark_saved(layout.columns, applied))
        check_inputs(preview, user=user, plan=plan, inputs=rows, channel=Channel.BULK, submit=submit,
                     correction=correction)
        preview.skipped_total = layout.skipped_total
        return preview
    finally:
        if rows is not None:
            rows.close()
        book.close()


def preview_template(*, user: User, data: bytes, name: str = "", choices: dict[str, str] | None = None,
                     submit: bool = False) -> ValuesPreview:
    """Read a filled template as `upload_template` would and say what confirming it would do; writes nothing.

    PermissionDenied before the file is read for a user who may not enter values (and, once the template names its
    unit, for one who may not enter that unit's); TemplateError when it is not a usable template.
    """
    from plantrack.reporting.excel_template import (
        DATA_SHEET,
        FIRST_ROW,
        MAPPABLE,
        VALUE_COL,
        TemplateError,
        TemplateProblem,
        read_template,
        template_inputs,
    )

    require_entering_role(user, "upload template")  # before a byte of the file is read
    applied = column_choices.with_saved(user, column_choices.TEMPLATE_SHEET, choices, fields=MAPPABLE)
    filled = read_template(data, user=user, choices=applied.choices)
    if not filled.rows:
        raise TemplateError([TemplateProblem(_("模板中没有填写任何数值"), column=VALUE_COL)])
    preview = ValuesPreview(
        name=name, where=_("工作表“%(s)s”第%(r)s行（表头）") % {"s": DATA_SHEET, "r": FIRST_ROW - 1},
        columns=filled.columns, skipped=filled.skipped, skipped_total=len(filled.skipped),
        context=_("单位：%(unit)s；轮次：%(round)s") % {"unit": filled.unit.name, "round": filled.round.title},
        choice_notes=column_choices.mark_saved(filled.columns, applied))
    check_inputs(preview, user=user, plan=filled.round.plan, inputs=template_inputs(filled),
                 channel=Channel.TEMPLATE, submit=submit, round=filled.round)
    return preview
