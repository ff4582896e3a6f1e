"""`plantrack template --unit CODE --round PERIOD [--plan ID] [--out FILE]`: write a unit's Excel fill-in template."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plantrack.core.periods import parse_period
from plantrack.errors import message_of
from plantrack.orgs.models import OrgUnit
from plantrack.reporting.excel_template import build_template, template_filename
from plantrack.reporting.models import ReportingRound
from plantrack.reporting.selectors import previous_values, required_indicators


class Command(BaseCommand):
    help = "Generate the Excel template a unit fills in for a reporting round (upload it back on the reporting page)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="org unit code, e.g. 150600")
        parser.add_argument("--round", required=True, dest="period", help="the round's period, e.g. 2026M10")
        parser.add_argument("--plan", type=int, help="plan id, when several plans have a round for the period")
        parser.add_argument("--out", help="file to write (default: UNIT_PERIOD_template.xlsx here)")

    def handle(self, *args, unit: str, period: str, plan: int | None, out: str | None, **options) -> None:
        org = OrgUnit.objects.filter(code=unit).first()
        if org is None:
            raise CommandError(f"no org unit with code {unit!r}")
        try:
            code = parse_period(period).code
        except ValueError as exc:
            raise CommandError(message_of(exc)) from exc
        rounds = ReportingRound.objects.select_related("plan").filter(period=code)
        if plan is not None:
            rounds = rounds.filter(plan_id=plan)
        found = list(rounds[:2])
        if not found:
            raise CommandError(f"no reporting round for period {code}" + (f" of plan {plan}" if plan else ""))
        if len(found) > 1:
            raise CommandError(f"several plans have a round for {code}: give --plan")
        rnd = found[0]
        indicators = required_indicators(round=rnd, unit=org)
        if not indicators:
            raise CommandError(f"{org.name} ({org.code}) has nothing to report in round {rnd.title}")
        data = build_template(
            round=rnd, unit=org, indicators=indicators,
            previous=previous_values(indicators=indicators, unit=org, period=rnd.period),
        )
        path = out or template_filename(round=rnd, unit=org)
        with open(path, "wb") as stream:
            stream.write(data)
        self.stdout.write(f"{path}: {len(indicators)} indicators for {org.name}, {rnd.title}")
