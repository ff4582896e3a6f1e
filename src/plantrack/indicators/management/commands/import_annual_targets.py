"""`plantrack import-annual-targets REPORT --year 2026 [--unit CODE]`: link a work report's targets to indicators."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from plantrack.errors import message_of
from plantrack.indicators.services import AnnualTargetError, import_annual_targets
from plantrack.orgs.access import planning_office_accounts
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.selectors import current_version


class Command(BaseCommand):
    help = "Read the annual targets of a government work report and store them for the matching indicators."

    def add_arguments(self, parser) -> None:
        parser.add_argument("report", type=Path, help="the work report: .txt (UTF-8 or GB18030), .docx or .pdf")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--unit", help="org unit code (default: the root of the org tree)")
        parser.add_argument(
            "--link",
            action="append",
            default=[],
            metavar="SUBJECT=CODE",
            help="link a report subject to an indicator code instead of matching by name (repeatable)",
        )
        parser.add_argument("--user", help="admin username recorded as the one who entered them")

    def handle(self, *args, **o) -> None:
        report: Path = o["report"]
        if not report.is_file():
            raise CommandError(f"{report}: no such file")
        version = current_version()
        if version is None:
            raise CommandError("no plan imported yet: run plantrack import-plan first")
        if o["unit"]:
            unit = OrgUnit.objects.filter(code=o["unit"]).first()
        else:
            unit = OrgUnit.objects.filter(parent__isnull=True).exclude(kind=OrgUnit.Kind.DEPARTMENT).first()
        if unit is None:
            raise CommandError(f"unit {o['unit'] or '(root)'}: no such org unit (load units first)")
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=o["user"]).first()
            if o["user"]
            else planning_office_accounts().first()
        )
        if user is None:
            raise CommandError("no admin user to record: create one with plantrack create-user --role admin")
        links = {}
        for pair in o["link"]:
            subject, sep, code = pair.partition("=")
            if not sep or not subject.strip() or not code.strip():
                raise CommandError(f"--link {pair!r}: write it as SUBJECT=CODE")
            links[subject.strip()] = code.strip()
        try:
            result = import_annual_targets(
                plan=version.plan, report_path=report, year=o["year"], unit=unit, user=user, links=links
            )
        except AnnualTargetError as exc:
            raise CommandError(message_of(exc)) from None
        except PermissionDenied as exc:
            raise CommandError(f"{user.username}: {exc}") from None
        self.stdout.write(f"{report.name}: {o['year']} targets for {unit.name}")
        self.stdout.write(f"matched ({len(result.matched)}):")
        for item, indicator in result.matched:
            self.stdout.write(f"  {item.subject} → {indicator.code} {indicator.name}: {item.quote}")
        self.stdout.write(f"unmatched ({len(result.unmatched)}):")
        for item in result.unmatched:
            self.stdout.write(f"  {item.subject}: {item.quote}")
        for item, indicator in result.unit_mismatch:
            self.stdout.write(
                f"unit differs, not stored: {item.subject} ({item.unit}) vs {indicator.code} ({indicator.unit})"
            )
        for target in result.replaced:
            self.stdout.write(f"replaced a hand-entered target of {target.indicator.code} {target.indicator.name}")
