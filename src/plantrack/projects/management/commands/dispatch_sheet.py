"""`plantrack dispatch-sheet --week 2027-W14 [--unit CODE] --format xlsx|docx|pdf --out FILE`: the weekly dispatch
meeting sheet (周调度表)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plantrack.errors import message_of
from plantrack.operations.office_pdf import PdfConversionFailed
from plantrack.orgs.command_user import acting_user, unit_by_code
from plantrack.projects.dispatch_sheet import FORMATS, GROUPINGS, build_dispatch_sheet, render_dispatch_sheet


class Command(BaseCommand):
    help = "Write the weekly dispatch sheet of major projects as xlsx, docx or pdf (the docx through LibreOffice)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--week", required=True, help="ISO week, e.g. 2027-W14")
        parser.add_argument("--unit", help="only this unit's (code) projects and those of the units below it")
        parser.add_argument("--format", choices=FORMATS, default="xlsx", dest="fmt")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--user", help="read as this user (default: the planning office)")
        parser.add_argument("--group-by", choices=GROUPINGS, default="category",
                            help="group rows by category, place (建设地点, e.g. 苏木镇) or region")
        parser.add_argument("--with-blockers", action="store_true", help="only projects with an open 堵点")
        parser.add_argument("--with-open-procedures", action="store_true", help="only projects with open procedures")
        parser.add_argument("--unreported", action="store_true", help="only projects not reported this week")
        parser.add_argument("--detail", action="store_true", help="list every project on the region's sheet too")

    def handle(self, *args, week: str, unit: str | None, fmt: str, out: Path, user: str | None, group_by: str,
               with_blockers: bool, with_open_procedures: bool, unreported: bool, detail: bool, **options) -> None:
        try:
            sheet = build_dispatch_sheet(user=acting_user(user), week=week, unit=unit_by_code(unit),
                                         group_by=group_by, with_blockers=with_blockers,
                                         with_open_procedures=with_open_procedures, unreported=unreported,
                                         detail=detail or None)
        except ValueError as exc:
            raise CommandError(message_of(exc)) from None
        try:
            data = render_dispatch_sheet(sheet, fmt)
        except PdfConversionFailed as exc:
            raise CommandError(str(exc)) from None
        out.write_bytes(data)
        self.stdout.write(f"{out}: {sheet.project_count} projects, week {sheet.week}")
