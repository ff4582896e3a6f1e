"""`plantrack import-values FILE [--plan ID] [--user USERNAME] [--submit] [--correction] [--dry-run]
[--ignore HEADER] [--map HEADER=FIELD] [--remember]`: a bulk CSV/xlsx file.

`--dry-run` prints what the file holds, the same report as the upload page's preview (each column and what it is
read as, the rows skipped as titles, headings, totals and notes, the first rows as they will be stored, the problems
every check finds) and writes nothing. A column the import does not recognise must be settled: `--ignore 备注说明`,
or `--map 说明=comment`; otherwise the import is refused. The choices the user's office saved apply (the dry run
marks them 按本单位上次的选择); `--remember` saves this run's for the office's next files, once imported.

All or nothing: on any problem it prints one line (the first finding, how many there were) and exits 1 having
written nothing; with -v 2 it prints the first 200 findings and how many more there were. A progress bar goes
to stderr for large files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from plantrack.orgs.access import require_entering_role
from plantrack.orgs.command_user import acting_user
from plantrack.plans.models import Plan
from plantrack.plans.selectors import the_only_plan
from plantrack.reporting.bulk_import import OPTIONAL, REQUIRED, estimate_rows, import_bulk_file
from plantrack.reporting.busy import DatabaseBusy
from plantrack.reporting.findings import StaleValue, ValuesRejected
from plantrack.reporting.values_preview import preview_bulk_file
from plantrack.uploads import MAX_LISTED_PROBLEMS, listed_problems
from plantrack.wording import join_words

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
        parser.add_argument("--dry-run", action="store_true", dest="dry_run",
                            help="print what would be imported (columns, skipped rows, first rows, problems) and stop")
        parser.add_argument("--ignore", action="append", default=[], metavar="HEADER",
                            help="ignore a column the import does not recognise")
        parser.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD", dest="map",
                            help=f"read a column as a field ({', '.join(REQUIRED + OPTIONAL)})")
        parser.add_argument("--remember", action="store_true",
                            help="save these --ignore/--map choices for the user's office, once imported")

    def handle(self, *args, file: str, plan: int | None, user: str | None, submit: bool, correction: bool,
               max_mb: int | None = None, dry_run: bool = False, ignore: list[str] | None = None,
               map: list[str] | None = None, remember: bool = False,
               **options) -> None:  # noqa: A002 - the option is --map
        choices = {header: "ignore" for header in ignore or []}
        for item in map or []:
            header, sep, field = item.partition("=")
            if not sep or not header or field not in REQUIRED + OPTIONAL:
                raise CommandError(_("--map %(item)s：应写作 表头=字段，字段为 %(fields)s")
                                   % {"item": item, "fields": ", ".join(REQUIRED + OPTIONAL)})
            choices[header] = f"field:{field}"
        person = acting_user(user)
        try:
            require_entering_role(person, "bulk import values")  # before the file is opened
        except PermissionDenied as exc:
            raise CommandError(_("导入被拒绝：%(reason)s（未读取文件）") % {"reason": exc}) from exc
        the_plan = self._plan(plan)
        max_bytes = max_mb * 1024 * 1024 if max_mb else None
        if dry_run:
            self._dry_run(person, the_plan, file, choices=choices, submit=submit, correction=correction,
                          max_bytes=max_bytes)
            return
        total = estimate_rows(file, max_bytes=max_bytes)
        bar = tqdm(total=total or None, unit="行", file=sys.stderr, disable=total < _BAR_FROM_ROWS,
                   desc="导入", dynamic_ncols=True)
        try:
            result = import_bulk_file(user=person, plan=the_plan, source=file, submit=submit,
                                      correction=correction, progress=bar.update,
                                      max_bytes=max_bytes, choices=choices, remember_choices=remember)
        except ValuesRejected as exc:
            bar.close()
            if options.get("verbosity", 1) >= 2:
                for line in listed_problems([f.line() for f in exc.findings[:MAX_LISTED_PROBLEMS]], exc.total):
                    self.stderr.write(line)
            hint = ""
            if exc.findings and exc.findings[0].code == "unknown_column":
                hint = _("；用 --ignore %(h)s 忽略该列，或 --map %(h)s=字段 对应到字段；--dry-run 可先查看")\
                    % {"h": self._first_unknown(exc)}
            raise CommandError(_("导入被拒绝：%(reason)s") % {"reason": exc.one_line()} + hint) from exc
        except (PermissionDenied, StaleValue, DatabaseBusy, FileNotFoundError) as exc:
            bar.close()
            raise CommandError(_("导入被拒绝：%(reason)s（未写入任何数据）") % {"reason": exc}) from exc
        bar.close()
        self.stdout.write(
            f"导入完成：新增{result.created}，修改{result.updated}，未变{result.unchanged}，"
            f"提交{result.submitted}，已说明的预警{len(result.warnings)}"
        )
        if result.ignored_columns:
            self.stdout.write(_("按所给选项忽略了列 %(cols)s") % {"cols": join_words(result.ignored_columns)})
        if result.skipped_rows:
            self.stdout.write(_("跳过标题、合计、注释等行%(n)d行") % {"n": result.skipped_rows})
        if remember and choices:
            self.stdout.write(_("已为本单位记住列的处理方式：%(c)s")
                              % {"c": join_words(f"{h}={c}" for h, c in choices.items())})

    def _dry_run(self, person, plan: Plan, file: str, **options) -> None:
        """The preview's report; nothing is written whatever it finds."""
        try:
            preview = preview_bulk_file(user=person, plan=plan, source=file, name=Path(file).name, **options)
        except ValuesRejected as exc:
            raise CommandError(_("无法读取：%(reason)s") % {"reason": exc.one_line()}) from exc
        except (PermissionDenied, DatabaseBusy, FileNotFoundError) as exc:
            raise CommandError(_("无法读取：%(reason)s（未写入任何数据）") % {"reason": exc}) from exc
        self.stdout.write("\n".join(preview.report()))
        self.stdout.write("dry run: nothing written" + ("" if preview.ready else
                                                         "; the import would be refused as it stands"))

    @staticmethod
    def _first_unknown(exc: ValuesRejected) -> str:
        message = exc.findings[0].message
        start, end = message.find("“"), message.find("”")
        return message[start + 1:end] if 0 <= start < end else "表头"


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
