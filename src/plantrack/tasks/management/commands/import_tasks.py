"""`plantrack import-tasks FILE [--plan ID] [--user NAME] [--dry-run] [--keep H] [--ignore H] [--remember]`: load a
分工方案 (csv, xlsx, xls or ods), all or nothing; `--dry-run` prints each row as it would be stored and writes nothing.
The office's saved column choices apply (and are printed); `--remember` saves this run's for its next files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plantrack.orgs.command_user import acting_user
from plantrack.tasks.access import require_assign_tasks
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.importing import import_task_file, plan_for_import, read_task_rows


class Command(BaseCommand):
    help = "Import a task assignment sheet (任务 / 牵头单位 / 配合单位 / 完成时限) as tasks of a plan; all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--plan", type=int, help="plan id (needed only when there is more than one plan)")
        parser.add_argument("--user", help="the planning-office user the import is recorded under "
                                           "(default: the first active admin)")
        parser.add_argument("--keep", action="append", default=[], metavar="HEADER",
                            help="keep an unknown column as the tasks' extra attribute")
        parser.add_argument("--ignore", action="append", default=[], metavar="HEADER", help="ignore an unknown column")
        parser.add_argument("--remember", action="store_true",
                            help="save these --keep/--ignore choices for the user's office, once imported")
        parser.add_argument("--dry-run", action="store_true", help="print what would be imported and stop")

    def handle(self, *args, file: Path, plan: int | None, user: str | None, keep: list[str], ignore: list[str],
               dry_run: bool, remember: bool = False, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        who = acting_user(user)
        choices = {h: "keep" for h in keep} | {h: "ignore" for h in ignore}
        if dry_run:
            require_assign_tasks(who)
            try:
                sheet = read_task_rows(plan=plan_for_import(plan), source=file, name=file.name, office=who.unit,
                                       choices=choices)
            except TaskRejected as exc:
                raise CommandError(f"{file.name}: would not import\n" + "\n".join(exc.errors)) from None
            for note in sheet.notes:
                self.stdout.write(note)
            for row in sheet.rows:
                named = [u.name for u in row.supporting_units] + ([row.other_units] if row.other_units else [])
                units = "、".join(named)
                self.stdout.write(f"  {row.title} | {row.lead_text or row.lead_unit.name} | {units or '—'} | "
                                  f"{row.deadline.text} | {row.heading or '—'} | {row.measures[:30] or '—'}")
            self.stdout.write(f"dry run: {len(sheet.rows)} tasks read, nothing written")
            return
        try:
            result = import_task_file(user=who, plan=plan_for_import(plan), source=file, name=file.name,
                                      choices=choices, remember_choices=remember)
        except TaskRejected as exc:
            raise CommandError(f"{file.name}: nothing imported\n" + "\n".join(exc.errors)) from None
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(f"{file.name}: {result.summary()}")
        if remember and choices:
            self.stdout.write(f"column choices saved for {who.unit.name if who.unit else '—'}: "
                              + ", ".join(f"{h}={c}" for h, c in choices.items()))

