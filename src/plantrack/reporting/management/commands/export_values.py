"""`plantrack export-values --format csv|xlsx --user USERNAME [--period P | --year Y] [--unit CODE] [--out FILE]`.

With --out the export is written to a temporary file beside FILE and moved into place only when complete, so a
failed export never leaves an empty or half-written file (nor replaces a good one).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plantrack.core.periods import parse_period
from plantrack.errors import message_of
from plantrack.orgs.models import OrgUnit, User
from plantrack.reporting.export import FORMATS, export_values


class Command(BaseCommand):
    help = "Export the values USERNAME may read, as CSV or xlsx (cells that could run as formulas are neutralised)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, required=True, dest="fmt")
        parser.add_argument("--user", required=True, help="export what this user may read, nothing more")
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--period", help="only this period, e.g. 2026M10, 2026Q3, 2026")
        when.add_argument("--year", type=int, help="every period of this year (months, quarters and the year)")
        parser.add_argument("--unit", help="only this org unit's code and the units below it")
        parser.add_argument("--out", help="file to write; CSV goes to standard output without it")

    def handle(self, *args, fmt: str, user: str, period: str | None, year: int | None, unit: str | None,
               out: str | None, **options) -> None:
        person = User.objects.select_related("unit").filter(username=user).first()
        if person is None or not person.is_active:
            raise CommandError(f"no active user named {user!r}")
        org = None
        if unit:
            org = OrgUnit.objects.filter(code=unit).first()
            if org is None:
                raise CommandError(f"no org unit with code {unit!r}")
        if period:
            try:
                period = parse_period(period).code
            except ValueError as exc:
                raise CommandError(message_of(exc)) from exc
        if year is not None and not 1900 <= year <= 2999:
            raise CommandError(f"year {year} is out of range")
        selection = {"user": person, "fmt": fmt, "period": period, "year": year, "unit": org}
        try:
            if out:
                count = _export_to_file(Path(out), selection)
                self.stderr.write(f"{count} values written to {out}")
            elif fmt == "csv":
                export_values(out=self.stdout, **selection)
            else:
                if sys.stdout.isatty():
                    raise CommandError("xlsx is binary: give --out FILE")
                export_values(out=sys.stdout.buffer, **selection)
        except PermissionDenied as exc:
            raise CommandError(f"refused: {exc}") from exc
        except OSError as exc:
            raise CommandError(f"cannot write the export: {exc}") from exc


def _export_to_file(path: Path, selection: dict) -> int:
    """Write into a temporary file in the target's folder, then rename it over the target in one step."""
    csv_format = selection["fmt"] == "csv"
    fd, part = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or Path("."))
    try:
        mode, kwargs = ("w", {"encoding": "utf-8-sig", "newline": ""}) if csv_format else ("wb", {})
        with open(fd, mode, **kwargs) as stream:
            count = export_values(out=stream, **selection)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(part, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        os.replace(part, path)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return count
