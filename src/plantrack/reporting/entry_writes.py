"""Writing a checked batch of values (录入写入): staged outside the transaction, merged set-based inside it.

`StagingTable` holds the batch's checked rows in a temporary table of this connection — COPY on PostgreSQL, bulk
INSERTs on SQLite, where a temporary table lives outside the main database and takes none of its locks — while the
file is still being read and checked. `merge_staged` then runs inside the short write transaction: it compares the
staged rows with the stored values (locks, revisions, what changed), updates the changed ones, inserts the new ones
with one INSERT … SELECT and writes their history in the same set-based way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal
from itertools import chain
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection
from django.utils.translation import gettext as _

from plantrack.core.figures import figure_text
from plantrack.core.periods import parse_period
from plantrack.reporting.entry_checks import CheckedValue, ValueChecks
from plantrack.reporting.findings import ERROR, Findings, StaleValue
from plantrack.reporting.history import Change, entered_history_sql, record_changes
from plantrack.reporting.keys import value_key
from plantrack.reporting.models import DataValue, DataValueChange
from plantrack.wording import period_words

STAGING_TABLE = "plantrack_staged_values"
_ROWS_PER_STATEMENT = 64  # staged rows per INSERT on SQLite: 64 × 13 parameters, under every SQLite's limit of 999
_MATCH_CHUNK = 20_000  # staged rows compared with stored values per query (bounded memory on a re-import)
_S = DataValue.State
_A = DataValueChange.Action
_STAGED_COLUMNS = ("seq", "indicator_id", "unit_id", "period", "year", "value", "round_id", "comment", "explanation",
                   "source", "expected_revision", "place", "label")
_INSERT_COLUMNS = ("indicator_id", "unit_id", "period", "year", "value", "state", "comment", "explanation",
                   "return_reason", "source", "channel", "round_id", "revision", "updated_by_id", "updated_at")
_SQLITE_NUMBER = Context(prec=15)  # what Django reads back from SQLite's REAL: 15 significant digits
_QUANTUM = Decimal("0.000001")


def _figure(raw: Any) -> Decimal | None:
    """A stored figure as a Decimal whichever way the backend returns it (SQLite: a float)."""
    if raw is None:
        return None
    if isinstance(raw, float):
        return _SQLITE_NUMBER.create_decimal_from_float(raw).quantize(_QUANTUM)
    return Decimal(raw)


class StagingTable:
    """The temporary table one batch is staged in; created on entry, dropped on exit."""

    def __init__(self) -> None:
        self.count = 0
        self.has_expected_revisions = False
        self._q = connection.ops.quote_name(STAGING_TABLE)

    def __enter__(self) -> StagingTable:
        text = "TEXT"
        sqlite = connection.vendor == "sqlite"
        big = "INTEGER" if sqlite else "BIGINT"
        # On SQLite the key is the row id itself (free); on PostgreSQL an index is built only when the batch meets
        # stored values and is compared with them by ranges of seq (see `index_for_comparison`).
        seq = "seq INTEGER PRIMARY KEY" if sqlite else "seq BIGINT NOT NULL"
        with connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self._q}")
            cur.execute(
                f"CREATE TEMPORARY TABLE {self._q} ({seq}, indicator_id {big} NOT NULL, "
                f"unit_id {big} NOT NULL, period VARCHAR(10) NOT NULL, year INTEGER NOT NULL, "
                f"value NUMERIC(20, 6) NOT NULL, round_id {big} NULL, comment {text} NOT NULL, "
                f"explanation {text} NOT NULL, source {text} NOT NULL, expected_revision {big} NULL, "
                f"place {text} NOT NULL, label {text} NULL)"
            )
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            with connection.cursor() as cur:
                cur.execute(f"DROP TABLE IF EXISTS {self._q}")
        except Exception:  # noqa: BLE001 - a broken connection drops its temporary tables itself
            if exc[0] is None:
                raise

    @property
    def name(self) -> str:
        return self._q

    def add(self, rows: Sequence[CheckedValue]) -> None:
        """Stage checked rows (outside any transaction of the main database)."""
        if not rows:
            return
        start = self.count
        self.count += len(rows)
        staged = []
        for n, r in enumerate(rows, start=start + 1):
            if r.expected_revision:
                self.has_expected_revisions = True
            staged.append((n, r.indicator_id, r.unit_id, r.period, r.year, r.stored, r.round_id, r.comment,
                           r.explanation, r.source, r.expected_revision, r.where, r.value_label))
        if connection.vendor == "postgresql":
            self._copy(staged)
        else:
            self._insert(staged)

    def _copy(self, staged: list[tuple]) -> None:
        with connection.cursor() as cur:
            with cur.cursor.copy(f"COPY {self._q} ({', '.join(_STAGED_COLUMNS)}) FROM STDIN") as copy:
                for row in staged:
                    copy.write_row(row)

    def _insert(self, staged: list[tuple]) -> None:
        connection.ensure_connection()
        raw = connection.connection
        if connection.in_atomic_block:
            self._insert_rows(raw, staged)
            return
        # One transaction of the temporary database only: the main database is neither locked nor written.
        raw.execute("BEGIN")
        try:
            self._insert_rows(raw, staged)
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        raw.execute("COMMIT")

    def _insert_rows(self, raw: Any, staged: list[tuple]) -> None:
        """Many rows per INSERT statement: one statement per row costs SQLite several times as much."""
        width = len(_STAGED_COLUMNS)
        head = f"INSERT INTO {self._q} ({', '.join(_STAGED_COLUMNS)}) VALUES "
        one = "(" + ", ".join(["?"] * width) + ")"
        full = len(staged) - len(staged) % _ROWS_PER_STATEMENT
        if full:
            raw.executemany(head + ", ".join([one] * _ROWS_PER_STATEMENT),
                            [list(chain.from_iterable(staged[i : i + _ROWS_PER_STATEMENT]))
                             for i in range(0, full, _ROWS_PER_STATEMENT)])
        if full < len(staged):
            rest = staged[full:]
            raw.execute(head + ", ".join([one] * len(rest)), list(chain.from_iterable(rest)))

    def index_for_comparison(self) -> None:
        """On PostgreSQL: an index on seq and the planner's statistics (temporary tables are never auto-analysed),
        before the staged rows are compared with the stored ones range by range."""
        if connection.vendor == "postgresql" and self.count:
            with connection.cursor() as cur:
                cur.execute(f"CREATE INDEX ON {self._q} (seq)")
                cur.execute(f"ANALYZE {self._q}")


class StoredValue(NamedTuple):
    """A stored value that a staged row will change, as the merge reads it."""

    id: int
    value: Decimal | None
    state: str
    revision: int
    comment: str
    explanation: str
    source: str
    approved_value: Decimal | None


class StagedRow(NamedTuple):
    """A staged row read back for the comparison with its stored value."""

    seq: int
    indicator_id: int
    unit_id: int
    period: str
    value: Decimal
    round_id: int | None
    comment: str
    explanation: str
    source: str
    expected_revision: int | None
    place: str
    label: str | None


@dataclass
class MergeOutcome:
    """What the merge did: counts, the ids it touched (up to the caller's limit), the keys it left unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    submitted: int = 0
    value_ids: list[int] = field(default_factory=list)
    unchanged_keys: set[Any] = field(default_factory=set)


@dataclass
class MergeRequest:
    """Who writes what, how: the parameters of one merge."""

    user_id: int
    channel: str
    submit: bool
    correction: bool
    now: Any  # the time as the database adapter wants it
    keep_value_ids: int


def merge_staged(*, staging: StagingTable, checks: ValueChecks, request: MergeRequest) -> MergeOutcome:
    """Write the staged rows (inside the caller's transaction). Locked values become findings; a value someone else
    changed first raises StaleValue. With errors already found, only looks for more findings and writes nothing."""
    findings = checks.findings
    outcome = MergeOutcome()
    any_stored = _any_stored(staging)
    matched = 0
    if any_stored:
        staging.index_for_comparison()
        matched = _merge_stored(staging, checks, request, outcome)
    if findings.has_error:
        return outcome
    if staging.has_expected_revisions:
        _refuse_vanished(staging, checks, any_stored)
    new = staging.count - matched
    if new:
        _insert_new(staging, request, outcome, any_stored)
        outcome.created = new
        if request.submit:
            outcome.submitted += new
    return outcome


def _dv() -> str:
    return connection.ops.quote_name(DataValue._meta.db_table)


def _same_key(stored: str = "d", staged: str = "s") -> str:
    return (f"{stored}.indicator_id = {staged}.indicator_id AND {stored}.unit_id = {staged}.unit_id "
            f"AND {stored}.period = {staged}.period")


def _any_stored(staging: StagingTable) -> bool:
    """Whether any stored value could share a key with the batch: a file of new figures (the usual bulk import)
    asks the (unit, year) index once instead of probing every row's key."""
    s = staging.name
    with connection.cursor() as cur:
        cur.execute(f"SELECT 1 FROM {_dv()} d WHERE d.unit_id IN (SELECT DISTINCT unit_id FROM {s}) "
                    f"AND d.year IN (SELECT DISTINCT year FROM {s}) LIMIT 1")
        return cur.fetchone() is not None


def _merge_stored(staging: StagingTable, checks: ValueChecks, request: MergeRequest, outcome: MergeOutcome) -> int:
    """Compare the staged rows that have a stored value with it; update what changed. Returns how many matched."""
    s = staging.name
    matched = 0
    sql = (f"SELECT s.seq, s.indicator_id, s.unit_id, s.period, s.value, s.round_id, s.comment, s.explanation, "
           f"s.source, s.expected_revision, s.place, s.label, d.id, d.value, d.state, d.revision, d.comment, "
           f"d.explanation, d.source, d.approved_value FROM {s} s JOIN {_dv()} d ON {_same_key()} "
           f"WHERE s.seq BETWEEN %s AND %s ORDER BY s.seq")
    ordinals: dict[str, int] = {}
    for start in range(1, staging.count + 1, _MATCH_CHUNK):
        with connection.cursor() as cur:
            cur.execute(sql, [start, start + _MATCH_CHUNK - 1])
            pairs = [(StagedRow(*rec[:12]), StoredValue(*rec[12:])) for rec in cur.fetchall()]
        matched += len(pairs)
        updates: list[tuple] = []
        changes: list[Change] = []
        for staged, stored in pairs:
            ordinal = ordinals.get(staged.period)
            if ordinal is None:
                ordinal = ordinals[staged.period] = parse_period(staged.period).ordinal
            key = value_key(staged.indicator_id, staged.unit_id, ordinal)
            _compare(staged, stored, key, checks, request, outcome, updates, changes)
        if updates and not checks.findings.has_error:
            _update(updates)
            with connection.cursor() as cur:
                record_changes(cur, changes)
    return matched


def _compare(staged: StagedRow, stored: StoredValue, key: Any, checks: ValueChecks, request: MergeRequest,
             outcome: MergeOutcome, updates: list[tuple], changes: list[Change]) -> None:
    """Decide what one staged row does to its stored value: nothing, a change, a submission, or a refusal."""
    findings: Findings = checks.findings
    new_value = _figure(staged.value)
    old_value = _figure(stored.value)
    if staged.expected_revision is not None and stored.revision != int(staged.expected_revision):
        raise StaleValue(
            _("%(where)s：%(ind)s %(unit)s %(p)s 已被他人修改（现为第%(rev)s版），请刷新后重试")
            % {"where": staged.place, "ind": checks.indicators_by_id[staged.indicator_id].name,
               "unit": checks.units_by_id[staged.unit_id].name, "p": period_words(parse_period(staged.period)),
               "rev": stored.revision}
        )
    new_state = _S.SUBMITTED if request.submit else _S.DRAFT
    value_changed = old_value is None or old_value != new_value
    comment = staged.comment or stored.comment
    source = staged.source or stored.source
    explanation = staged.explanation if (value_changed or staged.explanation) else stored.explanation
    text_changed = (comment, source, explanation) != (stored.comment, stored.source, stored.explanation)
    if stored.state == _S.APPROVED and not request.correction:
        if value_changed:
            indicator = checks.indicators_by_id[staged.indicator_id]
            findings.record(ERROR, "locked", _("该数据已审核锁定（审定值%(v)s），如需更改请按更正提交")
                            % {"v": figure_text(_figure(stored.approved_value), missing="—")},
                            where=checks.place(staged.place, staged.label),
                            indicator_code=indicator.code, unit_code=checks.units_by_id[staged.unit_id].code,
                            period=staged.period, field="value")
        else:
            outcome.unchanged_keys.add(key)
            outcome.unchanged += 1
        return
    if value_changed or text_changed:
        action, target = _A.CHANGE, new_state
        outcome.updated += 1
    elif request.submit and stored.state in (_S.DRAFT, _S.RETURNED):
        # Only handed in, but a draft may have been saved with a warning not yet explained: it stays among the
        # values checked when the batch finishes, so submitting asks for the explanation.
        action, target = _A.SUBMIT, _S.SUBMITTED
        outcome.unchanged += 1
    else:
        outcome.unchanged_keys.add(key)
        outcome.unchanged += 1
        return
    updates.append((staged.value, target, comment, explanation, source, request.channel, staged.round_id,
                    request.user_id, request.now, stored.id, stored.revision))
    changes.append(Change(stored.id, action, stored.value, staged.value, stored.state, target, request.channel,
                          staged.comment or "", explanation if explanation != stored.explanation else "",
                          request.user_id, request.now))
    if target == _S.SUBMITTED:
        outcome.submitted += 1
    if len(outcome.value_ids) < request.keep_value_ids:
        outcome.value_ids.append(stored.id)


def _update(updates: list[tuple]) -> None:
    with connection.cursor() as cur:
        cur.executemany(
            f"UPDATE {_dv()} SET value = %s, state = %s, comment = %s, explanation = %s, source = %s, "
            f"channel = %s, round_id = %s, revision = revision + 1, updated_by_id = %s, updated_at = %s, "
            f"return_reason = '' WHERE id = %s AND revision = %s",
            updates,
        )
        if cur.rowcount != len(updates):
            raise StaleValue(_("部分数据在录入过程中已被他人修改，本次录入未生效，请刷新后重试"))


def _refuse_vanished(staging: StagingTable, checks: ValueChecks, any_stored: bool) -> None:
    """A row sent with the revision of a value that is no longer there (someone deleted it): stale."""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT s.place, s.indicator_id, s.unit_id, s.period FROM {staging.name} s "
            f"WHERE s.expected_revision IS NOT NULL AND s.expected_revision <> 0 "
            + (f"AND NOT EXISTS (SELECT 1 FROM {_dv()} d WHERE {_same_key()}) " if any_stored else "")
            + "ORDER BY s.seq LIMIT 1"
        )
        hit = cur.fetchone()
    if hit is not None:
        place, indicator_id, unit_id, period = hit
        raise StaleValue(
            _("%(where)s：%(ind)s %(unit)s %(p)s 已被他人修改（现为第%(rev)s版），请刷新后重试")
            % {"where": place, "ind": checks.indicators_by_id[indicator_id].name,
               "unit": checks.units_by_id[unit_id].name, "p": period_words(parse_period(period)), "rev": 0}
        )


def _insert_new(staging: StagingTable, request: MergeRequest, outcome: MergeOutcome, any_stored: bool) -> None:
    """INSERT … SELECT the staged rows without a stored value, and their ENTER history, in key order."""
    state = _S.SUBMITTED if request.submit else _S.DRAFT
    select = (
        f"SELECT s.indicator_id, s.unit_id, s.period, s.year, s.value, %s, s.comment, s.explanation, '', s.source, "
        f"%s, s.round_id, 1, %s, %s FROM {staging.name} s "
        + (f"WHERE NOT EXISTS (SELECT 1 FROM {_dv()} d WHERE {_same_key()}) " if any_stored else "")
        + "ORDER BY s.indicator_id, s.unit_id, s.period"
    )
    params = [state, request.channel, request.user_id, request.now]
    insert = f"INSERT INTO {_dv()} ({', '.join(_INSERT_COLUMNS)}) {select}"
    keep = max(0, request.keep_value_ids - len(outcome.value_ids))
    try:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # Room to sort the batch into key order in memory rather than in temporary files.
                cur.execute("SET LOCAL work_mem = '64MB'")
                checked_in_bulk = (staging.count > _BULK_REFERENCES_FROM and settings.PLANTRACK_BATCH_REFERENCE_CHECK
                                   and _may_check_references_in_bulk(cur))
                if checked_in_bulk:
                    _lock_references(cur, staging, request)
                    cur.execute("SET LOCAL session_replication_role = replica")
                # One statement: the rows, their history from what it returned, and the first ids.
                cur.execute(
                    f"WITH ins AS ({insert} RETURNING id, value, state, channel, comment, explanation, "
                    f"updated_by_id, updated_at), hist AS ({entered_history_sql('ins')}) "
                    f"SELECT id FROM ins ORDER BY id LIMIT %s",
                    [*params, keep],
                )
                outcome.value_ids.extend(r[0] for r in cur.fetchall())
                if checked_in_bulk:
                    cur.execute("SET LOCAL session_replication_role = origin")
                return
            # SQLite: this transaction holds the only write lock, so the new rows are those above the maximum id
            # that carry a staged key (a trigger's rows, written by the same statement, are not ours).
            cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_dv()}")
            before = cur.fetchone()[0]
            cur.execute(insert, params)
            ours = (f"(SELECT d.id, d.value, d.state, d.channel, d.comment, d.explanation, d.updated_by_id, "
                    f"d.updated_at FROM {staging.name} s JOIN {_dv()} d ON {_same_key()} WHERE d.id > %s) ours")
            cur.execute(entered_history_sql(ours), [before])
            if keep:
                cur.execute(f"SELECT id FROM {ours} ORDER BY id LIMIT %s", [before, keep])
                outcome.value_ids.extend(r[0] for r in cur.fetchall())
    except IntegrityError as exc:
        raise StaleValue(_("部分数据刚被他人录入，本次录入未生效，请刷新后重试")) from exc


# From this many new rows on, PostgreSQL's per-row foreign-key triggers (six lookups a value: indicator, unit,
# round, author, and the history row's value and author) cost more than the rest of the import together; the
# references are then checked and locked once for the whole batch instead, when the database lets this role.
_BULK_REFERENCES_FROM = 1000


def _may_check_references_in_bulk(cur: Any) -> bool:
    """Whether this role may turn per-row trigger checks off for its own transaction (a superuser, or on PostgreSQL
    15+ a role granted `SET ON PARAMETER session_replication_role`)."""
    if connection.pg_version >= 150000:
        cur.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    else:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cur.fetchone()
    return bool(row and row[0])


def _lock_references(cur: Any, staging: StagingTable, request: MergeRequest) -> None:
    """What the foreign-key triggers would do row by row, once for the batch: every indicator, unit, round and the
    author exist, and are share-locked (FOR KEY SHARE) so that nobody deletes them before this transaction ends."""
    from plantrack.indicators.models import Indicator
    from plantrack.orgs.models import OrgUnit, User
    from plantrack.reporting.models import ReportingRound

    q = connection.ops.quote_name
    s = staging.name
    for model, column in ((Indicator, "indicator_id"), (OrgUnit, "unit_id"), (ReportingRound, "round_id")):
        cur.execute(
            f"SELECT (SELECT count(DISTINCT {column}) FROM {s}), "
            f"(SELECT count(*) FROM (SELECT id FROM {q(model._meta.db_table)} "
            f"WHERE id IN (SELECT DISTINCT {column} FROM {s}) FOR KEY SHARE) locked)"
        )
        wanted, locked = cur.fetchone()
        if wanted != locked:
            raise StaleValue(_("部分指标、单位或填报轮次在录入过程中已被删除，本次录入未生效，请刷新后重试"))
    cur.execute(f"SELECT id FROM {q(User._meta.db_table)} WHERE id = %s FOR KEY SHARE", [request.user_id])
    if cur.fetchone() is None:
        raise StaleValue(_("录入人账号已不存在，本次录入未生效"))
