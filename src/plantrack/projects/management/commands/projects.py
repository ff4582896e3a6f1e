"""`plantrack projects [--open-procedures] [--unit CODE] [--json]`: the ledger, or the projects whose approval
procedures are not all done (手续未办结), as the planning office (or `--user`) sees them."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from plantrack.core.figures import grouped_figure_text
from plantrack.orgs.command_user import acting_user, unit_by_code
from plantrack.projects import selectors


class Command(BaseCommand):
    help = "List major projects; with --open-procedures, those whose approval procedures are still open."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--open-procedures", action="store_true", dest="only_open",
                            help="only projects with procedures not done")
        parser.add_argument("--unit", help="only this unit's (code) projects and those of the units below it")
        parser.add_argument("--user", help="read as this user (default: the planning office)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, only_open: bool, unit: str | None, user: str | None, as_json: bool,
               **options) -> None:
        who, where = acting_user(user), unit_by_code(unit)
        if only_open:
            data = selectors.open_procedures(user=who, unit=where)
        else:
            data = [{"name": p.name, "unit": p.region.code, "code": p.code, "status": p.status,
                     "total_investment_wan": float(p.total_investment_wan), "completed_wan": float(p.completed_wan),
                     "open": list(p.open_procedures)} for p in selectors.projects_for(user=who, unit=where)]
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for row in data:
            total = grouped_figure_text(row["total_investment_wan"])
            self.stdout.write(f"{row['unit']:<8} {total:>12}万元  {row['name']}  {'、'.join(row['open']) or '—'}")
        self.stdout.write(f"{len(data)}")
