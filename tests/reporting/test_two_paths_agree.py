"""One check, one truth: the shortcuts the entry checks and the number reader take for the common row give the
same outcome as the careful path on generated input (Hypothesis), refusals and their wording included."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plantrack.reporting.entry_checks import OutOfScope, ValueChecks
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import ReportingRound
from plantrack.reporting.numbers import parse_number, parse_number_carefully

TODAY = date(2031, 1, 15)

# Text a figure is written as: mostly plausible numbers, some near the limits, some broken.
_digits = st.text(alphabet="0123456789", min_size=1, max_size=22)
_grouped = st.integers(min_value=0, max_value=10**16).map(lambda n: f"{n:,}")
_number_text = st.builds(
    lambda sign, whole, frac, pad: f"{pad}{sign}{whole}{frac}{pad}",
    st.sampled_from(["", "+", "-"]),
    st.one_of(_digits, _grouped),
    st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=0, max_size=9).map(lambda d: "." + d)),
    st.sampled_from(["", " ", "\t", "\u3000"]),
)
_odd_text = st.text(alphabet="0123456789,.+- eE%％０１２=—\t", max_size=16)
RAW_FIGURES = st.one_of(
    _number_text, _odd_text,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(), st.booleans(),
)


def _outcome(parse, raw):
    try:
        value = parse(raw)
    except ValueError as exc:
        return "refused", str(exc)
    return "read", repr(value)  # the repr keeps the exponent: 1.50 and 1.5 are different readings


class TestNumberReader:
    @given(RAW_FIGURES)
    @settings(max_examples=600, deadline=None)
    @example("1,234.5")
    @example("00000000000000012.5")
    @example("12345678901234.123456")
    @example("123456789012345")
    @example("1.1234567")
    @example(" -0.0 ")
    def test_the_shortcut_reads_what_the_careful_path_reads(self, raw):
        assert _outcome(parse_number, raw) == _outcome(parse_number_carefully, raw)

    def test_the_careful_path_refuses_what_the_reader_refuses(self):
        for raw in ("5%", "12,3", "1e5", "１２", "=A1", ""):
            with pytest.raises(ValueError):
                parse_number_carefully(raw)


# Rows as channels hand them over: codes known and unknown, typed with spaces or as numbers from a sheet; periods
# ended, not ended, outside the plan or malformed; text with control characters or too long.
ROWS = st.builds(
    ValueInput,
    indicator_code=st.sampled_from(["1", "2", "3", "7", " 2", "99", 1, None]),
    unit_code=st.sampled_from(["150600", "150602", "150200", "150000", "999999", " 150600", 150600]),
    period=st.sampled_from(["2026M10", "2026M3", "2026", "2026Q1", "2031M2", "2024M1", "2026M13", "", 2026]),
    value=RAW_FIGURES,
    measure_unit=st.sampled_from([None, "", "亿元", "%", "％", "（%）", "万人", "百分点", 5]),
    comment=st.sampled_from(["", "快报", "a\x07b", "长" * 2001]),
    explanation=st.sampled_from(["", "口径调整"]),
    source=st.sampled_from(["", "统计局", "s" * 300]),
    where=st.sampled_from(["第2行", "第3行", ""]),
    columns=st.sampled_from([None, {"value": "D列"}]),
)


def _run(checks: ValueChecks, rows: list[ValueInput], *, fast: bool):
    """Everything the checks decide: the rows let through, the findings, the refusal (if any) and the state
    left for the checks that run later in the write transaction."""
    passed, refused = [], None
    try:
        for checked in checks.check(rows, fast=fast):
            passed.append(repr(checked))
    except OutOfScope as exc:
        refused = exc.unit.code
    findings = checks.findings
    return passed, refused, findings.kept, findings.total, findings.has_error, checks.seen, checks.value_column


@pytest.fixture
def rounds(world):
    # One open round and one closed one, so the round rules are part of what is generated.
    ReportingRound.objects.create(plan=world.plan, period="2026M10", title="2026年10月", deadline=TODAY)
    ReportingRound.objects.create(plan=world.plan, period="2026M3", title="2026年3月", deadline=TODAY,
                                  is_open=False)
    return world


@pytest.mark.django_db
class TestEntryChecks:
    @given(who=st.sampled_from(["admin", "ordos_clerk", "baotou_clerk"]), rows=st.lists(ROWS, max_size=12))
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    def test_the_fast_path_decides_as_the_careful_path(self, rounds, who, rows):
        # The checks only read the database, so one world serves every generated batch.
        user = getattr(rounds, who)

        def fresh() -> ValueChecks:
            return ValueChecks(user=user, plan=rounds.plan, round=None, today=TODAY)

        assert _run(fresh(), rows, fast=True) == _run(fresh(), rows, fast=False)

    def test_a_clean_batch_passes_either_way(self, rounds):
        rows = [ValueInput("1", "150600", "2026M10", "2,500.5", where="第2行"),
                ValueInput("2", "150600", "2026M10", Decimal("72.3"), measure_unit="％", where="第3行")]
        for fast in (True, False):
            checks = ValueChecks(user=rounds.ordos_clerk, plan=rounds.plan, round=None, today=TODAY)
            passed = list(checks.check(rows, fast=fast))
            assert [c.value for c in passed] == [Decimal("2500.5"), Decimal("72.3")]
            assert checks.findings.total == 0
