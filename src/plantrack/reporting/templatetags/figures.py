"""Template filter for reported figures: `{{ value|figure }}` shows 12.500000 as 12.5 and None as —."""

from __future__ import annotations

from decimal import Decimal

from django import template

from plantrack.reporting.forms import plain

register = template.Library()


@register.filter
def figure(value: Decimal | None) -> str:
    if value is None or value == "":
        return "—"
    return plain(Decimal(value))
