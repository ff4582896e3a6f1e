"""The period rules of an entry (报告期校验): a period text read once per batch, then checked for one indicator against
the plan's years, whether the period has ended, the indicator's frequency and the reporting rounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from plantrack.core.periods import Period, parse_period
from plantrack.errors import message_of
from plantrack.indicators.models import Indicator
from plantrack.indicators.selectors import base_year_of
from plantrack.orgs.models import User
from plantrack.plans.models import Plan
from plantrack.reporting.access import can_enter_outside_round, round_accepts_entries
from plantrack.reporting.models import ReportingRound
from plantrack.reporting.selectors import KIND_OF_FREQUENCY


@dataclass
class PeriodCheck:
    """The outcome of checking one period text for one indicator: the period, its round, and what is wrong."""

    period: Period | None
    round_id: int | None
    problems: list[tuple[str, str]]
    code: str


class PeriodRules:
    """The period checks of one batch from one user, with the plan's rounds read once and each answer cached."""

    def __init__(self, *, user: User, plan: Plan, round: ReportingRound | None, today: date) -> None:
        self.user, self.plan, self.round, self.today = user, plan, round, today
        self.rounds = {r.period: r for r in ReportingRound.objects.filter(plan=plan)}
        self._may_enter_outside = can_enter_outside_round(user)
        self._periods: dict[str, Period | str] = {}
        self._checks: dict[tuple, PeriodCheck] = {}

    def period(self, raw: object) -> Period | str:
        """The period written in `raw`, or the reason it is not one."""
        text = "" if raw is None else str(raw)
        hit = self._periods.get(text)
        if hit is None:
            try:
                hit = parse_period(text)
            except ValueError as exc:
                hit = message_of(exc)
            self._periods[text] = hit
        return hit

    def check(self, indicator: Indicator | None, raw: object) -> PeriodCheck:
        """The period of `raw` for an indicator, its round and every problem with it; cached per pair."""
        cache_key = (indicator.id if indicator else None, raw)
        hit = self._checks.get(cache_key)
        if hit is not None:
            return hit
        period = self.period(raw)
        problems: list[tuple[str, str]] = []
        round_id = None
        if isinstance(period, str):
            problems.append(("bad_period", period))
            period = None
        else:
            problems.extend(self._problems(indicator, period))
            rnd = self.round if self.round is not None else self.rounds.get(period.code)
            if any(code == "base_year_office_only" for code, _text in problems):
                pass  # that message already says who may enter it; "no round" would only repeat it
            elif self.round is not None and self.round.period != period.code:
                problems.append(("round_period", _("报告期%(p)s不属于填报轮次“%(r)s”")
                                 % {"p": period.code, "r": self.round.title}))
            elif rnd is None:
                if not self._may_enter_outside:
                    problems.append(("no_round", _("报告期%(p)s没有填报轮次：轮次之外的数据只能由规划处录入")
                                     % {"p": period.code}))
            else:
                if not round_accepts_entries(self.user, rnd):
                    problems.append(("round_closed", _("填报轮次“%(r)s”已关闭") % {"r": rnd.title}))
                round_id = rnd.id
        hit = self._checks[cache_key] = PeriodCheck(period, round_id, problems, period.code if period else "")
        return hit

    def _problems(self, indicator: Indicator | None, period: Period) -> list[tuple[str, str]]:
        if indicator is not None and period.kind == "Y" and period.year == base_year_of(indicator, self.plan):
            # 基期值: the year-end figure a unit is judged from, whatever the indicator's reporting frequency.
            # It lies before the plan, outside every round: only the planning office gives it, then it is
            # reviewed like any figure.
            if not self._may_enter_outside:
                return [("base_year_office_only", _("%(p)s年是指标“%(name)s”的基期，基期值只能由规划处录入")
                         % {"p": period.year, "name": indicator.name})]
            return []
        if not self.plan.period_start <= period.year <= self.plan.period_end:
            return [("period_outside_plan", _("报告期%(p)s不在规划期%(a)s–%(b)s年内")
                     % {"p": period.code, "a": self.plan.period_start, "b": self.plan.period_end})]
        if period.end_date() >= self.today:
            return [("period_not_ended", _("报告期%(p)s尚未结束（截至%(end)s），结束后才能填报")
                     % {"p": period.code, "end": period.end_date().isoformat()})]
        if indicator is not None and KIND_OF_FREQUENCY.get(indicator.frequency) != period.kind:
            return [("period_frequency", _("指标“%(name)s”为%(freq)s，报告期%(p)s不符")
                     % {"name": indicator.name, "freq": indicator.get_frequency_display(), "p": period.code})]
        return []
