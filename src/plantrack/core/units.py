"""Measure units (计量单位) as the registry writes them, and the one rule for "is this unit a percentage".

A percentage is written "%", full-width "％", "百分比" or "pct", with or without brackets around it ("（%）");
"百分点" (percentage points, the change of a percentage) and "‰" are other units.

>>> is_percent_unit("％"), is_percent_unit("（%）"), is_percent_unit("百分点")
(True, True, False)
"""

from __future__ import annotations

__all__ = ["PERCENT", "PERCENTAGE_POINTS", "is_percent_unit", "normalise_unit"]

PERCENT = "%"
PERCENTAGE_POINTS = "百分点"
_ALIASES = {"％": PERCENT, "百分比": PERCENT, "pct": PERCENT, "个百分点": PERCENTAGE_POINTS}
_BRACKETS = "()（）[]【】"


def normalise_unit(unit: str | None) -> str:
    """A measure unit in the form the registry uses: stripped, brackets removed, "％"/"百分比" written "%"."""
    text = (unit or "").strip().strip(_BRACKETS).strip()
    return _ALIASES.get(text, text)


def is_percent_unit(unit: str | None) -> bool:
    """True when figures in this unit are percentages (a share or a rate, "%"), not percentage points."""
    return normalise_unit(unit) == PERCENT
