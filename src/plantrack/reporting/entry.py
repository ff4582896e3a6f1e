"""One batch of values from one user through one channel (录入): checking, writing, finishing — all or nothing.

Checking (`entry_checks`) reads and checks every input and stages the clean rows (`entry_writes.StagingTable`)
without holding any write lock, so a long file never blocks other writers while it is read. Writing and finishing
then run in one short write transaction: the staged rows are merged into the stored values with their history, the
checks that need the stored values (outliers, year-to-date, part ≤ whole, children sum) run over the database as it
now stands, and any error (or, when submitting, an unexplained warning) rolls everything back and raises
ValuesRejected with every finding.

    result = run_entry(user=u, plan=p, inputs=rows, channel=Channel.BULK)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from plantrack.clock import today as today_of_deployment
from plantrack.orgs.access import deny
from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.reporting.busy import write_transaction
from plantrack.reporting.entry_checks import OutOfScope, ValueChecks
from plantrack.reporting.entry_writes import MergeOutcome, MergeRequest, StagingTable, merge_staged
from plantrack.reporting.findings import WARNING, Finding, ValuesRejected
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel, ReportingRound
from plantrack.reporting.validation import validate_touched

_SQLITE_CACHE_KB = 64 * 1024


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


def run_entry(
    *,
    user: User,
    plan: Plan,
    inputs: Iterable[ValueInput],
    channel: str,
    round: ReportingRound | None = None,
    submit: bool = False,
    correction: bool = False,
    dry_run: bool = False,
    keep_value_ids: int = 100_000,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> EntryResult:
    """Check, write and finish one batch (see the module docstring); `progress` hears how many inputs were read."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    checks = ValueChecks(user=user, plan=plan, round=round, today=today or today_of_deployment())
    with StagingTable() as staging:
        _check_and_stage(checks, staging, inputs, user=user, progress=progress)
        request = MergeRequest(
            user_id=user.id, channel=channel, submit=submit, correction=correction,
            now=connection.ops.adapt_datetimefield_value(timezone.now()), keep_value_ids=keep_value_ids,
        )
        if checks.findings.has_error:
            # Refused already: the merge only looks for more findings (locked values), so it needs no write lock.
            _finish(checks, merge_staged(staging=staging, checks=checks, request=request), submit=submit)
        with _big_page_cache(staging.count), write_transaction():
            outcome = merge_staged(staging=staging, checks=checks, request=request)
            _finish(checks, outcome, submit=submit)
            if dry_run:
                transaction.set_rollback(True)
    return EntryResult(
        created=outcome.created, updated=outcome.updated, unchanged=outcome.unchanged, submitted=outcome.submitted,
        warnings=[f for f in checks.findings.kept if f.severity == WARNING], value_ids=outcome.value_ids,
    )


def _check_and_stage(checks: ValueChecks, staging: StagingTable, inputs: Iterable[ValueInput], *, user: User,
                     progress: Callable[[int], None] | None) -> None:
    """Checking: every input, chunk by chunk, staged when clean; no lock on the main database is taken."""
    rows = iter(inputs)
    size = settings.PLANTRACK_WRITE_CHUNK  # inputs checked and staged at a time
    try:
        while chunk := list(islice(rows, size)):
            staging.add(list(checks.check(chunk)))
            if progress is not None:
                progress(len(chunk))
    except OutOfScope as exc:
        raise deny(user, exc.unit, "enter values") from None


def _finish(checks: ValueChecks, outcome: MergeOutcome, *, submit: bool) -> None:
    """Finishing: the checks over stored values for what this batch wrote; raises ValuesRejected when blocked by an
    error, or when submitting with a warning not explained (a draft may keep one to explain later; the form says so).
    """
    findings = checks.findings
    if not findings.has_error:
        # The duplicate check is over: what remains in `seen` is what this batch wrote (no copy of a big map).
        touched = checks.seen
        for key in outcome.unchanged_keys:
            touched.pop(key, None)
        for f in validate_touched(touched=touched, rules=checks.rules, indicators=checks.indicators_by_id,
                                  units=checks.units_by_id):
            if checks.value_column and f.where:
                f = replace(f, where=f"{f.where} {checks.value_column}")
            findings.add(f)
    unexplained = any(f.severity == WARNING and not f.explained for f in findings.kept)
    if findings.has_error or (submit and unexplained):
        raise ValuesRejected(findings.kept, total=findings.total)


class _big_page_cache:  # noqa: N801 - used as a context manager
    """A big batch touches several indexes at once; SQLite's default 2 MB page cache thrashes."""

    def __init__(self, rows: int) -> None:
        self.active = connection.vendor == "sqlite" and rows > settings.PLANTRACK_WRITE_CHUNK
        self.before = None

    def __enter__(self) -> None:
        if self.active:
            with connection.cursor() as cur:
                cur.execute("PRAGMA cache_size")
                self.before = cur.fetchone()[0]
                cur.execute(f"PRAGMA cache_size = {-_SQLITE_CACHE_KB}")

    def __exit__(self, *exc: object) -> None:
        if self.active and self.before is not None:
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA cache_size = {int(self.before)}")
