"""One headline method per target type, chosen here once: its status is the indicator's one verdict.

Every other figure a result carries (the growth-rate ratio, projections, the rate still needed) is an "other
method" (其他方法): shown beside the headline with the reason it differs, never as a second status.

>>> headline_method("annual_growth")
'average_growth'
>>> headline_label("level")
'时序进度法'
"""

from __future__ import annotations

from plantrack.core.assess.model import METHOD_LABELS, TARGET_TYPES
from plantrack.core.errors import gettext_noop

# Target type → the method whose status is the verdict. A level target its baseline already meets is judged by
# the same method's held-bound branch; a cumulative target by the kind of series it has (compounded, summed,
# change since the baseline): all three are 累计值法.
HEADLINE_METHODS: dict[str, str] = {
    "level": "time_progress",
    "annual_growth": "average_growth",
    "cumulative": "cumulative",
    "bound": "bound",
    "qualitative": "manual",
}

_LABELS = {**METHOD_LABELS, "cumulative": gettext_noop("累计值法"), "manual": gettext_noop("人工研判")}

# The figures beside the headline, by the result field that holds them, and how a page names them.
OTHER_METHOD_FIELDS: tuple[tuple[str, str], ...] = (
    ("growth_ratio", "增速比（实际年均增速 ÷ 所需年均增速）"),
    ("linear_projection", "线性外推至目标年"),
    ("compound_projection", "按复合增速外推至目标年"),
    ("projected_gap", "预计与目标的差距"),
    ("required_rate", "剩余年份所需年均增速（跨年度平衡）"),
)


def headline_method(target_type: str) -> str:
    """The method whose status is the verdict for a target of `target_type`."""
    if target_type not in TARGET_TYPES:
        raise ValueError(f"target_type 应为 {'、'.join(TARGET_TYPES)} 之一，而不是 {target_type!r}")
    return HEADLINE_METHODS[target_type]


def headline_label(target_type: str) -> str:
    """The headline method's name as pages and reports print it (时序进度法, 年均增速法 …)."""
    return _LABELS[headline_method(target_type)]


def is_headline(target_type: str, method: str) -> bool:
    """Whether a result's `method` is (a branch of) the headline method of `target_type`."""
    chosen = headline_method(target_type)
    if chosen == "cumulative":
        return method.startswith("cumulative")
    if chosen == "time_progress":
        return method in ("time_progress", "held_bound")
    return method == chosen
