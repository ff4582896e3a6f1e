"""How a figure is written: one function for pages, exports, messages and the API (12.500000 → 12.5)."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from plantrack.core.figures import figure_text


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


def test_the_module_does_not_import_django():
    code = "import sys, plantrack.core.figures, plantrack.core.planparse.vocabulary; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
