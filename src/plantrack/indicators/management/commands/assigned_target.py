"""`plantrack assigned-target add|list`: the figure a ministry assigns an indicator for a year (国家下达的年度目标).

    plantrack assigned-target add --indicator 14 --year 2027 --value 3.2 --comparator ">=" \\
        --doc-number "发改环资〔2027〕12号" --doc-title "关于下达2027年能耗强度降低目标的通知" \\
        --doc-date 2027-03-01 [--file 通知.pdf] [--unit 150000] [--user NAME] [--plan ID]
    plantrack assigned-target list --indicator 14 [--plan ID] [--json]
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from plantrack.core.figures import figure_text
from plantrack.indicators.assigned_targets import AssignedTargetError, record_assigned_target
from plantrack.indicators.models import AssignedTarget, Indicator
from plantrack.orgs.command_user import acting_user, unit_by_code
from plantrack.orgs.models import OrgUnit
from plantrack.plans.selectors import current_version


def indicator_by_code(code: str, plan_id: int | None) -> Indicator:
    """The indicator `code` of the given plan, or of the current plan version's plan."""
    if plan_id is None:
        version = current_version()
        if version is None:
            raise CommandError("no plan imported yet: run plantrack import-plan first, or pass --plan")
        plan_id = version.plan_id
    found = Indicator.objects.select_related("plan").filter(plan_id=plan_id, code=code).first()
    if found is None:
        raise CommandError(f"no indicator {code!r} in plan {plan_id}")
    return found


class Command(BaseCommand):
    help = "Record or list the yearly figures a national ministry assigns (国家下达的年度目标)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="record (or correct) the figure of one year")
        add.add_argument("--indicator", required=True, help="indicator code")
        add.add_argument("--year", type=int, required=True)
        add.add_argument("--value", required=True)
        add.add_argument("--comparator", required=True, choices=[">=", "<=", "~"])
        add.add_argument("--doc-number", required=True, help="文号 of the document assigning it")
        add.add_argument("--doc-title", required=True)
        add.add_argument("--doc-date", required=True, help="YYYY-MM-DD")
        add.add_argument("--file", type=Path, help="a copy of the document (PDF, Word, Excel or image)")
        add.add_argument("--unit", help="org unit code it is assigned to (default: the region)")
        add.add_argument("--user", help="the planning-office account recording it")
        add.add_argument("--plan", type=int)
        show = sub.add_parser("list", help="the figures recorded for an indicator")
        show.add_argument("--indicator", required=True)
        show.add_argument("--plan", type=int)
        show.add_argument("--json", action="store_true")

    def handle(self, *args, **o) -> None:
        indicator = indicator_by_code(o["indicator"], o.get("plan"))
        if o["action"] == "list":
            self._list(indicator, as_json=o["json"])
            return
        try:
            doc_date = date.fromisoformat(o["doc_date"])
        except ValueError:
            raise CommandError(f"--doc-date {o['doc_date']!r}: write it as YYYY-MM-DD") from None
        unit = unit_by_code(o.get("unit")) or OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).order_by("path").first()
        if unit is None:
            raise CommandError("no region in the org tree: load units first or pass --unit")
        path: Path | None = o.get("file")
        if path is not None and not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            if path is not None:
                with path.open("rb") as stream:
                    target = self._record(o, indicator, unit, doc_date, (path.name, stream))
            else:
                target = self._record(o, indicator, unit, doc_date, None)
        except (AssignedTargetError, PermissionDenied) as exc:
            raise CommandError(f"未记录：{exc or '没有权限（只有规划处可以录入国家下达目标）'}") from None
        self.stdout.write(f"已记录 {indicator.code} {indicator.name} {unit.name} {target.year}年国家下达目标 "
                          f"{target.comparator_sign}{figure_text(target.value)}{indicator.unit}{target.about_word}"
                          f"（{target.document_number}），并已重新评估")

    def _record(self, o: dict, indicator: Indicator, unit: OrgUnit, doc_date: date, file) -> AssignedTarget:
        return record_assigned_target(
            user=acting_user(o.get("user")), indicator=indicator, unit=unit, year=o["year"], value=o["value"],
            comparator=o["comparator"], document_number=o["doc_number"], document_title=o["doc_title"],
            document_date=doc_date, file=file,
        )

    def _list(self, indicator: Indicator, *, as_json: bool) -> None:
        rows = AssignedTarget.objects.filter(indicator=indicator).select_related("unit").order_by("year", "unit__path")
        data = [
            {"unit": t.unit.code, "year": t.year, "value": figure_text(t.value), "comparator": t.comparator,
             "document_number": t.document_number, "document_title": t.document_title,
             "document_date": t.document_date.isoformat(), "file_name": t.file_name}
            for t in rows
        ]
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for t, d in zip(rows, data, strict=True):
            self.stdout.write(f"{d['year']}\t{t.unit.name}\t{t.comparator_sign}{d['value']}{indicator.unit}"
                              f"{t.about_word}\t{d['document_number']}\t{d['document_title']}\t{d['document_date']}")
