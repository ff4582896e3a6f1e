"""Template filters: `{{ value|figure }}` shows 12.500000 as 12.5 and None as —; `|period_label` a period in words."""

from __future__ import annotations

from decimal import Decimal

from django import template

from plantrack.core.figures import figure_text
from plantrack.core.periods import Period, parse_period
from plantrack.wording import period_words

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    return figure_text(value, missing="—")


@register.filter
def period_label(period: str | Period) -> str:
    """`{{ value.period|period_label }}`: 2026M10 → 2026年10月 (October 2026 in English), from a code or a `Period`;
    a code it cannot read is shown as it is."""
    if isinstance(period, Period):
        return period_words(period)
    try:
        return period_words(parse_period(period))
    except ValueError:
        return period
