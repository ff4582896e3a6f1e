"""`plantrack project-review --month 2027-04 [--unit CODE] --out FILE.docx`: the monthly project review (月研判):
开复工率, investment against the annual plan by place and category, lagging projects, procedures open too long."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plantrack.orgs.command_user import acting_user, unit_by_code
from plantrack.projects.monthly_review import build_monthly_review, review_docx


class Command(BaseCommand):
    help = "Write the monthly review of major projects (月研判) as docx."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", required=True, help="e.g. 2027-04")
        parser.add_argument("--unit", help="only this unit's (code) projects and those of the units below it")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--user", help="read as this user (default: the planning office)")
        parser.add_argument("--lag-ratio", type=float, default=0.8,
                            help="lagging: the year's rate below this share of the time gone (default 0.8)")
        parser.add_argument("--long-open-days", type=int, default=90, help="a procedure open this long is listed")

    def handle(self, *args, month: str, unit: str | None, out: Path, user: str | None, lag_ratio: float,
               long_open_days: int, **options) -> None:
        try:
            review = build_monthly_review(user=acting_user(user), month=month, unit=unit_by_code(unit),
                                          lag_ratio=lag_ratio, long_open_days=long_open_days)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        out.write_bytes(review_docx(review))
        self.stdout.write(f"{out}: {review.total.projects} projects, {len(review.lagging)} lagging, "
                          f"{len(review.long_open)} procedures open too long")
