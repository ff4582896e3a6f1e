"""The batch writer behind `enter_values` (录入会话): checks, writes and validates values, all or nothing.

A session runs in one transaction. Inputs are checked row by row as they are added (codes, number, period, unit of
measure, scope, duplicates, locks) and written in chunks with bulk statements, so a million-row file streams through
in bounded memory. At `finish()` the checks that need history or other values (outliers, year-to-date, part ≤ whole,
children sum) run over the database as it now stands; any error or unexplained warning rolls everything back and
raises ValuesRejected with every finding.

    with EntrySession(user=u, plan=p, channel=Channel.BULK) as session:
        for chunk in chunks:
            session.add(chunk)
        result = session.finish()
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import chain
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plantrack.core.figures import figure_text
from plantrack.core.periods import Period, parse_period
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import can_enter_values, deny, round_accepts_entries
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.reporting.findings import ERROR, WARNING, Finding, StaleValue, ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.keys import indicator_period_bits, unit_bits, value_key
from plantrack.reporting.models import Channel, DataValue, DataValueChange, ReportingRound
from plantrack.reporting.numbers import is_simple_number, normalise_unit, parse_number
from plantrack.reporting.selectors import KIND_OF_FREQUENCY
from plantrack.reporting.validation import RuleSet, range_checker, validate_touched

MAX_FINDINGS = 1000  # findings kept in full; beyond this they are only counted
_IN_CHUNK = 500
_ROWS_PER_INSERT = 250  # rows per multi-row INSERT statement (within the backend's limit on parameters)
# The columns of an inserted value, in the order of the tuples `_flush` builds.
_INSERT_COLUMNS = ("indicator_id", "unit_id", "period", "year", "value", "state", "comment", "explanation",
                   "return_reason", "source", "channel", "round_id", "revision", "updated_by_id", "updated_at")
_SQLITE_CACHE_KB = 64 * 1024
_S = DataValue.State
_A = DataValueChange.Action


@dataclass
class EntryResult:
    """What a batch did: counts by outcome, the warnings that were explained, and the values it touched."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    submitted: int = 0
    warnings: list[Finding] = field(default_factory=list)
    value_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class _OutOfScope(Exception):
    def __init__(self, unit: OrgUnit) -> None:
        self.unit = unit


# A checked row waiting to be written, as a flat tuple of plain values (ids and text, no model objects and not the
# input itself): a million of them pass through a bulk import, and a tuple of plain values is dropped from the
# garbage collector's watch at its first pass instead of being promoted and traversed again and again.
# (key, indicator id, unit id, period code, year, value, value as sent to the database, round id,
#  comment, explanation, source, expected revision, where, value column label, and the codes as typed:
#  indicator, unit, period)
_Row = tuple[Any, int, int, str, int, Decimal, Any, int | None, str, str, str, int | None, str, str | None, Any, Any,
             Any]
_UNSET = object()


def _value_label(columns: Any) -> str | None:
    """The value column's label in `columns`, as `ValueInput.place("value")` appends it."""
    return f"{columns['value']}" if columns and "value" in columns else None


def _place(where: str, label: str | None) -> str:
    return f"{where} {label}".strip() if label is not None else where


class EntrySession:
    """One all-or-nothing batch of values from one user through one channel (see the module docstring)."""

    def __init__(
        self,
        *,
        user: User,
        plan: Plan,
        channel: str,
        round: ReportingRound | None = None,
        submit: bool = False,
        correction: bool = False,
        dry_run: bool = False,
        keep_value_ids: int = 100_000,
    ) -> None:
        if channel not in Channel.values:
            raise ValueError(f"unknown channel {channel!r}")
        if round is not None and round.plan_id != plan.id:
            raise ValueError("the round belongs to another plan")
        self.user, self.plan, self.channel, self.round = user, plan, channel, round
        self.submit, self.correction, self.dry_run = submit, correction, dry_run
        self.keep_value_ids = keep_value_ids
        self.chunk: int = settings.PLANTRACK_WRITE_CHUNK  # rows checked and written per group
        self.result = EntryResult()
        self.findings: list[Finding] = []
        self.n_findings = 0
        self.has_error = False
        self._pending: list[_Row] = []
        self._seen: dict[Any, str] = {}  # key → where, for every input so far (duplicates; validation)
        self._unchanged: set[Any] = set()
        # The value column's name for messages of checks run at finish(), when every input shares one (a file).
        self._columns: Any = None
        self._value_column: str | None = None
        self._atomic: Any = None
        self._finished = False

    # -- set-up ---------------------------------------------------------------------------------------------------

    def __enter__(self) -> EntrySession:
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._cache_size = None
        try:
            if connection.vendor == "sqlite":
                # A big batch touches several indexes at once; SQLite's default 2 MB page cache thrashes.
                with connection.cursor() as cur:
                    cur.execute("PRAGMA cache_size")
                    self._cache_size = cur.fetchone()[0]
                    cur.execute(f"PRAGMA cache_size = {-_SQLITE_CACHE_KB}")
            self._preload()
        except BaseException:
            self._atomic.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None and (self.dry_run or not self._finished):
            transaction.set_rollback(True)
        self._atomic.__exit__(exc_type, exc, tb)
        if self._cache_size is not None:
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA cache_size = {int(self._cache_size)}")
        if isinstance(exc, _OutOfScope):
            # Logged after the rollback, so the refusal is kept for the auditors.
            raise deny(self.user, exc.unit, "enter values") from None
        return False

    def _preload(self) -> None:
        self.now = timezone.now()
        self.now_db = connection.ops.adapt_datetimefield_value(self.now)
        # SQLite keeps a NUMERIC column's figure as a REAL of 15 significant digits whether it is sent as text or
        # as a float; sending the float saves it parsing a million strings.
        self._db_number = float if connection.vendor == "sqlite" else (lambda d: d)
        self._max_params = _max_query_params()
        self.indicators = {i.code: i for i in Indicator.objects.filter(plan=self.plan)}
        self.indicators_by_id = {i.id: i for i in self.indicators.values()}
        self.units = {u.code: u for u in OrgUnit.objects.only("id", "code", "name", "path", "parent_id", "kind")}
        self.units_by_id = {u.id: u for u in self.units.values()}
        self.rounds = {r.period: r for r in ReportingRound.objects.filter(plan=self.plan)}
        self.rules = RuleSet.load(self.plan)
        self._periods: dict[str, Period | str] = {}
        self._period_checks: dict[tuple, tuple] = {}
        self._range: dict[int, Any] = {}
        self._scope: dict[int, bool] = {}
        self._unit_of_measure = {i.id: normalise_unit(i.unit) for i in self.indicators.values()}
        # What the fast path of `add` needs, learnt once per (indicator code, period text) and per unit code; only
        # combinations that pass every per-code check are kept, so the caches stay as small as the registry.
        self._fast_ip: dict[tuple, tuple] = {}
        self._fast_unit: dict[Any, tuple[int, int]] = {}

    # -- findings -------------------------------------------------------------------------------------------------

    def _find(self, inp: ValueInput, severity: str, code: str, message: str, field_name: str = "",
              explained: bool = False) -> None:
        self._record(severity, code, message, inp.place(field_name), inp.indicator_code, inp.unit_code, inp.period,
                     field_name, explained)

    def _record(self, severity: str, code: str, message: str, where: str, indicator_code: object,
                unit_code: object, period: object, field_name: str = "", explained: bool = False) -> None:
        self.n_findings += 1
        if severity == ERROR:
            self.has_error = True
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(
                Finding(
                    severity=severity, code=code, message=message, where=where,
                    indicator_code=str(indicator_code or ""), unit_code=str(unit_code or ""),
                    period=str(period or ""), field=field_name, explained=explained,
                )
            )

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

    # -- adding inputs --------------------------------------------------------------------------------------------

    def add(self, inputs: Iterable[ValueInput]) -> int:
        """Check each input; write in chunks while the batch is clean. Returns how many inputs it took."""
        # The common row (known codes, open period, plain number, no duplicate) is checked inline against cached
        # facts; any row the fast path is not sure of goes through `_check`, which finds and words every problem.
        pending = self._pending
        seen = self._seen
        fast_ip, fast_unit = self._fast_ip, self._fast_unit
        simple = is_simple_number
        number = self._db_number
        floats = number is float
        last_columns, label = _UNSET, None
        taken = 0
        for inp in inputs:
            taken += 1
            row = None
            ip = fast_ip.get((inp.indicator_code, inp.period)) or self._learn_indicator_period(inp)
            ub = fast_unit.get(inp.unit_code) or self._learn_unit(inp)
            if ip and ub:
                raw = inp.value
                if type(raw) is str and simple(raw):
                    value: Decimal | None = Decimal(raw)
                    # float(text) is float(Decimal(text)) (both round the same decimal correctly), a third the cost.
                    stored = float(raw) if floats else value
                else:
                    try:
                        value = parse_number(raw)
                        stored = number(value)
                    except ValueError:
                        value = None
                mu = inp.measure_unit
                key = ip[4] | ub[1]
                if value is not None and (not mu or normalise_unit(mu) == ip[6]) and key not in seen:
                    seen[key] = where = inp.where
                    columns = inp.columns
                    if columns is not last_columns:
                        last_columns, label = columns, _value_label(columns)
                        if columns is not self._columns:
                            self._note_columns(inp)
                    if ip[5] is not None:
                        self._range_findings(inp, ip[5], value)
                    row = (key, ip[0], ub[0], ip[2], ip[3], value, stored, ip[1], inp.comment, inp.explanation,
                           inp.source, inp.expected_revision, where, label, inp.indicator_code, inp.unit_code,
                           inp.period)
            if row is None:
                row = self._check(inp)
            if row is not None:
                pending.append(row)
                if len(pending) >= self.chunk:
                    self._flush()
                    pending = self._pending
        return taken

    def _learn_indicator_period(self, inp: ValueInput) -> tuple | None:
        """Cached facts of a clean (indicator code, period text) pair for the fast path; None if it is not clean."""
        indicator = self.indicators.get(inp.indicator_code)
        if indicator is None or not indicator.is_active:
            return None
        period, round_id, problems, code = self._period_check(indicator, inp.period)
        if problems:
            return None
        # (indicator id, round id, period code, year, key bits, range checker, unit of measure)
        hit = self._fast_ip[(inp.indicator_code, inp.period)] = (
            indicator.id, round_id, code, period.year, indicator_period_bits(indicator.id, period.ordinal),
            self._range_checker(indicator), self._unit_of_measure[indicator.id],
        )
        return hit

    def _learn_unit(self, inp: ValueInput) -> tuple[int, int] | None:
        """Cached (unit id, its key bits) of a unit code in the user's scope for the fast path; None otherwise."""
        unit = self.units.get(inp.unit_code)
        if unit is None or not self._may_enter(unit):
            return None
        bits = unit_bits(unit.id)
        if bits is None:
            return None
        hit = self._fast_unit[inp.unit_code] = (unit.id, bits)
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
        self._value_column = column if self._columns is None or column == self._value_column else None
        self._columns = inp.columns

    def _period_check(self, indicator: Indicator | None, raw: object) -> tuple:
        """(period or None, round id, [(code, message)]) for an indicator and a period text; cached per pair."""
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
            if not self.plan.period_start <= period.year <= self.plan.period_end:
                problems.append(("period_outside_plan", _("报告期%(p)s不在规划期%(a)s–%(b)s年内")
                                 % {"p": period.code, "a": self.plan.period_start, "b": self.plan.period_end}))
            elif indicator is not None and KIND_OF_FREQUENCY.get(indicator.frequency) != period.kind:
                problems.append(("period_frequency", _("指标“%(name)s”为%(freq)s，报告期%(p)s不符")
                                 % {"name": indicator.name, "freq": indicator.get_frequency_display(),
                                    "p": period.code}))
            rnd = self.round if self.round is not None else self.rounds.get(period.code)
            if self.round is not None and self.round.period != period.code:
                problems.append(("round_period", _("报告期%(p)s不属于填报轮次“%(r)s”")
                                 % {"p": period.code, "r": self.round.title}))
            elif rnd is not None:
                if not round_accepts_entries(self.user, rnd):
                    problems.append(("round_closed", _("填报轮次“%(r)s”已关闭") % {"r": rnd.title}))
                round_id = rnd.id
        hit = self._period_checks[cache_key] = (period, round_id, problems, period.code if period else "")
        return hit

    def _check(self, inp: ValueInput) -> _Row | None:
        ok = True
        code = inp.indicator_code
        indicator = self.indicators.get(code)
        if indicator is None and isinstance(code, str | int | float):
            indicator = self.indicators.get(str(code).strip())
        if indicator is None or not indicator.is_active:
            code = str(code or "").strip()
            why = _("指标编码“%(code)s”不在本规划的指标库中") if indicator is None else _("指标“%(code)s”已停用")
            self._find(inp, ERROR, "unknown_indicator", why % {"code": code}, "indicator_code")
            ok = False
            indicator = None
        unit = self.units.get(inp.unit_code)
        if unit is None:
            ucode = str(inp.unit_code or "").strip()
            unit = self.units.get(ucode)
        if unit is None:
            self._find(inp, ERROR, "unknown_unit", _("单位代码“%(code)s”不存在") % {"code": ucode}, "unit_code")
            ok = False
        elif not self._may_enter(unit):
            raise _OutOfScope(unit)
        period, round_id, problems, period_code = self._period_check(indicator, inp.period)
        for code_, message in problems:
            self._find(inp, ERROR, code_, message, "period")
            ok = False
        try:
            value = parse_number(inp.value)
        except ValueError as exc:
            self._find(inp, ERROR, "not_a_number", str(exc), "value")
            ok = False
            value = None
        if inp.measure_unit and indicator is not None:
            given = normalise_unit(inp.measure_unit)
            if given != self._unit_of_measure[indicator.id]:
                self._find(inp, ERROR, "unit_mismatch", _("计量单位“%(given)s”与指标“%(name)s”的计量单位“%(unit)s”不符")
                           % {"given": inp.measure_unit, "name": indicator.name, "unit": indicator.unit or "—"},
                           "measure_unit")
                ok = False
        if indicator is None or unit is None or period is None:
            return None
        key = value_key(indicator.id, unit.id, period.ordinal)
        first = self._seen.get(key)
        if first is not None:
            self._find(inp, ERROR, "duplicate", _("与%(first)s重复：同一指标、单位、报告期只能填一个数")
                       % {"first": first or _("前面一行")})
            return None
        self._seen[key] = inp.where
        if inp.columns is not self._columns:
            self._note_columns(inp)
        if value is not None:
            checker = self._range_checker(indicator)
            if checker is not None:
                self._range_findings(inp, checker, value)
        if not ok or value is None:
            return None
        return (key, indicator.id, unit.id, period_code, period.year, value, self._db_number(value), round_id,
                inp.comment, inp.explanation, inp.source, inp.expected_revision, inp.where,
                _value_label(inp.columns), inp.indicator_code, inp.unit_code, inp.period)

    # -- writing --------------------------------------------------------------------------------------------------

    def _existing(self, rows: list[_Row]) -> dict[Any, tuple]:
        unit_ids = sorted({r[2] for r in rows})
        years = sorted({r[4] for r in rows})
        # A file of new figures (the usual bulk import) finds nothing: ask the (unit, year) index once per chunk of
        # units whether there is anything at all before probing every indicator × unit × period of the batch.
        chunks = [unit_ids[start : start + _IN_CHUNK] for start in range(0, len(unit_ids), _IN_CHUNK)]
        table = connection.ops.quote_name(DataValue._meta.db_table)
        with_values: list[list[int]] = []
        with connection.cursor() as cur:
            for chunk in chunks:
                cur.execute(f"SELECT 1 FROM {table} WHERE unit_id IN ({', '.join(['%s'] * len(chunk))}) "
                            f"AND year IN ({', '.join(['%s'] * len(years))}) LIMIT 1", chunk + years)
                if cur.fetchone() is not None:
                    with_values.append(chunk)
        if not with_values:
            return {}
        indicator_ids = sorted({r[1] for r in rows})
        periods = sorted({r[3] for r in rows})
        wanted = {r[0] for r in rows}
        found: dict[Any, tuple] = {}
        fields = ("id", "indicator_id", "unit_id", "period", "value", "state", "revision", "comment", "explanation",
                  "source", "approved_value")
        for chunk in with_values:
            qs = DataValue.objects.filter(
                indicator_id__in=indicator_ids, unit_id__in=chunk, period__in=periods
            ).values_list(*fields)
            for rec in qs:
                p = self._period(rec[3])
                key = value_key(rec[1], rec[2], p.ordinal)
                if key in wanted:
                    found[key] = rec
        return found

    def _flush(self) -> None:
        rows, self._pending = self._pending, []
        if not rows:
            return
        existing = self._existing(rows)
        new_state = _S.SUBMITTED if self.submit else _S.DRAFT
        inserts: list[tuple] = []
        updates: list[tuple] = []
        history: list[tuple] = []
        channel, user_id, now = self.channel, self.user.id, self.now_db
        for (key, indicator_id, unit_id, code, year, value, stored, round_id, comment_in, explanation_in, source_in,
             expected, where, label, typed_indicator, typed_unit, typed_period) in rows:
            ex = existing.get(key) if existing else None
            if expected is not None and (ex[6] if ex else 0) != int(expected):
                raise StaleValue(
                    _("%(where)s：%(ind)s %(unit)s %(p)s 已被他人修改（现为第%(rev)s版），请刷新后重试")
                    % {"where": where, "ind": self.indicators_by_id[indicator_id].name,
                       "unit": self.units_by_id[unit_id].name, "p": self._period(code).label_zh(),
                       "rev": ex[6] if ex else 0}
                )
            if ex is None:
                inserts.append((indicator_id, unit_id, code, year, stored, new_state, comment_in or "",
                                explanation_in or "", "", source_in or "", channel, round_id, 1, user_id, now))
                continue
            vid, _i, _u, _p, old_value, state, revision, comment, explanation, source, approved = ex
            value_changed = old_value is None or Decimal(old_value) != value
            comment_new = comment_in or comment
            source_new = source_in or source
            explanation_new = explanation_in if (value_changed or explanation_in) else explanation
            text_changed = (comment_new, source_new, explanation_new) != (comment, source, explanation)
            if state == _S.APPROVED and not self.correction:
                if value_changed:
                    self._record(ERROR, "locked", _("该数据已审核锁定（审定值%(v)s），如需更改请按更正提交")
                                 % {"v": figure_text(approved, missing="—")}, _place(where, label), typed_indicator,
                                 typed_unit, typed_period, "value")
                else:
                    self._unchanged.add(key)
                    self.result.unchanged += 1
                continue
            if value_changed or text_changed:
                action, target = _A.CHANGE, new_state
                self.result.updated += 1
            elif self.submit and state in (_S.DRAFT, _S.RETURNED):
                # Only handed in, but a draft may have been saved with a warning not yet explained: it stays among
                # the values checked at finish(), so submitting asks for the explanation.
                action, target = _A.SUBMIT, _S.SUBMITTED
                self.result.unchanged += 1
            else:
                self._unchanged.add(key)
                self.result.unchanged += 1
                continue
            updates.append((stored, target, comment_new, explanation_new, source_new, channel, round_id,
                            user_id, now, vid, revision))
            history.append((vid, action, old_value, value, state, target, channel, comment_in or "",
                            explanation_new if explanation_new != explanation else "", user_id, now))
            if target == _S.SUBMITTED:
                self.result.submitted += 1
            self._keep_id(vid)
        if self.has_error:
            return  # keep checking for more findings, but nothing more is written
        inserts.sort()  # key order (indicator, unit, period are unique, so later fields never decide): fewer pages
        self._write(inserts, updates, history)

    def _keep_id(self, vid: int) -> None:
        if len(self.result.value_ids) < self.keep_value_ids:
            self.result.value_ids.append(vid)

    def _write(self, inserts: list[tuple], updates: list[tuple], history: list[tuple]) -> None:
        q = connection.ops.quote_name
        dv = q(DataValue._meta.db_table)
        ch = q(DataValueChange._meta.db_table)
        with connection.cursor() as cur:
            if updates:
                cur.executemany(
                    f"UPDATE {dv} SET value = %s, state = %s, comment = %s, explanation = %s, source = %s, "
                    f"channel = %s, round_id = %s, revision = revision + 1, updated_by_id = %s, updated_at = %s, "
                    f"return_reason = '' WHERE id = %s AND revision = %s",
                    updates,
                )
                if cur.rowcount != len(updates):
                    raise StaleValue(_("部分数据在录入过程中已被他人修改，本次录入未生效，请刷新后重试"))
            if history:
                self._insert_history(cur, ch, history)
            if inserts:
                cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {dv}")
                before = cur.fetchone()[0]
                try:
                    self._insert_values(cur, dv, inserts)
                except IntegrityError as exc:
                    raise StaleValue(_("部分数据刚被他人录入，本次录入未生效，请刷新后重试")) from exc
                self.result.created += len(inserts)
                if self.submit:
                    self.result.submitted += len(inserts)
                self._history_for_inserts(cur, dv, ch, inserts, before)

    def _insert_values(self, cur, dv: str, inserts: list[tuple]) -> None:
        """INSERT the new values, many rows per statement: one statement per row (executemany of single rows) costs
        SQLite about a third of the whole write. Full groups share one statement text, so it is parsed once."""
        width = len(_INSERT_COLUMNS)
        per = max(1, min(_ROWS_PER_INSERT, self._max_params // width))
        head = f"INSERT INTO {dv} ({', '.join(_INSERT_COLUMNS)}) VALUES "
        one = "(" + ", ".join(["%s"] * width) + ")"
        flat = chain.from_iterable
        full = len(inserts) - len(inserts) % per
        if full:
            cur.executemany(head + ", ".join([one] * per),
                            [list(flat(inserts[start : start + per])) for start in range(0, full, per)])
        if full < len(inserts):
            rest = inserts[full:]
            cur.execute(head + ", ".join([one] * len(rest)), list(flat(rest)))

    def _insert_history(self, cur, ch: str, history: list[tuple]) -> None:
        cur.executemany(
            f"INSERT INTO {ch} (data_value_id, action, old_value, new_value, old_state, new_state, channel, comment, "
            f"explanation, user_id, at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            history,
        )

    def _history_for_inserts(self, cur, dv: str, ch: str, inserts: list[tuple], before: int) -> None:
        """One ENTER row per new value; when the new ids form one run (the usual case), in a single statement.

        The run is proved, not assumed: the rows visible above the previous maximum id are exactly as many as we
        inserted and without gaps. Otherwise (another writer's ids interleaved) the ids are read back by key.
        """
        cur.execute(f"SELECT COUNT(*), MIN(id), MAX(id) FROM {dv} WHERE id > %s", [before])
        count, lo, hi = cur.fetchone()
        if count == len(inserts) and hi - lo + 1 == count:
            if self.keep_value_ids > len(self.result.value_ids):
                for vid in range(lo, hi + 1):
                    self._keep_id(vid)
            cur.execute(
                f"INSERT INTO {ch} (data_value_id, action, old_value, new_value, old_state, new_state, channel, "
                f"comment, explanation, user_id, at) SELECT id, %s, NULL, value, '', state, channel, comment, "
                f"explanation, updated_by_id, updated_at FROM {dv} WHERE id BETWEEN %s AND %s",
                [_A.ENTER, lo, hi],
            )
            return
        by_key = {(r[0], r[1], r[2]): r for r in inserts}
        unit_ids = sorted({r[1] for r in inserts})
        history = []
        for start in range(0, len(unit_ids), _IN_CHUNK):
            qs = DataValue.objects.filter(
                indicator_id__in=sorted({r[0] for r in inserts}), unit_id__in=unit_ids[start : start + _IN_CHUNK],
                period__in=sorted({r[2] for r in inserts}), id__gt=before,
            ).values_list("id", "indicator_id", "unit_id", "period")
            for vid, i, u, p in qs:
                r = by_key.get((i, u, p))
                if r is not None:
                    self._keep_id(vid)
                    history.append((vid, _A.ENTER, None, r[4], "", r[5], self.channel, r[6], r[7], self.user.id,
                                    self.now_db))
        if len(history) != len(inserts):  # pragma: no cover - the rows were inserted in this transaction
            raise StaleValue(_("录入的数据无法读回，本次录入未生效"))
        self._insert_history(cur, ch, history)

    # -- finishing ------------------------------------------------------------------------------------------------

    def finish(self) -> EntryResult:
        """Write what is left, run the cross-value checks, and either keep everything or raise ValuesRejected."""
        self._flush()
        if not self.has_error:
            # The duplicate check is over: what remains in _seen is what this batch wrote (no copy of a big map).
            touched = self._seen
            for key in self._unchanged:
                touched.pop(key, None)
            for f in validate_touched(
                touched=touched, rules=self.rules, indicators=self.indicators_by_id, units=self.units_by_id,
            ):
                if self._value_column and f.where:
                    f = replace(f, where=f"{f.where} {self._value_column}")
                self.n_findings += 1
                if f.severity == ERROR:
                    self.has_error = True
                if len(self.findings) < MAX_FINDINGS:
                    self.findings.append(f)
        # A draft may keep a warning to explain later (the form says so); submitting needs every explanation.
        unexplained = any(f.severity == WARNING and not f.explained for f in self.findings)
        blocking = self.has_error or (self.submit and unexplained)
        if blocking:
            raise ValuesRejected(self.findings, total=self.n_findings)
        self.result.warnings = [f for f in self.findings if f.severity == WARNING]
        self._finished = True
        return self.result


def _max_query_params() -> int:
    """How many parameters one statement may carry on this connection."""
    if connection.vendor == "sqlite":
        # Django assumes 999, the limit of SQLite before 3.32; the library in use says what it really allows.
        import sqlite3

        connection.ensure_connection()
        getlimit = getattr(connection.connection, "getlimit", None)  # Python 3.11+
        if getlimit is not None:
            return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65_535


