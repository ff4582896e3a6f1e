"""The home page's reads (工作台): what each person has to do now, drawn from the plans and reporting apps."""

from __future__ import annotations

from dataclasses import dataclass, field

from plantrack.core.periods import parse_period
from plantrack.orgs.access import can_enter_values, may_review_values
from plantrack.orgs.models import User
from plantrack.plans.models import PlanVersion
from plantrack.plans.selectors import version_totals
from plantrack.reporting.models import DataValue, ReportingRound
from plantrack.reporting.selectors import (
    UnitCompleteness,
    awaiting_review_count,
    completeness_of_rounds,
    returned_to,
    rounds_by_time,
    summarise_completeness,
)
from plantrack.wording import period_words


@dataclass
class OpenRound:
    round: ReportingRound
    label: str
    summary: dict[str, int]  # units, reported, complete, late
    to_enter: list[UnitCompleteness] = field(default_factory=list)  # my units that still owe figures


@dataclass
class Workbench:
    plans: list[tuple[PlanVersion, dict[str, int]]]
    rounds: list[OpenRound]
    awaiting_review: int | None  # None: the person does not review
    returned: list[DataValue] = field(default_factory=list)  # sent back to my units, with the reasons


def workbench_for(user: User) -> Workbench:
    """The current plans, each open round's progress within the person's scope, their own forms still to fill,
    the figures returned to them with the reasons, and (for reviewers) how many submitted figures wait for them."""
    versions = PlanVersion.objects.filter(is_current=True).select_related("plan").order_by("plan__title")
    plans = [(v, version_totals(v)) for v in versions]
    open_rounds = rounds_by_time(ReportingRound.objects.filter(is_open=True).select_related("plan"))
    completeness = completeness_of_rounds(rounds=open_rounds, user=user)
    rounds = [
        OpenRound(
            round=rnd,
            label=period_words(parse_period(rnd.period)),
            summary=summarise_completeness(completeness[rnd.pk]),
            to_enter=[r for r in completeness[rnd.pk] if not r.is_reported and can_enter_values(user, r.unit)],
        )
        for rnd in open_rounds
    ]
    awaiting = awaiting_review_count(user=user) if may_review_values(user) else None
    return Workbench(plans=plans, rounds=rounds, awaiting_review=awaiting, returned=returned_to(user=user))
