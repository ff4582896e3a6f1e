"""`plantrack import-units FILE`: load or update the org tree from a CSV/xlsx (code, name, kind, parent_code)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plantrack.orgs.services import UnitImportError, import_units


class Command(BaseCommand):
    help = "Load org units from a CSV or xlsx file with columns code, name, kind, parent_code (all or nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_units(path=file)
        except UnitImportError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError(f"{file.name}: {len(exc.errors)} error(s), nothing imported") from None
        self.stdout.write(
            f"{file.name}: {len(result.created)} created, {len(result.updated)} renamed, "
            f"{len(result.unchanged)} unchanged"
        )
