"""`plantrack dispatch-sheet --week 2027-W14 [--unit CODE] --format xlsx|docx --out FILE`: the weekly dispatch
meeting sheet (周调度表)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plantrack.errors import message_of
from plantrack.orgs.command_user import acting_user, unit_by_code
from plantrack.projects.dispatch_sheet import FORMATS, build_dispatch_sheet, render_dispatch_sheet


class Command(BaseCommand):
    help = "Write the weekly dispatch sheet of major projects as xlsx or docx."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--week", required=True, help="ISO week, e.g. 2027-W14")
        parser.add_argument("--unit", help="only this unit's (code) projects and those of the units below it")
        parser.add_argument("--format", choices=FORMATS, default="xlsx", dest="fmt")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--user", help="read as this user (default: the planning office)")

    def handle(self, *args, week: str, unit: str | None, fmt: str, out: Path, user: str | None, **options) -> None:
        try:
            sheet = build_dispatch_sheet(user=acting_user(user), week=week, unit=unit_by_code(unit))
        except ValueError as exc:
            raise CommandError(message_of(exc)) from None
        out.write_bytes(render_dispatch_sheet(sheet, fmt))
        self.stdout.write(f"{out}: {len(sheet.rows)} projects, week {sheet.week}")
