"""Demo registry: built from the demo plan, with reporting units, frequencies and the region's 2026 targets.

The 2026 targets come from a short work-report passage written for the demo and read by the same parser a
real report goes through. Settings an admin may have changed since are left alone on a second run.
"""

from __future__ import annotations

from plantrack.indicators.annual_targets import import_annual_targets
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.indicators.registry import build_registry, update_indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan
from plantrack.plans.selectors import current_version

DEMO_YEAR = 2026
DEMO_WORK_REPORT = (
    "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；全社会研发经费投入增长8%左右；"
    "城镇调查失业率5.5%左右；居民人均可支配收入增长与经济增长同步；常住人口城镇化率达到72%左右；"
    "森林覆盖率达到22%以上；单位地区生产总值二氧化碳排放降低完成国家下达的目标任务；粮食产量稳定在800亿斤以上。"
)
# Indicators the demo collects every month or quarter (as statistics offices publish them); the rest are yearly.
MONTHLY_NAME_WORDS = ("地区生产总值增长", "工业增加值", "城镇调查失业率")
QUARTERLY_NAME_WORDS = ("居民人均可支配收入增长", "全员劳动生产率增长")
STATISTICS_BUREAU = "150000-TJJ"  # 自治区统计局, in orgs/data/departments.csv


def _configure(indicator: Indicator, units: list[OrgUnit], admin: User, bureau: OrgUnit | None) -> bool:
    """Reporting units and frequency for an indicator not configured yet; True if it was."""
    if indicator.source_row_id is None or indicator.reporting_units.exists():
        return False
    changes = {}
    if any(word in indicator.name for word in MONTHLY_NAME_WORDS):
        changes["frequency"] = Indicator.Frequency.MONTHLY
        units = [*units, bureau] if bureau is not None else units
        # Monthly growth rates are published as 1–N月累计 figures; a monthly rate (失业率) is the month's own.
        if "增长" in indicator.name:
            changes["value_kind"] = Indicator.ValueKind.YEAR_TO_DATE
    elif any(word in indicator.name for word in QUARTERLY_NAME_WORDS):
        changes["frequency"] = Indicator.Frequency.QUARTERLY
        changes["value_kind"] = Indicator.ValueKind.YEAR_TO_DATE
    update_indicator(indicator=indicator, user=admin, reporting_units=units, **changes)
    return True


def load(stdout) -> list[str]:
    from plantrack.plans.demo import DEMO_REGION

    demo_plan = Plan.objects.filter(region=DEMO_REGION).order_by("-created_at").first()
    version = current_version(demo_plan)
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
    return lines
