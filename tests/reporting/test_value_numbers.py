"""Strict reading of figures: plain numbers pass, text that is not a number says why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plantrack.reporting.numbers import normalise_unit, parse_number


@pytest.mark.parametrize(
    "raw, expected",
    [("1234", "1234"), (" -1.5 ", "-1.5"), ("+2", "2"), ("12,345.6", "12345.6"), ("1,234,567", "1234567"),
     (Decimal("3.25"), "3.25"), (7, "7"), (0.1 + 0.2, "0.3"), (2500.5, "2500.5"), ("0.000001", "0.000001")],
)
def test_plain_numbers(raw, expected):
    assert parse_number(raw) == Decimal(expected)


@pytest.mark.parametrize(
    "raw, words",
    [("—", "“—”不是数字"), ("12,3", "逗号不能作小数点"), ("约5%", "请去掉%"), ("5%", "请去掉%"), ("=A1", "是公式"),
     ("1e5", "科学计数法"), ("１２", "半角数字"), ("", "数值为空"), (None, "数值为空"), ("1.1234567", "小数超过6位"),
     ("123456789012345", "超出可存储的范围"), (True, "不是数字"), (float("nan"), "不是有限的数字"),
     ("12,34,567", "不是数字")],
)
def test_text_is_refused_with_the_reason(raw, words):
    with pytest.raises(ValueError, match=words):
        parse_number(raw)


def test_units_are_compared_in_one_form():
    assert normalise_unit(" ％ ") == "%" and normalise_unit("（亿元）") == "亿元" and normalise_unit(None) == ""
