"""`plantrack supervise [--dry-run [--date YYYY-MM-DD]] [--json]`: the daily supervision check (督办) of overdue and
unreported tasks; safe to run any number of times a day (cron or a systemd timer). `--dry-run` lists what the check
would open and writes nothing; `--date` (a what-if on another day) is taken only with it, so no live item is ever
opened for a day other than the one clock's today."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from plantrack.tasks.supervision import run_supervision


class Command(BaseCommand):
    help = "Open supervision items for overdue or unreported tasks and close those whose cause is gone."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would be opened; write nothing")
        parser.add_argument("--date", help="with --dry-run: check as of this day (default: today)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the counts as JSON")
        parser.add_argument("--enqueue", action="store_true", help="hand it to the worker instead of waiting")

    def handle(self, *args, date: str | None, as_json: bool, dry_run: bool, enqueue: bool = False, **options) -> None:
        if date and not dry_run:
            raise CommandError("--date is a what-if: give it with --dry-run (nothing is written then)")
        if enqueue:
            if dry_run:
                raise CommandError("--enqueue runs the live check in the worker; a --dry-run is read here")
            from plantrack.tasks.jobs import supervise_job

            self.stdout.write(f"queued for the worker: job {supervise_job.enqueue().id}")
            return
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date {date!r}: write it as YYYY-MM-DD") from None
        run = run_supervision(today=today, dry_run=dry_run)
        if as_json:
            data = {"as_of": run.as_of.isoformat(), "opened": run.opened, "closed": run.closed, "open": run.open_total}
            if dry_run:
                data["dry_run"] = True
                data["would_open"] = [{"task": t, "reason": r, "period": p} for t, r, p in run.would_open]
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        elif dry_run:
            self.stdout.write(f"dry run as of {run.as_of}: {len(run.would_open)} would be opened, nothing written")
            for title, reason, period in run.would_open:
                self.stdout.write(f"  {reason} {period} {title}")
        else:
            self.stdout.write(f"supervision as of {run.as_of}: {run.opened} opened, {run.closed} closed, "
                              f"{run.open_total} open")
