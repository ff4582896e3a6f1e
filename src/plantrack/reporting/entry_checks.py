"""Checking a batch of values (录入校验): every per-row rule, before anything is written and outside any transaction.

`ValueChecks` reads the registry, the org tree and the rounds once, then turns each `ValueInput` into a
`CheckedValue` (ids, the figure, the round) or into findings that name the row, the column and the reason: codes,
number, measure unit, scope, duplicates and the range rules here; the period rules (in the plan, the indicator's
frequency, ended, in an open round) in `entry_periods`, the text rules (control characters, length) in
`entry_text`. Checks that need the stored values (locks, outliers, consistency) run later, in the write
transaction.

Each row is checked by one of two paths that must agree: the careful path finds and words every problem; the fast
path takes the common clean row against facts learnt once per code and hands anything else to the careful path.
`check(inputs, fast=False)` runs the careful path alone (the property tests compare the two).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.utils.translation import gettext as _

from plantrack.core.errors import ApplicationError, gettext_noop
from plantrack.errors import message_of
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import can_enter_values
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.entry_periods import PeriodCheck, PeriodRules
from plantrack.reporting.entry_text import is_plain_text, shown, text_problems
from plantrack.reporting.findings import ERROR, Findings
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.keys import indicator_period_bits, unit_bits, value_key
from plantrack.reporting.models import ReportingRound
from plantrack.reporting.numbers import is_simple_number, normalise_unit, parse_number
from plantrack.reporting.validation import RuleSet, range_checker


class OutOfScope(ApplicationError):
    """A row names a unit the user may not enter figures for: the whole batch is refused (and the refusal logged)."""

    code, kind = "out_of_scope", "denied"

    def __init__(self, unit: OrgUnit) -> None:
        self.unit = unit
        super().__init__(gettext_noop("不能填报单位“%(unit)s”的数据"), params={"unit": unit.name})


class CheckedValue(NamedTuple):
    """A row that passed every per-row check, in the form it is staged for writing (plain values, no models)."""

    key: Any  # value_key(indicator, unit, period ordinal)
    indicator_id: int
    unit_id: int
    period: str  # the period's code
    year: int
    value: Decimal
    stored: Any  # the figure as sent to the database (a float on SQLite, which keeps NUMERIC as REAL)
    round_id: int | None
    comment: str
    explanation: str
    source: str
    expected_revision: int | None
    where: str
    value_label: str | None  # the value column's label, for a message about the figure


class _IndicatorPeriod(NamedTuple):
    """What the fast path knows of a clean (indicator code, period text) pair."""

    indicator_id: int
    round_id: int | None
    period: str
    year: int
    key_bits: int
    range_check: Any
    measure_unit: str


class _UnitFacts(NamedTuple):
    unit_id: int
    key_bits: int


def _value_label(columns: Any) -> str | None:
    """The value column's label in `columns`, as `ValueInput.place("value")` appends it."""
    return f"{columns['value']}" if columns and "value" in columns else None


class ValueChecks:
    """The per-row checks of one batch from one user (see the module docstring)."""

    def __init__(self, *, user: User, plan: Plan, round: ReportingRound | None, today: date) -> None:
        if round is not None and round.plan_id != plan.id:
            raise ValueError("the round belongs to another plan")
        self.user, self.plan, self.round, self.today = user, plan, round, today
        self.findings = Findings()
        self.seen: dict[Any, str] = {}  # key → where, for every input so far (duplicates; later checks)
        # The value column's name for messages of checks run later, when every input shares one (a file).
        self.value_column: str | None = None
        self._columns: Any = None
        # SQLite keeps a NUMERIC column's figure as a REAL of 15 significant digits whether it is sent as text or
        # as a float; sending the float saves it parsing a million strings.
        self._floats = connection.vendor == "sqlite"
        self.periods = PeriodRules(user=user, plan=plan, round=round, today=today)
        self.indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
        self.indicators_by_id = {i.id: i for i in self.indicators.values()}
        self.units = {u.code: u for u in OrgUnit.objects.only("id", "code", "name", "path", "parent_id", "kind")}
        self.units_by_id = {u.id: u for u in self.units.values()}
        self.rules = RuleSet.load(plan)
        self._range: dict[int, Any] = {}
        self._scope: dict[int, bool] = {}
        self._unit_of_measure = {i.id: normalise_unit(i.unit) for i in self.indicators.values()}
        # Facts the fast path needs, learnt once per (indicator code, period text) and per unit code; only
        # combinations that pass every per-code check are kept, so the caches stay as small as the registry.
        self._fast_ip: dict[tuple, _IndicatorPeriod | None] = {}
        self._fast_unit: dict[Any, _UnitFacts | None] = {}

    # -- the batch ------------------------------------------------------------------------------------------------

    def check(self, inputs: Iterable[ValueInput], *, fast: bool = True) -> Iterator[CheckedValue]:
        """The inputs that pass every per-row check, in order; the others leave findings.

        `fast=False` checks every row by the careful path: the same outcome, only slower (the property tests hold
        the two paths to that)."""
        if not fast:
            for inp in inputs:
                checked = self._check_carefully(inp)
                if checked is not None:
                    yield checked
            return
        # The common row (known codes, open period, plain number, plain text, no duplicate) is checked inline
        # against cached facts; any row the fast path is not sure of goes through `_check_carefully`, which finds
        # and words every problem.
        seen = self.seen
        fast_ip, fast_unit = self._fast_ip, self._fast_unit
        simple = is_simple_number
        floats = self._floats
        last_columns, label = object(), None
        for inp in inputs:
            checked = None
            ip = fast_ip.get((inp.indicator_code, inp.period)) or self._learn_indicator_period(inp)
            ub = fast_unit.get(inp.unit_code) or self._learn_unit(inp)
            if (ip and ub
                    and (not inp.comment or is_plain_text(inp.comment))
                    and (not inp.explanation or is_plain_text(inp.explanation))
                    and (not inp.source or is_plain_text(inp.source))):
                raw = inp.value
                value: Decimal | None
                if type(raw) is str and simple(raw):
                    value = Decimal(raw)
                    # float(text) is float(Decimal(text)) (both round the same decimal correctly), a third the cost.
                    stored = float(raw) if floats else value
                else:
                    try:
                        value = parse_number(raw)
                        stored = float(value) if floats else value
                    except ValueError:
                        value = None
                mu = inp.measure_unit
                key = ip.key_bits | ub.key_bits
                if value is not None and (not mu or normalise_unit(str(mu)) == ip.measure_unit) and key not in seen:
                    seen[key] = where = inp.where
                    columns = inp.columns
                    if columns is not last_columns:
                        last_columns, label = columns, _value_label(columns)
                        if columns is not self._columns:
                            self._note_columns(inp)
                    if ip.range_check is not None:
                        self._range_findings(inp, ip.range_check, value)
                    checked = CheckedValue(key, ip.indicator_id, ub.unit_id, ip.period, ip.year, value,
                                           stored, ip.round_id, inp.comment,
                                           inp.explanation, inp.source, inp.expected_revision, where, label)
            if checked is None:
                checked = self._check_carefully(inp)
            if checked is not None:
                yield checked

    def place(self, where: str, label: str | None) -> str:
        return f"{where} {label}".strip() if label is not None else where

    # -- what the fast path learns --------------------------------------------------------------------------------

    def _learn_indicator_period(self, inp: ValueInput) -> _IndicatorPeriod | None:
        pair = (inp.indicator_code, inp.period)
        if pair in self._fast_ip:
            return None
        indicator = self.indicators.get(inp.indicator_code)
        hit = None
        if indicator is not None and indicator.is_active:
            pc = self.periods.check(indicator, inp.period)
            if not pc.problems:
                hit = _IndicatorPeriod(
                    indicator.id, pc.round_id, pc.code, pc.period.year,
                    indicator_period_bits(indicator.id, pc.period.ordinal), self._range_checker(indicator),
                    self._unit_of_measure[indicator.id],
                )
        self._fast_ip[pair] = hit
        return hit

    def _learn_unit(self, inp: ValueInput) -> _UnitFacts | None:
        if inp.unit_code in self._fast_unit:
            return None
        unit = self.units.get(inp.unit_code)
        hit = None
        if unit is not None and self._may_enter(unit):
            bits = unit_bits(unit.id)
            if bits is not None:
                hit = _UnitFacts(unit.id, bits)
        self._fast_unit[inp.unit_code] = hit
        return hit

    def _may_enter(self, unit: OrgUnit) -> bool:
        allowed = self._scope.get(unit.id)
        if allowed is None:
            allowed = self._scope[unit.id] = can_enter_values(self.user, unit)
        return allowed

    def _range_checker(self, indicator: Indicator) -> Any:
        checker = self._range.get(indicator.id, 0)
        if checker == 0:
            checker = self._range[indicator.id] = range_checker(indicator, self.rules)
        return checker

    def _range_findings(self, inp: ValueInput, checker: Any, value: Decimal) -> None:
        for severity, code, message in checker(value):
            self._find(inp, severity, code, message, "value", explained=bool(inp.explanation.strip()))

    def _note_columns(self, inp: ValueInput) -> None:
        column = (inp.columns or {}).get("value")
        self.value_column = column if self._columns is None or column == self.value_column else None
        self._columns = inp.columns

    def _find(self, inp: ValueInput, severity: str, code: str, message: str, field_name: str = "",
              explained: bool = False) -> None:
        self.findings.record(severity, code, message, where=inp.place(field_name), indicator_code=inp.indicator_code,
                             unit_code=inp.unit_code, period=inp.period, field=field_name, explained=explained)

    # -- the careful path -----------------------------------------------------------------------------------------

    def _check_text(self, inp: ValueInput) -> bool:
        ok = True
        for name, code, message in text_problems(inp):
            self._find(inp, ERROR, code, message, name)
            ok = False
        return ok

    def _check_carefully(self, inp: ValueInput) -> CheckedValue | None:
        ok = self._check_text(inp)
        code = inp.indicator_code
        indicator = self.indicators.get(code) if isinstance(code, str) else None
        if indicator is None and isinstance(code, str | int | float):
            indicator = self.indicators.get(str(code).strip())
        if indicator is None or not indicator.is_active:
            written = str(code if code is not None else "").strip()
            why = _("指标编码“%(code)s”不在本规划的指标库中") if indicator is None else _("指标“%(code)s”已停用")
            self._find(inp, ERROR, "unknown_indicator", why % {"code": shown(written)}, "indicator_code")
            ok = False
            indicator = None
        ucode = inp.unit_code
        unit = self.units.get(ucode) if isinstance(ucode, str) else None
        if unit is None:
            ucode = str(ucode if ucode is not None else "").strip()
            unit = self.units.get(ucode)
        if unit is None:
            self._find(inp, ERROR, "unknown_unit", _("单位代码“%(code)s”不存在") % {"code": shown(ucode)},
                       "unit_code")
            ok = False
        elif not self._may_enter(unit):
            raise OutOfScope(unit)
        pc: PeriodCheck = self.periods.check(indicator, inp.period)
        for problem, message in pc.problems:
            self._find(inp, ERROR, problem, message, "period")
            ok = False
        try:
            value: Decimal | None = parse_number(inp.value)
        except ValueError as exc:
            self._find(inp, ERROR, "not_a_number", shown(message_of(exc)), "value")
            ok = False
            value = None
        if inp.measure_unit and indicator is not None:
            given = normalise_unit(str(inp.measure_unit))
            if given != self._unit_of_measure[indicator.id]:
                self._find(inp, ERROR, "unit_mismatch", _("计量单位“%(given)s”与指标“%(name)s”的计量单位“%(unit)s”不符")
                           % {"given": shown(str(inp.measure_unit)), "name": indicator.name,
                              "unit": indicator.unit or "—"}, "measure_unit")
                ok = False
        if indicator is None or unit is None or pc.period is None:
            return None
        key = value_key(indicator.id, unit.id, pc.period.ordinal)
        first = self.seen.get(key)
        if first is not None:
            self._find(inp, ERROR, "duplicate", _("与%(first)s重复：同一指标、单位、报告期只能填一个数")
                       % {"first": first or _("前面一行")})
            return None
        self.seen[key] = inp.where
        if inp.columns is not self._columns:
            self._note_columns(inp)
        if value is not None:
            checker = self._range_checker(indicator)
            if checker is not None:
                self._range_findings(inp, checker, value)
        if not ok or value is None:
            return None
        return CheckedValue(key, indicator.id, unit.id, pc.code, pc.period.year, value,
                            float(value) if self._floats else value, pc.round_id, inp.comment or "",
                            inp.explanation or "", inp.source or "", inp.expected_revision, inp.where,
                            _value_label(inp.columns))
