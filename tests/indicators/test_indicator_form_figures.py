"""The indicator edit form shows stored figures as a person types them (through the one figure function)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plantrack.indicators.forms import IndicatorForm
from plantrack.indicators.models import Indicator


@pytest.mark.django_db
def test_stored_figures_read_as_typed():
    indicator = Indicator(code="5", name="粮食产量", baseline_value=Decimal("7000.000000"),
                          target_value=Decimal("4.500000"), target_value_max=Decimal("0.000000"))
    initial = IndicatorForm(instance=indicator).initial
    assert (initial["baseline_value"], initial["target_value"], initial["target_value_max"]) == ("7000", "4.5", "0")
