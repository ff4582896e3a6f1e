"""`plantrack import-plan FILE [--region R] [--level L]`: parse a plan outline and store it as a new version.

Prints what was stored, or one line on stderr saying what is wrong and exits non-zero; a failed import writes
nothing.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from plantrack.core.planparse.errors import PlanParseError
from plantrack.errors import message_of
from plantrack.plans.models import Plan
from plantrack.plans.services import import_plan


class Command(BaseCommand):
    help = "Import a plan outline (.txt, .docx or .pdf) into the plans store; the same text twice is not duplicated."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the plan document: .txt (UTF-8 or GB18030), .docx or .pdf")
        parser.add_argument("--region", default="", help="the region the plan is for, e.g. 内蒙古自治区")
        parser.add_argument("--level", default=Plan.Level.REGION, choices=Plan.Level.values,
                            help="plan level: region (自治区), prefecture (盟市), county (旗县), special (专项)")

    def handle(self, *args, **options) -> None:
        try:
            result = import_plan(path=options["file"], region=options["region"], level=options["level"])
        except PlanParseError as exc:
            message = _one_line(message_of(exc))
            if options["file"] not in message:
                message = f"{options['file']}: {message}"
            raise CommandError(message) from exc
        self.stdout.write(result.summary())


def _one_line(message: str) -> str:
    return " ".join(message.split())
