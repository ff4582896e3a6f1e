"""Realistic series for the side-by-side check of our methods against the published progress methods.

Each case is one target of a 2026–2030 plan (base year 2025) and its yearly values, as `plantrack assess --json`
reads them, with the reasons — one per peer method — wherever that method and ours land on different sides of
"on course". A reason is a sentence a planning official can check, not a tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    name: str
    series: dict[str, Any]  # the `plantrack assess --json` input
    reasons: dict[str, str] = field(default_factory=dict)  # peer → why it differs from ours


def _contract(target_type: str, *, target: float, values: dict[int, float], as_of: int = 2027,
              baseline: float | None = None, comparator: str = ">=", direction: str = "increase",
              unit: str = "%", base_year: int = 2025, series: str | None = None) -> dict[str, Any]:
    return {
        "target_type": target_type, "direction": direction, "unit": unit, "series": series,
        "baseline": {"year": base_year, "value": baseline},
        "target": {"year": 2030, "value": target, "comparator": comparator},
        "values": {str(y): v for y, v in values.items()}, "as_of": as_of, "plan_base_year": 2025,
    }


def level(name, baseline, target, values, *, as_of=2027, comparator=">=", direction="increase", unit="%",
          base_year=2025, **reasons) -> Case:
    return Case(name, _contract("level", target=target, values=values, as_of=as_of, baseline=baseline,
                                comparator=comparator, direction=direction, unit=unit, base_year=base_year),
                reasons)


def growth(name, target, rates, *, as_of=2027, comparator="~", direction="increase", **reasons) -> Case:
    return Case(name, _contract("annual_growth", target=target, values=rates, as_of=as_of, comparator=comparator,
                                direction=direction), reasons)


def cumulative(name, total, changes, *, as_of=2027, direction="decrease", unit="%", baseline=None,
               series=None, comparator="=", **reasons) -> Case:
    return Case(name, _contract("cumulative", target=total, values=changes, as_of=as_of, direction=direction,
                                unit=unit, baseline=baseline, series=series, comparator=comparator), reasons)


def bound(name, target, values, *, comparator="<=", direction="decrease", as_of=2027, baseline=None,
          **reasons) -> Case:
    return Case(name, _contract("bound", target=target, values=values, as_of=as_of, comparator=comparator,
                                direction=direction, baseline=baseline), reasons)


CASES: list[Case] = [
    # 城镇化率 71.5 → ≥73 (level)
    level("城镇化率 滞后", 71.5, 73, {2026: 71.8, 2027: 72.0}),
    level("城镇化率 符合预期", 71.5, 73, {2026: 71.8, 2027: 72.1}),
    level("城镇化率 超前", 71.5, 73, {2026: 71.9, 2027: 72.3}),
    level("城镇化率 反向", 71.5, 73, {2026: 71.4, 2027: 71.2}),
    level("城镇化率 已完成", 71.5, 73, {2026: 72.4, 2027: 73.2}),
    level("城镇化率 中期2028", 71.5, 73, {2026: 72.0, 2027: 72.4, 2028: 72.8}, as_of=2028),
    level("城镇化率 目标年差一点", 71.5, 73, {2028: 72.5, 2029: 72.8, 2030: 72.95}, as_of=2030),
    level("城镇化率 目标年达到", 71.5, 73, {2029: 72.8, 2030: 73.1}, as_of=2030),
    level("城镇化率 目标年差很多", 71.5, 73, {2029: 71.9, 2030: 72.0}, as_of=2030),
    level("城镇化率 2024年基期", 71.3, 73, {2026: 71.9, 2027: 72.2}, base_year=2024),
    level("盟市城镇化率 已高于全区目标 仍上升 (=)", 78.0, 73, {2026: 78.4, 2027: 78.9}, comparator="="),
    level("盟市城镇化率 已高于全区目标 仍上升 (左右)", 78.0, 73, {2026: 78.4, 2027: 78.9}, comparator="~"),
    level("盟市城镇化率 已高于目标 回落到目标以下", 74.0, 73, {2026: 73.5, 2027: 72.6}, comparator="="),
    level("盟市城镇化率 低于目标 追赶", 62.0, 73, {2026: 64.2, 2027: 66.5}),
    level("目标等于基期 保持", 60.0, 60, {2026: 60.0, 2027: 60.4}, comparator="="),
    level("PM2.5 符合预期", 30, 25, {2026: 29, 2027: 28}, comparator="<=", direction="decrease", unit="微克/立方米"),
    level("PM2.5 滞后", 30, 25, {2026: 29.5, 2027: 29.2}, comparator="<=", direction="decrease", unit="微克/立方米"),
    level("PM2.5 已完成", 30, 25, {2027: 24.5}, comparator="<=", direction="decrease", unit="微克/立方米"),
    level("PM2.5 反向", 30, 25, {2026: 31, 2027: 32}, comparator="<=", direction="decrease", unit="微克/立方米"),
    level("研发经费投入强度 滞后", 0.95, 1.5, {2026: 1.0, 2027: 1.05}),
    level("研发经费投入强度 超前", 0.95, 1.5, {2026: 1.1, 2027: 1.25}),
    level("森林覆盖率", 23.0, 24.5, {2026: 23.2, 2027: 23.4}),
    level("每千人口执业医师", 3.2, 3.6, {2026: 3.3, 2027: 3.4}, unit="人"),
    level("人均预期寿命 中期", 78.5, 79.5, {2026: 78.7, 2027: 78.9, 2028: 79.1}, as_of=2028, unit="岁"),
    level("数字经济核心产业增加值占比", 6.0, 10.0, {2026: 6.5, 2027: 7.2}),
    level("每万人高价值发明专利", 3.5, 6.0, {2026: 4.0, 2027: 4.6}, unit="件"),
    level("单位GDP用水量", 40, 34, {2026: 39, 2027: 38}, comparator="<=", direction="decrease", unit="立方米"),
    level("地表水优良比例", 80, 85, {2026: 81, 2027: 82.5}),
    level("粮食产量 保持 不低于", 810, 800, {2026: 812, 2027: 805}, unit="亿斤"),
    level("粮食产量 跌破底线", 810, 800, {2026: 812, 2027: 790}, unit="亿斤"),
    # 年均增长 (yearly rates in %)
    growth("GDP 符合预期", 4.5, {2026: 5.0, 2027: 4.6}),
    growth("GDP 超前", 4.5, {2026: 5.2, 2027: 5.0}),
    growth("GDP 滞后", 4.5, {2026: 3.0, 2027: 2.6}),
    growth("GDP 严重滞后", 4.5, {2026: 2.0, 2027: 1.0}),
    growth("GDP 中期2028", 4.5, {2026: 5.1, 2027: 4.8, 2028: 4.9}, as_of=2028),
    growth("GDP 目标年达到", 4.5, {y: 4.6 for y in range(2026, 2031)}, as_of=2030),
    growth("GDP 目标年 左右容差内", 4.5, {2026: 5.0, 2027: 4.0, 2028: 4.2, 2029: 4.3, 2030: 4.4}, as_of=2030),
    growth("增速一正一负 复合后未达到", 2, {2026: 10, 2027: -10, 2028: 10, 2029: -10, 2030: 10}, as_of=2030),
    growth("15 然后 -5", 4, {2026: 15, 2027: -5}),
    growth("居民人均可支配收入", 5.5, {2026: 5.8, 2027: 5.6}),
    growth("规上工业增加值", 6.5, {2026: 7.0, 2027: 6.0}),
    growth("固定资产投资 下降后回升", 5, {2026: -2, 2027: 3}),
    growth("一般公共预算收入", 4, {2026: 4.5, 2027: 3.9}),
    growth("能耗强度 年均下降3%", 3, {2026: 3.2, 2027: 2.8}, direction="decrease"),
    growth("能耗强度 年均下降 写作负数", -3, {2026: -3.2, 2027: -2.8}, direction="decrease"),
    # 累计 (five-year totals)
    cumulative("单位GDP能耗降低 滞后", 13.5, {2026: 2.5, 2027: 2.6}),
    cumulative("单位GDP能耗降低 符合预期", 13.5, {2026: 2.9, 2027: 3.0}),
    cumulative("单位GDP能耗降低 目标年13.24", 13.5, {y: 2.8 for y in range(2026, 2031)}, as_of=2030),
    cumulative("单位GDP能耗降低 目标年达到", 13.5, {y: 3.0 for y in range(2026, 2031)}, as_of=2030),
    cumulative("单位GDP二氧化碳排放降低", 17, {2026: 3.5, 2027: 3.6}),
    cumulative("能耗降低 写作负数", -13.5, {2026: -2.5, 2027: -2.6}),
    cumulative("能耗降低 各年均上升（与目标方向相反）", -13.5, {2026: 2.5, 2027: 2.6}),
    cumulative("复合上升 〔20〕", 20, {2026: 4, 2027: 4}, direction="increase"),
    cumulative("新增城镇就业 〔130〕万人", 130, {2026: 27, 2027: 26}, direction="increase", unit="万人"),
    cumulative("新增城镇就业 已完成", 130, {2026: 70, 2027: 65}, direction="increase", unit="万人"),
    cumulative("入托率 〔5.5〕个百分点 水平序列", 5.5, {2026: 31.1, 2027: 32.0}, direction="increase",
               unit="百分点", baseline=30.0, series="level"),
    cumulative("森林覆盖率 〔1.5〕个百分点", 1.5, {2026: 23.2, 2027: 23.4}, direction="increase", unit="百分点",
               baseline=23.0, series="level"),
    # 控制值 (bounds)
    bound("城镇调查失业率 ≤5.5", 5.5, {2026: 5.3, 2027: 5.2}, baseline=5.2),
    bound("城镇调查失业率 5.5左右 容差内", 5.5, {2026: 5.4, 2027: 5.7}, comparator="~", baseline=5.2),
    bound("城镇调查失业率 5.5左右 超出", 5.5, {2026: 5.4, 2027: 5.9}, comparator="~", baseline=5.2),
    bound("失业率 上升但仍在控制线内", 5.5, {2026: 5.0, 2027: 5.3}, baseline=4.8),
    bound("居民消费价格涨幅 ≤3", 3, {2026: 2.1, 2027: 3.4}, baseline=2.0),
    bound("耕地保有量 ≥ 底线 被突破", 90, {2026: 91, 2027: 89}, comparator=">=", direction="increase",
          baseline=92),
    bound("粮食综合生产能力 ≥ 底线 保持", 800, {2026: 805, 2027: 810}, comparator=">=", direction="increase",
          baseline=802),
]

# Why a peer and we land on different sides of "on course", case by case.
_TARGET_YEAR = ("at the target year nothing is left to project: a target not reached is missed (滞后), while a "
                "CAGR ratio of {r} still falls in the ≥ 0.95 band")
_HELD = ("the baseline already meets the target, so the required CAGR points the other way (negative) and "
         "Eurostat's ratio turns {sign}; we keep the target as a bound (direction decides) and judge the latest year")
_BOUND_RATIO = ("a bound holds or not each year; the CAGR ratio against a line the series never had to move to "
                "reads {what}")
_ZERO_BASE = "amounts that add up from zero: a CAGR has no meaning at a zero base, so the peer cannot judge it"
_LINEAR = ("a target in 百分点 is linear: our completion ÷ elapsed is {r}, while a compound rate on a rising level "
           "needs less each year, so the CAGR ratio passes 0.95")
REASONS: dict[str, dict[str, str]] = {
    "城镇化率 目标年差一点": {
        "sdg_build": _TARGET_YEAR.format(r="0.97"), "eurostat": _TARGET_YEAR.format(r="0.97")},
    "盟市城镇化率 已高于全区目标 仍上升 (=)": {"eurostat": _HELD.format(sign="negative on a rise")},
    "盟市城镇化率 已高于全区目标 仍上升 (左右)": {"eurostat": _HELD.format(sign="negative on a rise")},
    "盟市城镇化率 已高于目标 回落到目标以下": {"eurostat": _HELD.format(sign="positive on a fall below the target")},
    "目标等于基期 保持": {"eurostat": "a target equal to its baseline needs a CAGR of 0: the ratio is undefined; "
                                  "we judge it as a bound (holding it is on track)"},
    "PM2.5 符合预期": {
        "sdg_build": "R = 1.00 by time progress (2 of 5 falls in 2 of 5 years); a fall compounds more slowly as the "
                     "level drops, so the CAGR ratio is 0.947, just under 0.95",
        "eurostat": "same as sdg-build: CAGR ratio 0.947 against our time-progress R = 1.00",
        "escap": "projecting the compound fall from 28 gives 25.25 in 2030, 0.25 above the ceiling; the linear "
                 "pace reaches 25 exactly (our R = 1.00)"},
    "粮食产量 保持 不低于": {"escap": "a floor the baseline keeps: ESCAP projects the small decline (−0.31% a year) "
                                      "to 797.6 in 2030, under 800; a bound is judged on the latest year (805, kept) "
                                      "and the projection's warning waits for the next figures"},
    "粮食产量 跌破底线": {"eurostat": _HELD.format(sign="positive on a fall through the floor")},
    "GDP 目标年 左右容差内": {"escap": "a 4.5% 左右 target: 4.38% a year over 2026–2030 is inside the 左右 "
                                       "tolerance (5% of the target), which ESCAP's met/not-met has no notion of"},
    "规上工业增加值": {"escap": "a geometric average of 6.499% against 6.5% is in the 符合预期 band (R ≥ 0.95); "
                               "carried on exactly, it misses the compounded target by a hair, which a yes/no "
                               "anticipation reads as not achieved"},
    "单位GDP能耗降低 目标年13.24": {
        "sdg_build": _TARGET_YEAR.format(r="0.98"), "eurostat": _TARGET_YEAR.format(r="0.98")},
    "单位GDP二氧化碳排放降低": {"escap": "two years of 3.5–3.6% falls: completion 41.0% of 〔17〕 at 40% of the time "
                                         "(R = 1.03, 符合预期); compounding that fall over five years gives 16.5%, "
                                         "short of 17%"},
    "新增城镇就业 〔130〕万人": {"sdg_build": _ZERO_BASE, "eurostat": _ZERO_BASE, "escap": _ZERO_BASE},
    "新增城镇就业 已完成": {"sdg_build": _ZERO_BASE, "eurostat": _ZERO_BASE, "escap": _ZERO_BASE},
    "入托率 〔5.5〕个百分点 水平序列": {"sdg_build": _LINEAR.format(r="0.91"), "eurostat": _LINEAR.format(r="0.91")},
    "城镇调查失业率 ≤5.5": {"eurostat": _BOUND_RATIO.format(
        what="“insufficient progress” (ratio 0: unchanged at the base's 5.2 against a required rise to the "
             "ceiling), while the ceiling was kept")},
    "城镇调查失业率 5.5左右 容差内": {
        "sdg_build": "5.7 against 5.5 左右 is inside the 5% tolerance of a 左右 bound; sdg-build's target test is "
                     "strict (≤ 5.5)",
        "escap": "the 左右 tolerance again: the anticipated 6.54 in 2030 is over 5.5, while 5.7 is inside 5.5 左右 "
                 "today (a bound is judged on the latest year, not on a projection)"},
    "城镇调查失业率 5.5左右 超出": {"eurostat": _BOUND_RATIO.format(
        what="a rise towards a ceiling above the base as “progress” (the required rate is a rise to 5.5), though "
             "5.9 is outside 5.5 左右")},
    "失业率 上升但仍在控制线内": {"escap": "a bound is kept or not in the latest year; projecting the rise from 4.8 to "
                                          "5.3 onward gives 6.1 in 2030, a warning sign our bound method leaves to "
                                          "the next year's figure"},
    "居民消费价格涨幅 ≤3": {"eurostat": _BOUND_RATIO.format(
        what="“significant progress” for a rise to 3.4 (the required rate is a rise from 2.0 to the ceiling 3), "
             "though 3.4 breaks the ceiling")},
    "耕地保有量 ≥ 底线 被突破": {"eurostat": _BOUND_RATIO.format(
        what="a fall from 92 towards the floor 90 as “progress” (the required rate is a fall), though 89 is under "
             "the floor")},
    "粮食综合生产能力 ≥ 底线 保持": {"eurostat": _BOUND_RATIO.format(
        what="“movement away” for a rise from 802 (the required rate is a fall to the floor 800), though the floor "
             "is kept")},
}

CASES = [Case(c.name, c.series, {**c.reasons, **REASONS.get(c.name, {})}) for c in CASES]
assert set(REASONS) <= {c.name for c in CASES}
