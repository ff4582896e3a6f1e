"""The `figure` template filter that every page uses writes figures through the one figure function."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("12.500000"), "12.5"), (Decimal("0.000000"), "0"), (None, "—"), (Decimal("4.3E+1"), "43")],
)
def test_the_figure_filter(value, shown):
    assert Template("{% load figures %}{{ v|figure }}").render(Context({"v": value})) == shown
