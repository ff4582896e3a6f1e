"""The figures the drill writes: months of monthly indicators for the region and its 12 盟市."""

from __future__ import annotations

from types import SimpleNamespace

from plantrack.indicators.models import Indicator
from plantrack.reporting.inputs import ValueInput
from plantrack.reporting.models import Channel
from plantrack.reporting.services import enter_values

# Prefectures the figures are written for; with the region, 13 reporting units.
PREFECTURES = [("150100", "呼和浩特市"), ("150200", "包头市"), ("150300", "乌海市"), ("150400", "赤峰市"),
               ("150500", "通辽市"), ("150600", "鄂尔多斯市"), ("150700", "呼伦贝尔市"), ("150800", "巴彦淖尔市"),
               ("150900", "乌兰察布市"), ("152200", "兴安盟"), ("152500", "锡林郭勒盟"), ("152900", "阿拉善盟")]
MONTHS = [f"{y}M{m:02d}" for y in range(2026, 2031) for m in range(1, 13)]



def write_month(live: SimpleNamespace, indicator: Indicator, period: str, base: int) -> None:
    """One batch through the one door for figures: a month of an indicator for every unit, with its history."""
    inputs = [ValueInput(indicator_code=indicator.code, unit_code=u.code, period=period, value=str(base + i),
                         where=f"第{i + 1}行") for i, u in enumerate(live.units)]
    enter_values(user=live.admin, plan=live.plan, inputs=inputs, channel=Channel.BULK)
