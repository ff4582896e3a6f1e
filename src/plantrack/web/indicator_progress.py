"""The indicator page (指标监测页): one indicator's series, judgement, 盟市 comparison, map and the figures behind it.

    page = indicator_progress_for(user=leader, indicator_id=7, unit_code="")
    page.chart  # JSON for the ECharts series chart (json_script), page.map_data for the 盟市 map

Everything is read in a fixed number of queries whatever the number of units or values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plantrack.assessment.models import Assessment
from plantrack.core.assess import Status
from plantrack.core.figures import significant_figure_text
from plantrack.core.periods import parse_period
from plantrack.core.simulated import is_simulated_source
from plantrack.core.status_palette import STATUS_COLOURS, status_colour
from plantrack.core.units import is_percent_unit
from plantrack.indicators.models import AnnualTarget, Indicator
from plantrack.orgs.access import units_in_scope
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.commitment_display import anchor_id
from plantrack.reporting.models import DataValue
from plantrack.web.dashboard import chosen_unit, dashboard_units
from plantrack.web.status_display import status_css, status_word, statuses_in_order
from plantrack.web.year_end import YearValue, latest_of_each_year

# The extra figures of an assessment's result shown beside the headline method, in this order: figures of other
# methods (其他方法), never a second status — the headline's status is the one verdict (core.assess.headline).
_OTHER_METHODS = [
    ("growth_ratio", gettext_lazy("增速比（实际年均增速 ÷ 所需年均增速）")),
    ("linear_projection", gettext_lazy("线性外推至目标年")),
    ("compound_projection", gettext_lazy("按复合增速外推至目标年")),
    ("projected_gap", gettext_lazy("预计与目标的差距")),
    ("required_rate", gettext_lazy("剩余年份所需年均增速（跨年度平衡）")),
]


@dataclass
class UnitRow:
    """One unit of the side-by-side comparison."""

    unit: OrgUnit
    assessment: Assessment | None
    status: str
    css: str
    latest: YearValue | None


@dataclass
class PlanLink:
    url: str
    label: str
    quote: str = ""


@dataclass
class IndicatorProgress:
    indicator: Indicator
    unit: OrgUnit | None
    units: list[OrgUnit]
    assessment: Assessment | None
    status: str
    css: str
    other_methods: list[tuple[str, str]]
    disagreement: str
    chart: dict
    unit_rows: list[UnitRow]
    map_data: dict
    values: list[DataValue]
    annual_targets: list[AnnualTarget]
    plan_link: PlanLink | None
    simulated: bool = False
    history: list[Assessment] = field(default_factory=list)


def indicator_progress_for(*, user: User, indicator_id: int, unit_code: str = "") -> IndicatorProgress:
    """The indicator page for `user`: 404 for no such indicator; a unit outside the reader's scope is refused."""
    indicator = (
        Indicator.objects.select_related("plan", "source_row__version", "source_commitment__version")
        .filter(pk=indicator_id).first()
    )
    if indicator is None:
        raise Http404(indicator_id)
    units = dashboard_units(user)
    unit = chosen_unit(units, unit_code)
    prefectures = [u for u in units if u.kind == OrgUnit.Kind.PREFECTURE]
    compared = ([unit] if unit is not None and unit not in prefectures else []) + prefectures
    assessments = _latest_by_unit(indicator, compared)
    series = latest_of_each_year(indicator_ids=[indicator.id], unit_ids=[u.id for u in compared])
    rows = [
        UnitRow(unit=u, assessment=assessments.get(u.id), status=_status(assessments.get(u.id)),
                css=status_css(_status(assessments.get(u.id))), latest=(series.get((indicator.id, u.id)) or [None])[-1])
        for u in compared
    ]
    headline = assessments.get(unit.id) if unit else None
    if headline is not None:
        headline = Assessment.objects.get(pk=headline.pk)  # the one judgement shown in full
    own_series = series.get((indicator.id, unit.id), []) if unit else []
    annual_targets = (
        list(AnnualTarget.objects.filter(indicator=indicator, unit=unit).order_by("year")) if unit else []
    )
    values = _values_behind(indicator, unit, user)
    result = (headline.result or {}) if headline else {}
    return IndicatorProgress(
        indicator=indicator, unit=unit, units=units, assessment=headline, status=_status(headline),
        css=status_css(_status(headline)), other_methods=_other_methods(result, indicator),
        disagreement=result.get("disagreement") or "",
        chart=_chart(indicator, unit, own_series, annual_targets, headline),
        unit_rows=rows, map_data=_map_data(indicator, [r for r in rows if r.unit in prefectures]),
        values=values, annual_targets=annual_targets, plan_link=plan_link(indicator),
        simulated=any(v.simulated for v in own_series) or any(r.latest and r.latest.simulated for r in rows),
    )


def _status(assessment: Assessment | None) -> str:
    return assessment.status if assessment else Status.NOT_ASSESSABLE


def _latest_by_unit(indicator: Indicator, units: list[OrgUnit]) -> dict[int, Assessment]:
    """Each unit's latest judgement of the five-year target (a year-to-date one only where there is none);
    without the stored result JSON, which only the headline needs."""
    found = _newest(Assessment.objects.filter(indicator=indicator, unit__in=units, period_kind="Y"))
    missing = [u for u in units if u.id not in found]
    if missing:
        found.update(_newest(Assessment.objects.filter(indicator=indicator, unit__in=missing)))
    return found


def _newest(assessments) -> dict[int, Assessment]:
    newest: dict[int, Assessment] = {}
    for a in assessments.defer("result").order_by("unit_id", "-period_ordinal"):
        newest.setdefault(a.unit_id, a)
    return newest


def _values_behind(indicator: Indicator, unit: OrgUnit | None, user: User) -> list[DataValue]:
    """Every figure of the indicator for the unit, newest first, with its approval state (scope checked)."""
    if unit is None:
        return []
    values = list(
        DataValue.objects.filter(indicator=indicator, unit=unit, unit__in=units_in_scope(user))
        .only("id", "period", "year", "value", "approved_value", "state", "source", "comment", "approved_at")
    )
    # "2026M10" sorts before "2026M9" as text: order by the period itself.
    values.sort(key=lambda v: parse_period(v.period).ordinal, reverse=True)
    for value in values:
        value.simulated = is_simulated_source(value.source)
    return values


def _other_methods(result: dict, indicator: Indicator) -> list[tuple[str, str]]:
    """The figures of the methods shown beside the headline, as "label: value" rows (those the result has)."""
    # A change of a percentage is counted in percentage points (百分点), not in per cent.
    measure = _("个百分点") if is_percent_unit(indicator.unit) else (indicator.unit or "")
    growth = indicator.target_type == Indicator.TargetType.ANNUAL_GROWTH
    rows = []
    for key, label in _OTHER_METHODS:
        value = result.get(key)
        if value is None or value == "":
            continue
        if growth and key in ("growth_ratio", "compound_projection"):
            continue  # for a growth target these are the headline's own ratio and average: not another method
        if key == "growth_ratio":
            shown = f"{float(value):.2f}"
        elif key == "required_rate":
            rate = significant_figure_text(value)
            shown = f"{rate}%" if growth else _("%(v)s%(m)s/年") % {"v": rate, "m": measure}
        elif key in ("linear_projection", "compound_projection"):
            shown = f"{significant_figure_text(value)}{indicator.unit or ''}"
        elif key == "projected_gap":
            shown = f"{significant_figure_text(value)}{measure}"
        else:
            shown = str(value)
        rows.append((str(label), shown))
    return rows


def _chart(indicator: Indicator, unit: OrgUnit | None, series: list[YearValue], targets: list[AnnualTarget],
           assessment: Assessment | None) -> dict:
    """What the ECharts series chart draws: actual year-end figures, the target path, annual targets, projection."""
    return {
        "title": indicator.name,
        "unit": unit.name if unit else "",
        "measure": indicator.unit,
        "labels": {
            "actual": _("实际值（已审核）"), "target_path": _("目标路径"), "annual_target": _("年度目标"),
            "projection": _("预测"), "simulated": _("模拟数据"),
        },
        "actual": [[v.year, float(v.value)] for v in series],
        "simulated_years": [v.year for v in series if v.simulated],
        "target_path": _target_path(indicator, _base_value(indicator, unit, series)),
        "annual_targets": [[t.year, float(t.value)] for t in targets if t.value is not None],
        "projection": _projection(assessment),
        "colour": status_colour(_status(assessment)),
    }


def _base_value(indicator: Indicator, unit: OrgUnit | None, series: list[YearValue]) -> float | None:
    """Where the unit starts from: the plan's baseline for the region, a 盟市's or 旗县's own base-year figure
    (the one its judgement is measured from)."""
    below_region = unit is not None and unit.kind in {OrgUnit.Kind.PREFECTURE, OrgUnit.Kind.COUNTY}
    if not below_region:
        return float(indicator.baseline_value) if indicator.baseline_value is not None else None
    own = [v for v in series if v.year == indicator.baseline_year]
    return float(own[0].value) if own else None


def _target_path(indicator: Indicator, base: float | None) -> list[list[float]]:
    """Where the indicator should be each year: a straight line from `base` to a level, the rate or bound held
    every year, an even share of a five-year total each year."""
    start, end = indicator.baseline_year, indicator.target_year
    target = float(indicator.target_value) if indicator.target_value is not None else None
    if start is None or end is None or target is None or end <= start:
        return []
    kind = indicator.target_type
    if kind == Indicator.TargetType.LEVEL and base is not None:
        return [[y, round(base + (target - base) * (y - start) / (end - start), 6)] for y in range(start, end + 1)]
    if kind in {Indicator.TargetType.ANNUAL_GROWTH, Indicator.TargetType.BOUND}:
        return [[y, target] for y in range(start + 1, end + 1)]
    if kind == Indicator.TargetType.CUMULATIVE:
        return [[y, round(target / (end - start), 6)] for y in range(start + 1, end + 1)]
    return []


def _projection(assessment: Assessment | None) -> list[list[float]]:
    if assessment is None or assessment.projection_year is None or assessment.projection_value is None:
        return []
    points = [[assessment.projection_year, float(assessment.projection_value)]]
    if assessment.latest_year is not None and assessment.latest_value is not None:
        points.insert(0, [assessment.latest_year, float(assessment.latest_value)])
    return points


def _map_data(indicator: Indicator, rows: list[UnitRow]) -> dict:
    """The 盟市 map: each 盟市 by its GB/T 2260 code with its status and latest figure; the legend's colours."""
    return {
        "map_url": static("vendor/maps/neimenggu.json"),
        "measure": indicator.unit,
        "labels": {"status": _("按评估状态"), "value": _("按最新值"), "no_value": _("无数据"),
                   "map_failed": _("地图边界文件未能加载，请参看左侧表格。")},
        "legend": [{"status": status_word(s), "colour": STATUS_COLOURS[s]} for s in statuses_in_order()],
        "units": [
            {"code": r.unit.code, "name": r.unit.name, "status": status_word(r.status),
             "colour": status_colour(r.status), "value": float(r.latest.value) if r.latest else None}
            for r in rows
        ],
    }


def plan_link(indicator: Indicator) -> PlanLink | None:
    """Where in the plan the target was set: its row of the main-indicator table, or the commitment's sentence."""
    row = indicator.source_row
    if row is not None:
        url = reverse("plans:indicators", args=[indicator.plan_id, row.version.number]) + f"#ind-{row.code}"
        return PlanLink(url=url, label=_("规划纲要主要指标表第 %(code)s 项") % {"code": row.code})
    commitment = indicator.source_commitment
    if commitment is not None:
        url = reverse(
            "plans:chapter", args=[indicator.plan_id, commitment.version.number, commitment.chapter_number]
        ) + f"#{anchor_id(commitment)}"
        return PlanLink(url=url, label=_("规划纲要第 %(n)s 章") % {"n": commitment.chapter_number},
                        quote=commitment.quote)
    return None

