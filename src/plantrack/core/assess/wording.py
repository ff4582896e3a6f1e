"""How numbers are written in the one-line Chinese explanations (40%, 72.3, 9个百分点).

The explanations are stored with each assessment and quoted in reports, so they are written in the plan's
working language (like round titles), not translated per reader; the core has no Django and so no gettext.
"""

from __future__ import annotations


def num(value: float, digits: int = 2) -> str:
    """A figure with at most `digits` decimals and no trailing zeros: 72.30 → 72.3, 5.0 → 5."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def pct(ratio: float) -> str:
    """A fraction as a percentage with at most one decimal: 0.4 → 40%."""
    return f"{num(ratio * 100, 1)}%"


def points(ratio_difference: float) -> str:
    """A difference of two fractions in percentage points: 0.09 → 9个百分点."""
    return f"{num(abs(ratio_difference) * 100, 1)}个百分点"


def with_unit(value: float, unit: str | None) -> str:
    if unit == "百分点":
        return f"{num(value)}个百分点"
    return f"{num(value)}{unit or ''}"


def against_time(completion: float, elapsed: float) -> str:
    """How completion stands against 时序进度: 超前9个百分点, 滞后9个百分点 or 与时序进度持平."""
    diff = completion - elapsed
    if abs(diff) < 0.0005:
        return "与时序进度持平"
    return f"{'超前' if diff > 0 else '滞后'}{points(diff)}"


def years_span(first: int, last: int) -> str:
    return f"{first}年" if first == last else f"{first}–{last}年"
