"""How numbers are written in the one-line Chinese explanations (40%, 72.3, 9个百分点).

The explanations are stored with each assessment and quoted in reports, so they are written in the plan's
working language (like round titles), not translated per reader; the core has no Django and so no gettext.
"""

from __future__ import annotations

from plantrack.core.figures import figure_text


def num(value: float, digits: int = 2) -> str:
    """A figure with at most `digits` decimals and no trailing zeros: 72.30 → 72.3, 5.0 → 5."""
    return figure_text(round(value, digits))


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


def rate_change(good_way: float, *, falling: bool, unit: str = "%") -> str:
    """A yearly or total change with its verb, the number always positive: 下降3%, or 增长1% when a falling
    indicator rose. `good_way` is positive in the target's direction, whichever sign convention the data used."""
    towards = good_way >= 0
    if falling:
        verb = "下降" if towards else "上升"
    else:
        verb = "增长" if towards else "下降"
    return f"{verb}{with_unit(abs(good_way), unit)}"


def amount_change(good_way: float, *, falling: bool, unit: str | None) -> str:
    """An amount added or taken away (万人, 百分点): 增加27万人, 减少3万吨."""
    towards = good_way >= 0
    if falling:
        verb = "减少" if towards else "增加"
    else:
        verb = "增加" if towards else "减少"
    return f"{verb}{with_unit(abs(good_way), unit)}"


def time_words(*, year: int, elapsed: float, baseline_year: int | None, target_year: int,
               plan_base_year: int | None) -> str:
    """"2027年末时序进度40%", or for a baseline of an earlier year than the plan's, its own span named:
    "基期为2024年数据，按2024–2030年计，2027年末时间进度50%" (the page's 时序进度 stays the plan's)."""
    if baseline_year is not None and plan_base_year is not None and baseline_year < plan_base_year:
        return f"基期为{baseline_year}年数据，按{baseline_year}–{target_year}年计，{year}年末时间进度{pct(elapsed)}"
    return f"{year}年末时序进度{pct(elapsed)}"
