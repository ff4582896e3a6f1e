"""How a figure is written: one function for each kind of figure text, for pages, documents, sheets, messages and
the API (12.500000 → 12.5; 250000 on a meeting sheet → 250,000; a ratio of 0.36 → 36.0%)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from plantrack.core.figures import figure_text, grouped_figure_text, percent_text, significant_figure_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.500000"), "12.5"),
        (Decimal("7463.000000"), "7463"),
        (Decimal("7.463E+3"), "7463"),
        (Decimal("0.250000"), "0.25"),
        (Decimal("-3.100000"), "-3.1"),
        (Decimal("0.000000"), "0"),  # once "" on the entry form: a reported zero looked like no value
        (Decimal("-0.000"), "0"),
        (Decimal("100"), "100"),
        (5, "5"),
        (0.1 + 0.2, "0.3"),  # a float sum's binary noise is not shown
        (1e-7, "0"),
        ("12.50", "12.5"),
        (Decimal("5E+4"), "50000"),
        (Decimal("123456789012345678901234.5"), "123456789012345678901234.5"),
        (Decimal("1E+20"), "100000000000000000000"),
    ],
)
def test_a_figure_as_a_person_types_it(value, text):
    assert figure_text(value) == text


def test_what_stands_for_no_value_is_the_caller_s_choice():
    assert figure_text(None) == ""
    assert figure_text(None, missing="—") == "—"
    assert figure_text("", missing="—") == "—"
    assert figure_text(None, missing=None) is None
    assert figure_text(Decimal("0"), missing=None) == "0"


class TestGroupedForASheet:
    """An amount on a printed meeting sheet: thousands separators, at most two decimals (the dispatch sheet)."""

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (Decimal("250000.00"), "250,000"),
            (Decimal("5E+4"), "50,000"),
            (Decimal("1234.50"), "1,234.5"),
            (Decimal("1234.567"), "1,234.57"),
            (Decimal("999.999"), "1,000"),  # rounded to the cent, then its zeros dropped
            (Decimal("-1234.5"), "-1,234.5"),
            (Decimal("-0"), "0"),
            (Decimal("-0.001"), "0"),  # rounds to nothing: no sign left on a zero
            (Decimal("0.00"), "0"),
            (Decimal("1E+20"), "100,000,000,000,000,000,000"),
            (Decimal(10) ** 10, "10,000,000,000"),
            (0.1 + 0.2, "0.3"),
            (12, "12"),
        ],
    )
    def test_an_amount_for_print(self, value, text):
        assert grouped_figure_text(value) == text

    def test_no_amount_is_the_dash_unless_told(self):
        assert grouped_figure_text(None) == "—"
        assert grouped_figure_text(None, missing="") == ""


class TestPercentFromARatio:
    @pytest.mark.parametrize(
        ("ratio", "text"),
        [
            (Decimal("0.36"), "36.0%"),
            (Decimal("1"), "100.0%"),
            (Decimal(1) / Decimal(3), "33.3%"),
            (Decimal("5E-1"), "50.0%"),
            (Decimal("0"), "0.0%"),
            (Decimal("-0.25"), "-25.0%"),
            (Decimal("-0.0001"), "0.0%"),  # was "-0.0%"
            (0.1 + 0.2, "30.0%"),  # the float's noise does not show
            (2 / 3, "66.7%"),
            (1, "100.0%"),
            (Decimal("1E+20"), "10000000000000000000000.0%"),
            (1e20, "10000000000000000000000.0%"),  # never 1e+22%
        ],
    )
    def test_a_ratio_as_a_percentage_with_one_decimal(self, ratio, text):
        assert percent_text(ratio) == text

    def test_other_precisions_are_asked_for(self):
        assert percent_text(Decimal("0.8"), decimals=0) == "80%"
        assert percent_text(3.4, decimals=0) == "340%"
        assert percent_text(Decimal("0.02345"), decimals=2) == "2.34%"  # a tie goes to the even digit, as before
        assert percent_text(Decimal("-0.004"), decimals=0) == "0%"

    def test_no_ratio_is_the_dash_unless_told(self):
        assert percent_text(None) == "—"
        assert percent_text(None, missing="") == ""


class TestSignificantDigits:
    """A computed figure (a projection, a required rate) to four significant digits, never with an exponent."""

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (4.10194, "4.102"),
            (22.18, "22.18"),
            (23158.7, "23160"),  # was 2.316e+04
            (12345.0, "12340"),
            (1.2345e-05, "0.00001234"),  # was 1.234e-05
            (100.0, "100"),
            (-3.14159, "-3.142"),
            (-0.0, "0"),
            (0.1 + 0.2, "0.3"),
            (1e20, "100000000000000000000"),
            (Decimal("5E+4"), "50000"),
            (Decimal("-0"), "0"),
        ],
    )
    def test_four_significant_digits(self, value, text):
        assert significant_figure_text(value) == text

    def test_no_figure_is_the_dash(self):
        assert significant_figure_text(None) == "—"
        assert significant_figure_text(2 / 3, digits=2) == "0.67"


def test_the_module_does_not_import_django():
    code = "import sys, plantrack.core.figures, plantrack.core.planparse.vocabulary; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
