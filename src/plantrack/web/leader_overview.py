"""The leader's home page in one look (领导首页): a headline sentence, the binding indicators as a strip, the 盟市 map,
what changed in the last month that has ended, and tasks and projects in one line each; the dashboard's cards follow.

Everything is read from stored assessments, warnings, tasks and projects in a handful of indexed queries: nothing
is judged here, so the page says exactly what the indicator pages and the reports say for the same as-of.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.templatetags.static import static
from django.utils.translation import gettext as _

from plantrack.assessment.models import Assessment
from plantrack.assessment.selectors import open_warnings_for
from plantrack.clock import today
from plantrack.core.assess import Status
from plantrack.core.periods import Period
from plantrack.core.status_palette import STATUS_COLOURS
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import units_in_scope
from plantrack.orgs.models import OrgUnit, User
from plantrack.projects.selectors import open_blockers, projects_for
from plantrack.reporting.models import DataValue
from plantrack.tasks.access import tasks_in_scope
from plantrack.tasks.selectors import count_by_state
from plantrack.web.dashboard import Dashboard, IndicatorCard
from plantrack.web.status_display import status_css, status_word, statuses_in_order
from plantrack.wording import join_words

# Statuses that put an indicator behind; the map counts them per 盟市.
BEHIND = (Status.LAGGING, Status.SERIOUSLY_LAGGING)


@dataclass
class StatusChange:
    indicator: Indicator
    before: str
    after: str
    better: bool

    @property
    def css(self) -> str:
        return status_css(self.after)


@dataclass
class MonthChanges:
    """What happened in the last month that has ended (the month the page speaks of)."""

    month: Period
    compared_with: Period
    status_changes: list[StatusChange] = field(default_factory=list)
    new_warnings: int = 0
    figures_approved: int = 0
    figures_waiting: int = 0
    projects_started: int = 0


@dataclass
class LeaderOverview:
    headline: str
    binding_headline: str
    binding: list[IndicatorCard]
    month: MonthChanges | None
    tasks: dict[str, int]
    projects: dict[str, int]
    prefecture_map: dict | None


def leader_overview(*, user: User, board: Dashboard) -> LeaderOverview:
    """The overview above `board` (the unfiltered board of the reader's top unit)."""
    cards = board.cards
    binding = [c for c in cards if c.indicator.attribute == Indicator.Attribute.BINDING]
    month = _month_changes(user=user, unit=board.unit, indicators=[c.indicator for c in cards])
    return LeaderOverview(
        headline=_headline(cards),
        binding_headline=_binding_headline(binding),
        binding=binding,
        month=month,
        tasks=count_by_state(tasks_in_scope(user), today=today()),
        projects=_project_line(user=user, unit=board.unit, month=month.month if month else None),
        prefecture_map=_prefecture_map(user=user, unit=board.unit, indicators=[c.indicator for c in cards]),
    )


def _tally_words(tally: Counter) -> str:
    parts = [_("%(status)s%(n)s项") % {"status": status_word(s), "n": tally[s]}
             for s in statuses_in_order() if tally.get(s)]
    return join_words(parts)


def _headline(cards: list[IndicatorCard]) -> str:
    if not cards:
        return _("尚无主要指标。")
    tally = Counter(c.status for c in cards)
    return _("%(n)s项主要指标：%(tally)s。") % {"n": len(cards), "tally": _tally_words(tally)}


def _binding_headline(binding: list[IndicatorCard]) -> str:
    if not binding:
        return ""
    tally = Counter(c.status for c in binding)
    return _("约束性指标%(n)s项中：%(tally)s。") % {"n": len(binding), "tally": _tally_words(tally)}


def last_ended_month(on: date) -> Period:
    """The newest month that has ended on `on` (December of last year in January)."""
    return Period(on.year, "M", on.month).previous()


def _month_changes(*, user: User, unit: OrgUnit | None, indicators: list[Indicator]) -> MonthChanges | None:
    if unit is None:
        return None
    month = last_ended_month(today())
    before = month.previous()
    changes = MonthChanges(month=month, compared_with=before)
    by_id = {i.id: i for i in indicators}
    statuses = {
        (indicator_id, period): status
        for indicator_id, period, status in Assessment.objects.filter(
            unit=unit, indicator_id__in=list(by_id), period__in=[month.code, before.code]
        ).values_list("indicator_id", "period", "status")
    }
    rank = {s: i for i, s in enumerate(statuses_in_order())}
    for indicator in indicators:
        old, new = statuses.get((indicator.id, before.code)), statuses.get((indicator.id, month.code))
        if old and new and old != new:
            better = rank.get(new, len(rank)) < rank.get(old, len(rank))
            changes.status_changes.append(StatusChange(indicator, old, new, better))
    # A warning belongs to the month whose figures raised it (December also brings the year's judgement), not to the
    # day the server stored it: a month's figures are judged weeks after it ends.
    judged = [month.code, str(month.year)] if month.index == 12 else [month.code]
    changes.new_warnings = open_warnings_for(user=user).filter(
        unit__path__startswith=unit.path, assessment__period__in=judged
    ).count()
    figures = Counter(dict(
        DataValue.objects.filter(period=month.code, unit__path__startswith=unit.path)
        .filter(unit__in=units_in_scope(user)).order_by().values_list("state").annotate(n=Count("pk"))
    ))
    changes.figures_approved = figures.get(DataValue.State.APPROVED, 0)
    changes.figures_waiting = figures.get(DataValue.State.SUBMITTED, 0)
    return changes


def _project_line(*, user: User, unit: OrgUnit | None, month: Period | None) -> dict[str, int]:
    projects = projects_for(user=user, unit=unit)
    line = {
        "all": projects.count(),
        "open_procedures": projects.filter(has_open_procedures=True).count(),
        "blockers": open_blockers(user=user, unit=unit).count(),
        "started": 0,
    }
    if month is not None:
        line["started"] = projects.filter(
            actual_start__gte=month.start_date(), actual_start__lte=month.end_date()
        ).count()
    return line


def _prefecture_map(*, user: User, unit: OrgUnit | None, indicators: list[Indicator]) -> dict | None:
    """Each 盟市 under the board's unit with its newest year judgement per main indicator, counted by status."""
    if unit is None or unit.kind != OrgUnit.Kind.REGION:
        return None
    prefectures = list(units_in_scope(user).filter(kind=OrgUnit.Kind.PREFECTURE, path__startswith=unit.path)
                       .order_by("code"))
    if not prefectures:
        return None
    newest: dict[tuple[int, int], str] = {}
    rows = (Assessment.objects.filter(unit__in=prefectures, indicator_id__in=[i.id for i in indicators],
                                      period_kind="Y")
            .order_by("unit_id", "indicator_id", "-period_ordinal")
            .values_list("unit_id", "indicator_id", "status"))
    for unit_id, indicator_id, status in rows:
        newest.setdefault((unit_id, indicator_id), status)
    counts: dict[int, Counter] = defaultdict(Counter)
    for (unit_id, _indicator), status in newest.items():
        counts[unit_id][status] += 1
    units = []
    for p in prefectures:
        tally = counts.get(p.id, Counter())
        units.append({
            "code": p.code, "name": p.name,
            "behind": sum(tally.get(s, 0) for s in BEHIND),
            "judged": sum(n for s, n in tally.items() if s != Status.NOT_ASSESSABLE),
            "summary": _tally_words(tally) or _("尚无评估"),
            "url": f"?unit={p.code}",
        })
    return {
        "map_url": static("vendor/maps/neimenggu.json"),
        "units": units,
        "max_behind": max((u["behind"] for u in units), default=0),
        "colours": [STATUS_COLOURS[Status.ON_TRACK], STATUS_COLOURS[Status.LAGGING],
                    STATUS_COLOURS[Status.SERIOUSLY_LAGGING]],
        "labels": {"behind": _("滞后及严重滞后指标数"),
                   "map_failed": _("地图边界文件未能加载，请参看下方各盟市列表。")},
    }
