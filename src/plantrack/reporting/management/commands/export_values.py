"""`plantrack export-values --format csv|xlsx --user USERNAME [--period P] [--unit CODE] [--out FILE]`."""

from __future__ import annotations

import sys

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plantrack.orgs.models import OrgUnit, User
from plantrack.reporting.export import FORMATS, export_values


class Command(BaseCommand):
    help = "Export the values USERNAME may read, as CSV or xlsx (cells that could run as formulas are neutralised)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, required=True, dest="fmt")
        parser.add_argument("--user", required=True, help="export what this user may read, nothing more")
        parser.add_argument("--period", help="only this period, e.g. 2026M10, 2026Q3, 2026")
        parser.add_argument("--unit", help="only this org unit's code and the units below it")
        parser.add_argument("--out", help="file to write; CSV goes to standard output without it")

    def handle(self, *args, fmt: str, user: str, period: str | None, unit: str | None, out: str | None,
               **options) -> None:
        person = User.objects.select_related("unit").filter(username=user).first()
        if person is None or not person.is_active:
            raise CommandError(f"no active user named {user!r}")
        org = None
        if unit:
            org = OrgUnit.objects.filter(code=unit).first()
            if org is None:
                raise CommandError(f"no org unit with code {unit!r}")
        try:
            if out:
                mode, kwargs = ("w", {"encoding": "utf-8-sig", "newline": ""}) if fmt == "csv" else ("wb", {})
                with open(out, mode, **kwargs) as stream:
                    count = export_values(user=person, fmt=fmt, out=stream, period=period, unit=org)
                self.stderr.write(f"{count} values written to {out}")
            elif fmt == "csv":
                count = export_values(user=person, fmt=fmt, out=self.stdout, period=period, unit=org)
            else:
                if sys.stdout.isatty():
                    raise CommandError("xlsx is binary: give --out FILE")
                export_values(user=person, fmt=fmt, out=sys.stdout.buffer, period=period, unit=org)
        except PermissionDenied as exc:
            raise CommandError(f"refused: {exc}") from exc
