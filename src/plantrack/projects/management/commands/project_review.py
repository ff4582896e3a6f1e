"""`plantrack project-review --month 2027-04 [--unit CODE] [--by county|prefecture|category]
[--format text|docx|xlsx] [--out FILE]`: the monthly project review (月研判): 开复工率, investment against the annual
plan by 旗县, 盟市 or category, lagging projects, procedures open too long; the same content as the page."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plantrack.orgs.command_user import acting_user, unit_by_code
from plantrack.projects.monthly_review import (
    BREAKDOWNS,
    DEFAULT_LAG_RATIO,
    DEFAULT_LONG_OPEN_DAYS,
    FORMATS,
    build_monthly_review,
    render_monthly_review,
)


class Command(BaseCommand):
    help = "Print or write the monthly review of major projects (月研判) as text, docx or xlsx."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", required=True, help="an ended month, e.g. 2027-04")
        parser.add_argument("--unit", help="only this unit's (code) projects and those of the units below it")
        parser.add_argument("--by", choices=BREAKDOWNS,
                            help="breakdown of the figures (default: prefecture for the region, county below it)")
        parser.add_argument("--format", choices=FORMATS,
                            help="text, docx or xlsx (default: from the --out suffix, else text)")
        parser.add_argument("--out", type=Path, help="write to this file (default: print the text)")
        parser.add_argument("--user", help="read as this user (default: the planning office)")
        parser.add_argument("--lag-ratio", default=str(DEFAULT_LAG_RATIO),
                            help="lagging: the year's rate below this share of the time gone (default 0.8)")
        parser.add_argument("--long-open-days", type=int, default=DEFAULT_LONG_OPEN_DAYS,
                            help="a procedure open this many days or more is listed (default 90)")

    def handle(self, *args, month: str, unit: str | None, by: str | None, format: str | None,  # noqa: A002
               out: Path | None, user: str | None, lag_ratio: str, long_open_days: int, **options) -> None:
        fmt = format or (out.suffix.lstrip(".").lower() if out is not None else "text")
        if fmt not in FORMATS:
            raise CommandError(f"cannot tell the format from {out}: pass --format text, docx or xlsx")
        if fmt != "text" and out is None:
            raise CommandError(f"--format {fmt} writes a file: pass --out FILE")
        try:
            review = build_monthly_review(user=acting_user(user), month=month, unit=unit_by_code(unit), by=by,
                                          lag_ratio=lag_ratio, long_open_days=long_open_days)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        data = render_monthly_review(review, fmt)
        if out is None:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        out.write_bytes(data)
        self.stdout.write(f"{out}: {review.total.projects} projects, {len(review.lagging)} lagging, "
                          f"{len(review.long_open)} procedures open too long")

