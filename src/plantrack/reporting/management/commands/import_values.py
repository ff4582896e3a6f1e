"""`plantrack import-values FILE [--plan ID] [--user USERNAME] [--submit] [--correction]`: a bulk CSV/xlsx file.

All or nothing: on any problem it prints one line (the first finding, how many there were) and exits 1 having
written nothing; with -v 2 it prints the first 200 findings and how many more there were. A progress bar goes
to stderr for large files.
"""

from __future__ import annotations

import sys

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from plantrack.orgs.access import require_entering_role
from plantrack.orgs.command_user import acting_user
from plantrack.plans.models import Plan
from plantrack.plans.selectors import the_only_plan
from plantrack.reporting.bulk_import import estimate_rows, import_bulk_file
from plantrack.reporting.busy import DatabaseBusy
from plantrack.reporting.findings import StaleValue, ValuesRejected
from plantrack.uploads import MAX_LISTED_PROBLEMS, listed_problems

_BAR_FROM_ROWS = 20_000


class Command(BaseCommand):
    help = "Import values from a bulk CSV or xlsx file (indicator_code, unit_code, period, value, …), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--plan", type=int, help="plan id (needed when there is more than one plan)")
        parser.add_argument("--user", help="who imports (default: the first active admin); scope applies")
        parser.add_argument("--submit", action="store_true", help="submit the values for review at once")
        parser.add_argument("--correction", action="store_true", help="allow correcting approved values")
        parser.add_argument("--max-mb", type=int, dest="max_mb",
                            help="largest file accepted in MB (default: the upload limit PLANTRACK_MAX_UPLOAD_BYTES)")

    def handle(self, *args, file: str, plan: int | None, user: str | None, submit: bool, correction: bool,
               max_mb: int | None = None, **options) -> None:
        person = acting_user(user)
        try:
            require_entering_role(person, "bulk import values")  # before the file is opened
        except PermissionDenied as exc:
            raise CommandError(_("导入被拒绝：%(reason)s（未读取文件）") % {"reason": exc}) from exc
        the_plan = self._plan(plan)
        max_bytes = max_mb * 1024 * 1024 if max_mb else None
        total = estimate_rows(file, max_bytes=max_bytes)
        bar = tqdm(total=total or None, unit="行", file=sys.stderr, disable=total < _BAR_FROM_ROWS,
                   desc="导入", dynamic_ncols=True)
        try:
            result = import_bulk_file(user=person, plan=the_plan, source=file, submit=submit,
                                      correction=correction, progress=bar.update,
                                      max_bytes=max_bytes)
        except ValuesRejected as exc:
            bar.close()
            if options.get("verbosity", 1) >= 2:
                for line in listed_problems([f.line() for f in exc.findings[:MAX_LISTED_PROBLEMS]], exc.total):
                    self.stderr.write(line)
            raise CommandError(_("导入被拒绝：%(reason)s") % {"reason": exc.one_line()}) from exc
        except (PermissionDenied, StaleValue, DatabaseBusy, FileNotFoundError) as exc:
            bar.close()
            raise CommandError(_("导入被拒绝：%(reason)s（未写入任何数据）") % {"reason": exc}) from exc
        bar.close()
        self.stdout.write(
            f"导入完成：新增{result.created}，修改{result.updated}，未变{result.unchanged}，"
            f"提交{result.submitted}，已说明的预警{len(result.warnings)}"
        )


    def _plan(self, plan_id: int | None) -> Plan:
        if plan_id is not None:
            found = Plan.objects.filter(id=plan_id).first()
            if found is None:
                raise CommandError(f"no plan with id {plan_id}")
            return found
        plan = the_only_plan()
        if plan is None:
            raise CommandError("give --plan ID" if Plan.objects.exists() else "no plan: import a plan first")
        return plan
