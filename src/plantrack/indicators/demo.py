"""Demo registry: built from the demo plan, with reporting units, frequencies, the operating indicators the
statistics bureau publishes every month, and the region's 2026 targets.

Frequencies follow the statistics bureau's practice: GDP growth is published quarterly as 累计 (1–N季度), the
operating indicators (规上工业增加值、固定资产投资、社会消费品零售总额、一般公共预算收入) monthly as 累计增速,
the surveyed unemployment rate monthly as the month's own rate; the rest yearly. The 2026 targets come from a
short work-report passage written for the demo and read by the same parser a real report goes through; the
operating indicators keep the same targets in the later simulated years (labelled so). Settings an admin may have
changed since are left alone on a second run.
"""

from __future__ import annotations

from plantrack.indicators.annual_targets import import_annual_targets, set_annual_target
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.indicators.registry import add_monitoring_indicator, build_registry, update_indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.plans.selectors import current_version

DEMO_YEAR = 2026
DEMO_WORK_REPORT = (
    "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；全社会研发经费投入增长8%左右；"
    "城镇调查失业率5.5%左右；居民人均可支配收入增长与经济增长同步；常住人口城镇化率达到72%左右；"
    "森林覆盖率达到22%以上；单位地区生产总值二氧化碳排放降低完成国家下达的目标任务；粮食产量稳定在800亿斤以上；"
    "规模以上工业增加值增长7%左右；固定资产投资增长6%左右；社会消费品零售总额增长4.5%左右；"
    "一般公共预算收入增长3%左右。"
)
# The monthly operating indicators (运行监测指标): (code, name). Codes outside the plan table's numbering.
OPERATING_INDICATORS = (
    ("Y1", "规模以上工业增加值增长"),
    ("Y2", "固定资产投资增长"),
    ("Y3", "社会消费品零售总额增长"),
    ("Y4", "一般公共预算收入增长"),
)
OPERATING_CATEGORY = "经济运行"
# The simulated world's later years keep the first year's targets for the operating indicators.
LATER_TARGET_YEARS = (2027, 2028)
LATER_TARGET_NOTE = "模拟年度目标（沿用首年目标）"
# Indicators the demo collects every month or quarter (as statistics offices publish them); the rest are yearly.
MONTHLY_NAME_WORDS = ("城镇调查失业率",)
QUARTERLY_NAME_WORDS = ("地区生产总值增长", "居民人均可支配收入增长", "全员劳动生产率增长")
STATISTICS_BUREAU = "150000-TJJ"  # 自治区统计局, in orgs/data/departments.csv


def _configure(indicator: Indicator, units: list[OrgUnit], admin: User, bureau: OrgUnit | None) -> bool:
    """Reporting units and frequency for an indicator not configured yet; True if it was."""
    if indicator.source_row_id is None or indicator.reporting_units.exists():
        return False
    changes = {}
    if any(word in indicator.name for word in MONTHLY_NAME_WORDS):
        changes["frequency"] = Indicator.Frequency.MONTHLY
        units = [*units, bureau] if bureau is not None else units
    elif any(word in indicator.name for word in QUARTERLY_NAME_WORDS):
        # Growth rates inside the year are published as 1–N季度累计 figures.
        changes["frequency"] = Indicator.Frequency.QUARTERLY
        changes["value_kind"] = Indicator.ValueKind.YEAR_TO_DATE
    update_indicator(indicator=indicator, user=admin, reporting_units=units, **changes)
    return True


def _operating_indicators(plan: Plan, units: list[OrgUnit], admin: User, bureau: OrgUnit | None) -> list[Indicator]:
    """The monthly operating indicators, reported by the region, the 盟市 and the statistics bureau."""
    reporters = [*units, bureau] if bureau is not None else units
    made = []
    for code, name in OPERATING_INDICATORS:
        indicator = add_monitoring_indicator(plan=plan, user=admin, code=code, name=name, unit="%",
                                             category=OPERATING_CATEGORY)
        if not indicator.reporting_units.exists():
            update_indicator(indicator=indicator, user=admin, reporting_units=reporters)
        made.append(indicator)
    return made


def _later_targets(operating: list[Indicator], region: OrgUnit, admin: User) -> int:
    """The first year's targets of the operating indicators carried into the simulated later years."""
    count = 0
    for indicator in operating:
        first = AnnualTarget.objects.filter(indicator=indicator, unit=region, year=DEMO_YEAR).first()
        if first is None:
            continue
        for year in LATER_TARGET_YEARS:
            if not AnnualTarget.objects.filter(indicator=indicator, unit=region, year=year).exists():
                set_annual_target(indicator=indicator, unit=region, year=year, value=first.value,
                                  comparator=first.comparator, text=LATER_TARGET_NOTE, user=admin)
                count += 1
    return count


def load(stdout) -> list[str]:
    from plantrack.plans.demo import demo_plan

    plan = demo_plan()
    version = current_version(plan) if plan else None
    if version is None:
        return ["registry: no plan imported, nothing built (run plantrack import-plan first)"]
    admin = User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("pk").first()
    region = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).order_by("path").first()
    if admin is None or region is None:
        return ["registry: the demo org tree and admin are missing (plantrack.orgs.demo loads them)"]
    indicators = build_registry(version=version)
    units = [region, *OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE, parent=region).order_by("code")]
    # The statistics bureau (a 厅局) reports the monthly figures for the whole region, as statistics offices do.
    bureau = OrgUnit.objects.filter(code=STATISTICS_BUREAU).first()
    configured = sum(_configure(i, units, admin, bureau) for i in indicators)
    operating = _operating_indicators(version.plan, units, admin, bureau)
    indicators = [*indicators, *operating]
    monthly = [i.name for i in indicators if i.frequency == Indicator.Frequency.MONTHLY]
    quarterly = [i.name for i in indicators if i.frequency == Indicator.Frequency.QUARTERLY]
    lines = [
        f"registry: {len(indicators)} indicators from {version} ({configured} newly configured); "
        f"reported by {region.name} and {len(units) - 1} 盟市 (monthly ones also by {bureau or '-'}); "
        f"monthly: {'、'.join(monthly) or '-'}; "
        f"quarterly: {'、'.join(quarterly) or '-'}"
    ]
    if AnnualTarget.objects.filter(unit=region, year=DEMO_YEAR, indicator__plan=version.plan).exists():
        count = AnnualTarget.objects.filter(unit=region, year=DEMO_YEAR, indicator__plan=version.plan).count()
        lines.append(f"{DEMO_YEAR} annual targets for {region.name}: {count} already entered, left as they are")
        return lines
    lines.append(
        f"operating indicators (monthly 累计增速): {'、'.join(i.name for i in operating)}"
    )
    result = import_annual_targets(plan=version.plan, text=DEMO_WORK_REPORT, year=DEMO_YEAR, unit=region, user=admin)
    lines.append(
        f"{DEMO_YEAR} annual targets for {region.name}: {len(result.matched)} linked from the demo work report"
        + (f"; not linked: {'、'.join(i.subject for i in result.unmatched)}" if result.unmatched else "")
        + (
            f"; unit differs: {'、'.join(i.subject for i, _ind in result.unit_mismatch)}"
            if result.unit_mismatch
            else ""
        )
    )
    later = _later_targets(operating, region, admin)
    lines.append(f"operating indicators' targets for {LATER_TARGET_YEARS[0]}–{LATER_TARGET_YEARS[-1]}: {later} "
                 f"({LATER_TARGET_NOTE})")
    return lines
