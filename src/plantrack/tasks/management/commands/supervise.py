"""`plantrack supervise [--date YYYY-MM-DD] [--json]`: the daily supervision check (督办) of overdue and unreported
tasks; safe to run any number of times a day (cron or a systemd timer)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from plantrack.tasks.supervision import run_supervision


class Command(BaseCommand):
    help = "Open supervision items for overdue or unreported tasks and close those whose cause is gone."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="check as of this day (default: today)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the counts as JSON")
        parser.add_argument("--enqueue", action="store_true", help="hand it to the worker instead of waiting")

    def handle(self, *args, date: str | None, as_json: bool, enqueue: bool = False, **options) -> None:
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date {date!r}: write it as YYYY-MM-DD") from None
        if enqueue:
            from plantrack.tasks.jobs import supervise_job

            self.stdout.write(f"queued for the worker: job {supervise_job.enqueue(date=date).id}")
            return
        run = run_supervision(today=today)
        if as_json:
            self.stdout.write(json.dumps({"as_of": run.as_of.isoformat(), "opened": run.opened, "closed": run.closed,
                                      "open": run.open_total}, ensure_ascii=False))
        else:
            self.stdout.write(f"supervision as of {run.as_of}: {run.opened} opened, {run.closed} closed, "
                              f"{run.open_total} open")
