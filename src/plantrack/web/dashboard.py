"""The dashboard (监测看板) a leader, supervisor or the planning office opens: main indicators at a glance.

    board = dashboard_for(user=leader, filters=DashboardFilters(attribute="约束性"))
    board.cards[0].status, board.counts[0].count, board.warnings

Cards come from the stored assessments (the unit's year judgements, read once), sparklines from the approved
year-end figures (one query); nothing is judged here and nothing is read per card.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plantrack.assessment.access import can_acknowledge_warning
from plantrack.assessment.models import Assessment, Warning
from plantrack.assessment.selectors import open_warnings_for
from plantrack.core.assess import Status
from plantrack.core.errors import InvalidInput
from plantrack.indicators.models import Indicator
from plantrack.indicators.selectors import natural_key
from plantrack.orgs.access import units_in_scope
from plantrack.orgs.models import OrgUnit, User
from plantrack.web.status_display import sparkline_points, status_css, statuses_in_order
from plantrack.web.year_end import YearValue, latest_of_each_year

# What a card shows of an assessment.
CARD_FIELDS = ("id", "indicator_id", "unit_id", "period", "period_kind", "period_ordinal", "year", "status",
               "elapsed", "completion", "explanation")
# The board lists the newest open warnings; the warnings page (预警) has them all.
MAX_WARNINGS = 10


@dataclass(frozen=True)
class DashboardFilters:
    """What the reader narrowed the board to; empty strings mean "all"."""

    category: str = ""
    attribute: str = ""
    status: str = ""
    unit_code: str = ""


@dataclass
class IndicatorCard:
    indicator: Indicator
    assessment: Assessment | None
    status: str
    css: str
    series: list[YearValue]
    sparkline: str
    simulated: bool

    @property
    def latest(self) -> YearValue | None:
        return self.series[-1] if self.series else None


@dataclass
class StatusCount:
    status: str
    css: str
    count: int


@dataclass
class OpenWarning:
    warning: Warning
    can_acknowledge: bool


@dataclass
class Dashboard:
    unit: OrgUnit | None
    units: list[OrgUnit]
    filters: DashboardFilters
    categories: list[str]
    cards: list[IndicatorCard]
    counts: list[StatusCount]
    warnings: list[OpenWarning] = field(default_factory=list)
    open_warning_count: int = 0
    simulated: bool = False


class UnknownFilter(InvalidInput):
    """A filter value that names nothing (a unit outside the reader's scope, a status that does not exist)."""

    code = "unknown_filter"


def dashboard_units(user: User) -> list[OrgUnit]:
    """The units a reader may switch the board to: the region and the 盟市 in their scope, top first."""
    kinds = [OrgUnit.Kind.REGION, OrgUnit.Kind.PREFECTURE]
    return list(units_in_scope(user).filter(kind__in=kinds).order_by("depth", "code"))


def dashboard_for(*, user: User, filters: DashboardFilters) -> Dashboard:
    """The board for `user`: main-indicator cards of one unit (the top unit in scope unless chosen), counts per
    status over the cards the other filters leave, and the user's open warnings."""
    units = dashboard_units(user)
    unit = chosen_unit(units, filters.unit_code)
    if filters.status and filters.status not in Status.__members__.values():
        raise UnknownFilter(_("没有“%(s)s”这种评估状态") % {"s": filters.status})
    indicators = Indicator.objects.filter(is_active=True, source_row__isnull=False).select_related("plan")
    categories = sorted({c for c in indicators.values_list("category", flat=True) if c})
    if filters.category and filters.category not in categories:
        raise UnknownFilter(_("没有“%(c)s”这个指标类别") % {"c": filters.category})
    if filters.attribute and filters.attribute not in Indicator.Attribute.values:
        raise UnknownFilter(_("指标属性应为预期性或约束性，而不是“%(a)s”") % {"a": filters.attribute})
    if filters.category:
        indicators = indicators.filter(category=filters.category)
    if filters.attribute:
        indicators = indicators.filter(attribute=filters.attribute)
    indicators = sorted(indicators, key=lambda i: (i.plan_id, natural_key(i.code)))
    if unit is None:
        warnings, open_count = _open_warnings(user, unit)
        return Dashboard(unit=None, units=units, filters=filters, categories=categories, cards=[], counts=[],
                         warnings=warnings, open_warning_count=open_count)
    assessments = latest_for_unit(unit=unit, indicator_ids=[i.id for i in indicators])
    series = latest_of_each_year(indicator_ids=[i.id for i in indicators], unit_ids=[unit.id])
    cards = []
    for indicator in indicators:
        assessment = assessments.get(indicator.id)
        status = assessment.status if assessment else Status.NOT_ASSESSABLE
        points = series.get((indicator.id, unit.id), [])
        cards.append(IndicatorCard(
            indicator=indicator, assessment=assessment, status=status, css=status_css(status), series=points,
            sparkline=sparkline_points([float(p.value) for p in points]),
            simulated=any(p.simulated for p in points),
        ))
    tally = Counter(card.status for card in cards)
    counts = [StatusCount(str(s), status_css(s), tally.get(s, 0)) for s in statuses_in_order()]
    if filters.status:
        cards = [card for card in cards if card.status == filters.status]
    warnings, open_count = _open_warnings(user, unit)
    return Dashboard(
        unit=unit, units=units, filters=filters, categories=categories, cards=cards, counts=counts,
        warnings=warnings, open_warning_count=open_count, simulated=any(card.simulated for card in cards),
    )


def _open_warnings(user: User, unit: OrgUnit | None) -> tuple[list[OpenWarning], int]:
    """The newest open warnings in the user's scope (narrowed to the chosen unit and the units below it), each
    with whether this user may confirm it, and how many are open in all."""
    warnings = open_warnings_for(user=user)
    if unit is not None:
        warnings = warnings.filter(unit__path__startswith=unit.path)
    newest = [OpenWarning(w, can_acknowledge_warning(user, w)) for w in warnings[:MAX_WARNINGS]]
    return newest, (len(newest) if len(newest) < MAX_WARNINGS else warnings.count())


def latest_for_unit(*, unit: OrgUnit, indicator_ids: list[int]) -> dict[int, Assessment]:
    """{indicator id: its newest judgement in `unit`}: the newest year's (the five-year target), or for an
    indicator judged only month by month so far, its newest year-to-date one. The caller checked the scope.

    One indexed read of the unit's rows, newest first, without the stored result JSON the cards never show.
    """
    newest = _newest_by_indicator(Assessment.objects.filter(unit=unit, indicator_id__in=indicator_ids, period_kind="Y"))
    missing = [i for i in indicator_ids if i not in newest]
    if missing:
        newest.update(_newest_by_indicator(Assessment.objects.filter(unit=unit, indicator_id__in=missing)))
    return newest


def _newest_by_indicator(assessments) -> dict[int, Assessment]:
    newest: dict[int, Assessment] = {}
    for a in assessments.only(*CARD_FIELDS).order_by("indicator_id", "-period_ordinal"):
        newest.setdefault(a.indicator_id, a)
    return newest


def chosen_unit(units: list[OrgUnit], code: str) -> OrgUnit | None:
    """The unit with `code` among `units` (the first one when no code is given); UnknownFilter if it is not there."""
    if not code:
        return units[0] if units else None
    for unit in units:
        if unit.code == code:
            return unit
    raise UnknownFilter(_("单位“%(code)s”不存在，或不在您的数据权限内") % {"code": code})

