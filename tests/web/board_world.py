"""A small monitored world for the dashboard and indicator page tests: the demo plan's registry, approved
year-end figures for the region, 鄂尔多斯市 and 包头市 chosen so each indicator lands on a known status,
and the assessments the assessment service stores from them.

    约束性 18 森林覆盖率 21.98 → 22.24: region 滞后, 鄂尔多斯市 超前, 包头市 严重滞后
    预期性  3 常住人口城镇化率 71.5 → 73: region 符合预期
    预期性  5 每万人口高价值发明专利拥有量 2.88 → 4.3: region 超前; 鄂尔多斯市 符合预期 by time progress, but
            its linear projection falls short of the target: the methods disagree
    约束性 14 单位GDP二氧化碳排放降低: qualitative, no figures → 无法评估
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plantrack.indicators.models import Indicator
from plantrack.indicators.registry import build_registry
from plantrack.orgs.models import OrgUnit
from plantrack.reporting.models import Channel, DataValue

# A 盟市 is judged from its own base-year (2025) figure; the region from the plan's baseline.
FIGURES = {
    ("18", "150000"): [None, "22.02", "22.06", "22.10"],
    ("18", "150600"): ["21.98", "22.10", "22.15", "22.20"],
    ("18", "150200"): ["21.98", "21.99", "22.00", "22.00"],
    ("3", "150000"): [None, "71.80", "72.10", "72.40"],
    ("3", "150600"): ["71.50", "71.90", "72.30", "72.70"],
    ("5", "150000"): [None, "3.30", "3.75", "4.20"],
    ("5", "150600"): ["2.50", "2.95", "3.30", "3.55"],
}
YEARS = ("2025", "2026", "2027", "2028")


@dataclass
class Board:
    indicators: dict[str, Indicator]
    region: OrgUnit
    ordos: OrgUnit
    baotou: OrgUnit


def build_board(tree: dict[str, OrgUnit], *, source: str = "统计公报") -> Board:
    """Import the demo plan, build its registry, store approved figures and assess everything."""
    from plantrack.assessment.services import assess_all
    from plantrack.plans.demo import DEMO_PLAN_PATH, DEMO_REGION
    from plantrack.plans.importing import import_plan

    version = import_plan(path=DEMO_PLAN_PATH, region=DEMO_REGION).version
    indicators = {i.code: i for i in build_registry(version=version)}
    region, ordos, baotou = tree["150000"], tree["150600"], tree["150200"]
    for indicator in indicators.values():
        indicator.reporting_units.set([region, ordos, baotou])
    for (code, unit_code), figures in FIGURES.items():
        for period, figure in zip(YEARS, figures, strict=True):
            if figure is None:
                continue
            DataValue.objects.create(
                indicator=indicators[code], unit=tree[unit_code], period=period, year=int(period),
                value=Decimal(figure), approved_value=Decimal(figure), state=DataValue.State.APPROVED,
                channel=Channel.SYSTEM, source=source,
            )
    assess_all()
    return Board(indicators=indicators, region=region, ordos=ordos, baotou=baotou)
