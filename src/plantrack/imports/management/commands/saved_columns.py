"""`plantrack saved-columns [--user NAME] [--unit CODE]`: the column choices an office saved (`--remember` on
import-projects, import-tasks, import-values), one a line: import, header, choice, who saved it, when.

`--sheet ledger --forget 备注2` forgets one (repeat `--forget` for more); `--sheet ledger --forget-all` forgets all of
that import's, so the office's next file asks about those columns again. Only who may import such a file for the
office may (the same rule as the page); the office is the user's own unless `--unit` names another.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plantrack.imports.access import access_choices_office
from plantrack.imports.selectors import saved_sheets
from plantrack.imports.services import forget_choices
from plantrack.imports.sheets import SHEETS
from plantrack.orgs.command_user import acting_user


class Command(BaseCommand):
    help = "List an office's saved column choices of the imports, or forget some."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", help="who acts (default: the planning office); their unit is the office")
        parser.add_argument("--unit", help="another office's code, for one who may import its files")
        parser.add_argument("--sheet", choices=SHEETS, help="the import whose choices to forget")
        parser.add_argument("--forget", action="append", default=[], metavar="HEADER",
                            help="forget the saved choice for this column header")
        parser.add_argument("--forget-all", action="store_true", help="forget all of --sheet's saved choices")

    def handle(self, *args, user: str | None, unit: str | None, sheet: str | None, forget: list[str],
               forget_all: bool, **options) -> None:
        who = acting_user(user)
        if (forget or forget_all) and not sheet:
            raise CommandError("--forget and --forget-all need --sheet (one of " + ", ".join(SHEETS) + ")")
        try:
            office = access_choices_office(who, unit or "")
            if office is None:
                raise CommandError(f"{who.username} belongs to no unit: name the office with --unit")
            if forget or forget_all:
                forgotten = forget_choices(user=who, office=office, sheet=sheet,
                                           headers=None if forget_all else forget)
                self.stdout.write(f"forgot {len(forgotten)} column choice{'s' if len(forgotten) != 1 else ''} of "
                                  f"{office.code} {sheet}: {'、'.join(forgotten) or '-'}")
                return
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        for saved in saved_sheets(who, office):
            for c in saved.choices:
                when = timezone.localtime(c.saved_at).strftime("%Y-%m-%d %H:%M") if c.saved_at else "-"
                self.stdout.write(f"{saved.name}\t{c.header}\t{c.words}\t{c.saved_by or '-'}\t{when}")
