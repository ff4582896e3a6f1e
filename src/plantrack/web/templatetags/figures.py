"""Template filters: `{{ value|figure }}` shows 12.500000 as 12.5 and None as —; `|period_label` a period in words."""

from __future__ import annotations

from decimal import Decimal

from django import template

from plantrack.core.figures import figure_text
from plantrack.core.periods import parse_period

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    return figure_text(value, missing="—")


@register.filter
def period_label(code: str) -> str:
    """`{{ value.period|period_label }}`: 2026M10 → 2026年10月; a code it cannot read is shown as it is."""
    try:
        return parse_period(code).label_zh()
    except ValueError:
        return code
