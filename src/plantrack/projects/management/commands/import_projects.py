"""`plantrack import-projects FILE [--user NAME]`: load a project ledger (重大项目台账, xlsx or csv), all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plantrack.orgs.command_user import acting_user
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import import_ledger


class Command(BaseCommand):
    help = "Import a major-project ledger (项目名称 / 所属地区 / 总投资 / procedures …); all or nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="the user the import is recorded under (default: the planning office)")

    def handle(self, *args, file: Path, user: str | None, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_ledger(user=acting_user(user), source=file, name=file.name)
        except ProjectRejected as exc:
            raise CommandError(f"{file.name}: nothing imported\n" + "\n".join(exc.errors)) from None
        self.stdout.write(f"{file.name}: {result.summary()}")
