"""`plantrack report briefing|midterm|final --as-of 2028-12 --format docx|pdf|html [--out FILE]`."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plantrack.errors import message_of
from plantrack.reports.jobs import enqueue_report
from plantrack.reports.models import Report
from plantrack.reports.selectors import reportable_plans
from plantrack.reports.services import FORMATS, ReportInputError, generate_report, report_file_path, request_report


class Command(BaseCommand):
    help = "Generate a monthly briefing, mid-term or final evaluation report from approved data, frozen at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=list(Report.Kind.values))
        parser.add_argument("--as-of", required=True, help="the month the report is as of: 2028-12 or 2028M12")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, default="docx")
        parser.add_argument("--out", help="where to write the file (default: report-<kind>-<as-of>.<format>)")
        parser.add_argument("--plan", type=int, help="the plan's id when there is more than one")
        parser.add_argument("--enqueue", action="store_true",
                            help="hand it to the worker and return at once (the page shows it when done)")

    def handle(self, *args, kind: str, as_of: str, fmt: str, out: str | None, plan: int | None,
               enqueue: bool = False, **options) -> None:
        plans = reportable_plans()
        chosen = plans.filter(pk=plan).first() if plan else (plans.first() if plans.count() == 1 else None)
        if chosen is None:
            names = "; ".join(f"{p.pk}: {p.title}" for p in plans) or "none: import a plan and build its registry"
            raise CommandError(f"choose the plan with --plan ({names})")
        if enqueue:
            if out:
                raise CommandError("--out needs the file at once: leave out --enqueue, or download it from the page")
            try:
                report = request_report(user=None, plan=chosen, kind=kind, as_of=as_of, formats=[fmt])
            except ReportInputError as exc:
                raise CommandError(str(exc)) from exc
            job = enqueue_report(report=report)
            self.stdout.write(f"{report.title}: report #{report.pk} queued for the worker (job {job})")
            return
        try:
            report = generate_report(user=None, plan=chosen, kind=kind, as_of=as_of, formats=[fmt])
        except ReportInputError as exc:
            raise CommandError(message_of(exc)) from exc
        if report.state != Report.State.DONE:
            raise CommandError(report.error)
        stored = report_file_path(report.files.get(format=fmt))
        target = Path(out) if out else Path(f"report-{kind}-{report.as_of}.{fmt}")
        shutil.copyfile(stored, target)
        self.stdout.write(f"{report.title}: {target} ({target.stat().st_size} bytes; report #{report.pk})")
