"""`plantrack import-projects FILE`: load a project ledger (重大项目台账: xlsx, xls, ods or csv), all or nothing.

Prints what it read first (each column and what it becomes, heading, total and note rows, the first rows as they
will be stored), the same report as the import page. `--dry-run` stops there. An unknown column must be settled:
`--keep 调度层级` (an extra attribute of each project), `--ignore 招商引资`, or `--map 联系人=leader`.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plantrack.orgs.command_user import acting_user
from plantrack.orgs.models import OrgUnit
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import FIELD_LABELS, import_ledger, preview_ledger


class Command(BaseCommand):
    help = "Import a major-project ledger (项目名称 / 所属地区 / 总投资 / procedures …); all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="the user the import is recorded under (default: the planning office)")
        parser.add_argument("--dry-run", action="store_true", help="print what would be imported and stop")
        parser.add_argument("--unit", help="the unit (code or name) the whole ledger belongs to, e.g. 150621")
        parser.add_argument("--year", type=int, help="the plan year of the annual-plan column")
        parser.add_argument("--week", help="the dispatch week of a weekly ledger, e.g. 2027-W14")
        parser.add_argument("--keep", action="append", default=[], metavar="HEADER",
                            help="keep an unknown column as the projects' extra attribute")
        parser.add_argument("--ignore", action="append", default=[], metavar="HEADER",
                            help="ignore an unknown column")
        parser.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                            help=f"read a column as a field ({', '.join(k for k in FIELD_LABELS if k != 'seq')})")
        parser.add_argument("--remember", action="store_true", help="save these choices for the user's office")

    def handle(self, *args, file: Path, user: str | None, dry_run: bool, unit: str | None, year: int | None,
               week: str | None, keep: list[str], ignore: list[str], map: list[str], remember: bool,
               **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        choices = {h: "keep" for h in keep} | {h: "ignore" for h in ignore}
        for item in map:
            header, sep, field = item.partition("=")
            if not sep:
                raise CommandError(f"--map {item}: write HEADER=FIELD")
            choices[header] = f"field:{field}"
        whole = None
        if unit:
            whole = OrgUnit.objects.filter(code=unit).first() or OrgUnit.objects.filter(name=unit).first()
            if whole is None:
                raise CommandError(f"--unit {unit}: no such unit")
        who = acting_user(user)
        settings = {"unit": whole, "year": year, "week": week, "choices": choices}
        try:
            preview = preview_ledger(user=who, source=file, name=file.name, **settings)
        except ProjectRejected as exc:
            raise CommandError(f"{file.name}: nothing imported\n" + "\n".join(exc.errors)) from None
        self.stdout.write("\n".join(preview.report()))
        if dry_run:
            problems = preview.errors + [f"{c.letter} {c.header}: unknown column (--keep, --ignore or --map)"
                                         for c in preview.unknown]
            self.stdout.write("\n".join(problems) if problems else "dry run: nothing written")
            return
        try:
            result = import_ledger(user=who, source=file, name=file.name, remember_choices=remember, **settings)
        except ProjectRejected as exc:
            raise CommandError(f"{file.name}: nothing imported\n" + "\n".join(exc.errors)) from None
        self.stdout.write(f"{file.name}: {result.summary()}")
        for note in result.notes:
            self.stdout.write(f"  {note}")
