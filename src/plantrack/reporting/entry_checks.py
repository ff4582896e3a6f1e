"""Checking a batch of values (录入校验): every per-row rule, before anything is written and outside any transaction.

`ValueChecks` reads the registry, the org tree and the rounds once, then turns each `ValueInput` into a
`CheckedValue` (ids, the figure, the round) or into findings that name the row, the column and the reason: codes,
number, period (in the plan, the indicator's frequency, ended, in an open round), measure unit, scope, duplicates,
text (control characters, length) and the range rules. Checks that need the stored values (locks, outliers,
consistency) run later, in the write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.utils.translation import gettext as _

from plantrack.core.control_chars import escape_control_characters, first_control_character
from plantrack.core.periods import Period, parse_period
from plantrack.indicators.models import Indicator
from plantrack.indicators.selectors import base_year_of
from plantrack.orgs.access import can_enter_values
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.access import can_enter_outside_round, round_accepts_entries
from plantrack.reporting.findings import ERROR, Finding
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.keys import indicator_period_bits, unit_bits, value_key
from plantrack.reporting.models import DataValue, ReportingRound
from plantrack.reporting.numbers import is_simple_number, normalise_unit, parse_number
from plantrack.reporting.selectors import KIND_OF_FREQUENCY
from plantrack.reporting.validation import RuleSet, range_checker

MAX_FINDINGS = 1000  # findings kept in full; beyond this they are only counted
MAX_SOURCE_LENGTH = DataValue._meta.get_field("source").max_length
MAX_NOTE_LENGTH = 2000  # a comment or an explanation: a paragraph, not a document
_TEXT_FIELDS = ("comment", "explanation", "source")


class OutOfScope(Exception):
    """A row names a unit the user may not enter figures for: the whole batch is refused (and the refusal logged)."""

    def __init__(self, unit: OrgUnit) -> None:
        self.unit = unit


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


@dataclass
class PeriodCheck:
    """The outcome of checking one period text for one indicator: the period, its round, and what is wrong."""

    period: Period | None
    round_id: int | None
    problems: list[tuple[str, str]]
    code: str


class Findings:
    """The findings of one batch: the first MAX_FINDINGS in full, the rest counted."""

    def __init__(self) -> None:
        self.kept: list[Finding] = []
        self.total = 0
        self.has_error = False

    def add(self, finding: Finding) -> None:
        self.total += 1
        if finding.is_error:
            self.has_error = True
        if len(self.kept) < MAX_FINDINGS:
            self.kept.append(finding)

    def record(self, severity: str, code: str, message: str, *, where: str, indicator_code: object = "",
               unit_code: object = "", period: object = "", field: str = "", explained: bool = False) -> None:
        self.add(Finding(
            severity=severity, code=code, message=message, where=where, indicator_code=str(indicator_code or ""),
            unit_code=str(unit_code or ""), period=str(period or ""), field=field, explained=explained,
        ))


def _value_label(columns: Any) -> str | None:
    """The value column's label in `columns`, as `ValueInput.place("value")` appends it."""
    return f"{columns['value']}" if columns and "value" in columns else None


def _clean_text(text: str) -> bool:
    """Plain text the fast path can take without looking closer (no control character, short)."""
    return first_control_character(text) is None and len(text) <= MAX_SOURCE_LENGTH


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
        self._may_enter_outside = can_enter_outside_round(user)
        self.indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
        self.indicators_by_id = {i.id: i for i in self.indicators.values()}
        self.units = {u.code: u for u in OrgUnit.objects.only("id", "code", "name", "path", "parent_id", "kind")}
        self.units_by_id = {u.id: u for u in self.units.values()}
        self.rounds = {r.period: r for r in ReportingRound.objects.filter(plan=plan)}
        self.rules = RuleSet.load(plan)
        self._periods: dict[str, Period | str] = {}
        self._period_checks: dict[tuple, PeriodCheck] = {}
        self._range: dict[int, Any] = {}
        self._scope: dict[int, bool] = {}
        self._unit_of_measure = {i.id: normalise_unit(i.unit) for i in self.indicators.values()}
        # Facts the fast path needs, learnt once per (indicator code, period text) and per unit code; only
        # combinations that pass every per-code check are kept, so the caches stay as small as the registry.
        self._fast_ip: dict[tuple, _IndicatorPeriod | None] = {}
        self._fast_unit: dict[Any, _UnitFacts | None] = {}

    # -- the batch ------------------------------------------------------------------------------------------------

    def check(self, inputs: Iterable[ValueInput]) -> Iterator[CheckedValue]:
        """The inputs that pass every per-row check, in order; the others leave findings."""
        # The common row (known codes, open period, plain number, plain text, no duplicate) is checked inline
        # against cached facts; any row the fast path is not sure of goes through `_check_slowly`, which finds and
        # words every problem.
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
                    and (not inp.comment or _clean_text(inp.comment))
                    and (not inp.explanation or _clean_text(inp.explanation))
                    and (not inp.source or _clean_text(inp.source))):
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
                if value is not None and (not mu or normalise_unit(mu) == ip.measure_unit) and key not in seen:
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
                checked = self._check_slowly(inp)
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
            pc = self.period_check(indicator, inp.period)
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

    # -- periods --------------------------------------------------------------------------------------------------

    def _period(self, raw: object) -> Period | str:
        text = "" if raw is None else str(raw)
        hit = self._periods.get(text)
        if hit is None:
            try:
                hit = parse_period(text)
            except ValueError as exc:
                hit = str(exc)
            self._periods[text] = hit
        return hit

    def period_check(self, indicator: Indicator | None, raw: object) -> PeriodCheck:
        """The period of `raw` for an indicator, its round and every problem with it; cached per pair."""
        cache_key = (indicator.id if indicator else None, raw)
        hit = self._period_checks.get(cache_key)
        if hit is not None:
            return hit
        period = self._period(raw)
        problems: list[tuple[str, str]] = []
        round_id = None
        if isinstance(period, str):
            problems.append(("bad_period", period))
            period = None
        else:
            problems.extend(self._period_problems(indicator, period))
            rnd = self.round if self.round is not None else self.rounds.get(period.code)
            if any(code == "base_year_office_only" for code, _text in problems):
                pass  # that message already says who may enter it; "no round" would only repeat it
            elif self.round is not None and self.round.period != period.code:
                problems.append(("round_period", _("报告期%(p)s不属于填报轮次“%(r)s”")
                                 % {"p": period.code, "r": self.round.title}))
            elif rnd is None:
                if not self._may_enter_outside:
                    problems.append(("no_round", _("报告期%(p)s没有填报轮次：轮次之外的数据只能由规划处录入")
                                     % {"p": period.code}))
            else:
                if not round_accepts_entries(self.user, rnd):
                    problems.append(("round_closed", _("填报轮次“%(r)s”已关闭") % {"r": rnd.title}))
                round_id = rnd.id
        hit = self._period_checks[cache_key] = PeriodCheck(period, round_id, problems,
                                                           period.code if period else "")
        return hit

    def _period_problems(self, indicator: Indicator | None, period: Period) -> list[tuple[str, str]]:
        if indicator is not None and period.kind == "Y" and period.year == base_year_of(indicator, self.plan):
            # 基期值: the year-end figure a unit is judged from, whatever the indicator's reporting frequency.
            # It lies before the plan, outside every round: only the planning office gives it, then it is
            # reviewed like any figure.
            if not self._may_enter_outside:
                return [("base_year_office_only", _("%(p)s年是指标“%(name)s”的基期，基期值只能由规划处录入")
                         % {"p": period.year, "name": indicator.name})]
            return []
        if not self.plan.period_start <= period.year <= self.plan.period_end:
            return [("period_outside_plan", _("报告期%(p)s不在规划期%(a)s–%(b)s年内")
                     % {"p": period.code, "a": self.plan.period_start, "b": self.plan.period_end})]
        if period.end_date() >= self.today:
            return [("period_not_ended", _("报告期%(p)s尚未结束（截至%(end)s），结束后才能填报")
                     % {"p": period.code, "end": period.end_date().isoformat()})]
        if indicator is not None and KIND_OF_FREQUENCY.get(indicator.frequency) != period.kind:
            return [("period_frequency", _("指标“%(name)s”为%(freq)s，报告期%(p)s不符")
                     % {"name": indicator.name, "freq": indicator.get_frequency_display(), "p": period.code})]
        return []

    # -- the careful path -----------------------------------------------------------------------------------------

    def _check_text(self, inp: ValueInput) -> bool:
        ok = True
        for name in _TEXT_FIELDS:
            text = getattr(inp, name)
            if not text:
                continue
            if not isinstance(text, str):
                text = str(text)
            bad = first_control_character(text)
            if bad is not None:
                self._find(inp, ERROR, "control_character",
                           _("第%(pos)s个字符是控制字符%(char)s，不能保存：请删除后重试")
                           % {"pos": bad[0] + 1, "char": bad[1]}, name)
                ok = False
            limit = MAX_SOURCE_LENGTH if name == "source" else MAX_NOTE_LENGTH
            if len(text) > limit:
                self._find(inp, ERROR, "too_long", _("长度%(n)s字，超过上限%(limit)s字")
                           % {"n": len(text), "limit": limit}, name)
                ok = False
        return ok

    def _check_slowly(self, inp: ValueInput) -> CheckedValue | None:
        ok = self._check_text(inp)
        code = inp.indicator_code
        indicator = self.indicators.get(code) if isinstance(code, str) else None
        if indicator is None and isinstance(code, str | int | float):
            indicator = self.indicators.get(str(code).strip())
        if indicator is None or not indicator.is_active:
            shown = str(code if code is not None else "").strip()
            why = _("指标编码“%(code)s”不在本规划的指标库中") if indicator is None else _("指标“%(code)s”已停用")
            self._find(inp, ERROR, "unknown_indicator", why % {"code": _shown(shown)}, "indicator_code")
            ok = False
            indicator = None
        ucode = inp.unit_code
        unit = self.units.get(ucode) if isinstance(ucode, str) else None
        if unit is None:
            ucode = str(ucode if ucode is not None else "").strip()
            unit = self.units.get(ucode)
        if unit is None:
            self._find(inp, ERROR, "unknown_unit", _("单位代码“%(code)s”不存在") % {"code": _shown(ucode)},
                       "unit_code")
            ok = False
        elif not self._may_enter(unit):
            raise OutOfScope(unit)
        pc = self.period_check(indicator, inp.period)
        for problem, message in pc.problems:
            self._find(inp, ERROR, problem, message, "period")
            ok = False
        try:
            value: Decimal | None = parse_number(inp.value)
        except ValueError as exc:
            self._find(inp, ERROR, "not_a_number", _shown(str(exc)), "value")
            ok = False
            value = None
        if inp.measure_unit and indicator is not None:
            given = normalise_unit(str(inp.measure_unit))
            if given != self._unit_of_measure[indicator.id]:
                self._find(inp, ERROR, "unit_mismatch", _("计量单位“%(given)s”与指标“%(name)s”的计量单位“%(unit)s”不符")
                           % {"given": _shown(str(inp.measure_unit)), "name": indicator.name,
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


def _shown(text: str) -> str:
    """Text quoted back in a message, with any control character written as an escape (so it can be shown)."""
    return escape_control_characters(text)
