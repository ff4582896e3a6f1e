"""Reporting periods: parsing every accepted form, neighbours across year ends, labels and end dates."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from plantrack.core.periods import Period, parse_period, period_sort_key


@pytest.mark.parametrize(
    "code, normal, previous, last_year, label, end",
    [
        ("2026", "2026", "2025", "2025", "2026年", date(2026, 12, 31)),
        ("2026Q3", "2026Q3", "2026Q2", "2025Q3", "2026年第3季度", date(2026, 9, 30)),
        ("2026Q1", "2026Q1", "2025Q4", "2025Q1", "2026年第1季度", date(2026, 3, 31)),
        ("2026M10", "2026M10", "2026M9", "2025M10", "2026年10月", date(2026, 10, 31)),
        ("2026-10", "2026M10", "2026M9", "2025M10", "2026年10月", date(2026, 10, 31)),
        ("2026m1", "2026M1", "2025M12", "2025M1", "2026年1月", date(2026, 1, 31)),
        ("2028M2", "2028M2", "2028M1", "2027M2", "2028年2月", date(2028, 2, 29)),
        (" 2026-Q4 ", "2026Q4", "2026Q3", "2025Q4", "2026年第4季度", date(2026, 12, 31)),
    ],
)
def test_parse_and_neighbours(code, normal, previous, last_year, label, end):
    p = parse_period(code)
    assert (p.code, p.previous().code, p.same_period_last_year().code, p.label_zh(), p.end_date()) == (
        normal, previous, last_year, label, end)
    assert Period.from_ordinal(p.ordinal) == p
    assert p.previous().next() == p


@pytest.mark.parametrize(
    "code, words",
    [("2026M13", "月份应在 1–12 之间"), ("2026Q0", "季度应在 1–4 之间"), ("十月", "无法识别"), ("", "无法识别"),
     ("2026/10", "无法识别")],
)
def test_bad_codes_say_what_is_wrong(code, words):
    with pytest.raises(ValueError, match=words):
        parse_period(code)


def test_ordinals_order_periods_of_one_kind():
    months = [parse_period(f"2026M{m}") for m in range(1, 13)] + [parse_period("2027M1")]
    assert [p.ordinal for p in months] == sorted(p.ordinal for p in months)


def test_the_module_does_not_import_django():
    code = "import sys, plantrack.core.periods; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


class TestSortByTime:
    def test_months_sort_by_time_not_as_text(self):
        codes = ["2026M10", "2026M2", "2026M1", "2026M11", "2025M12", "2026M9"]
        assert sorted(codes, key=period_sort_key) == ["2025M12", "2026M1", "2026M2", "2026M9", "2026M10", "2026M11"]

    def test_periods_of_every_kind_sort_by_their_end_finer_first(self):
        codes = ["2026", "2026Q4", "2026M12", "2026Q3", "2026M10", "2026M9", "2025", "2027M1"]
        assert sorted(codes, key=period_sort_key) == [
            "2025", "2026M9", "2026Q3", "2026M10", "2026M12", "2026Q4", "2026", "2027M1"]

    def test_period_objects_compare_with_the_same_key(self):
        periods = [parse_period(c) for c in ["2026", "2026M10", "2026Q4", "2026M2"]]
        assert [p.code for p in sorted(periods)] == ["2026M2", "2026M10", "2026Q4", "2026"]

    def test_an_unreadable_stored_code_sorts_last_instead_of_failing(self):
        assert sorted(["bad", "2026M2", "2026M10"], key=period_sort_key) == ["2026M2", "2026M10", "bad"]
