"""`plantrack judgement write|submit|approve|return|history`: 人工研判 from the command line, through the same
services as the indicator's judgement page.

    plantrack judgement write --indicator 17 --unit 150000 --year 2028 --status 符合预期 \\
        --reasoning "据生态环境厅年度通报……" --evidence 通报.pdf --user office_a
    plantrack judgement submit 12 --user office_a
    plantrack judgement approve 12 --user reviewer_b [--note 同意]
    plantrack judgement return 12 --user reviewer_b --note "请补充原文"
    plantrack judgement history --indicator 17 [--unit 150000] [--json]
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from plantrack.assessment.judgements import (
    JudgementError,
    access_judgement_by_id,
    approve_judgement,
    judgement_history,
    return_judgement,
    submit_judgement,
    write_judgement,
)
from plantrack.indicators.management.commands.assigned_target import indicator_by_code
from plantrack.orgs.command_user import acting_user, unit_by_code


class Command(BaseCommand):
    help = "Write, submit, approve, return or list manual judgements (人工研判) of targets without a number."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        write = sub.add_parser("write", help="write a judgement (a new version, or rewrite your draft)")
        write.add_argument("--indicator", required=True, help="indicator code")
        write.add_argument("--unit", required=True, help="org unit code")
        write.add_argument("--year", type=int, required=True)
        write.add_argument("--status", required=True, help="已完成 | 超前 | 符合预期 | 滞后 | 严重滞后")
        write.add_argument("--reasoning", required=True)
        write.add_argument("--evidence", type=Path, help="evidence file (PDF, Word, Excel or image)")
        write.add_argument("--user")
        write.add_argument("--plan", type=int)
        for name in ("submit", "approve", "return"):
            p = sub.add_parser(name)
            p.add_argument("id", help="the judgement version's id (shown by write and history)")
            p.add_argument("--user")
            p.add_argument("--note", default="")
        history = sub.add_parser("history", help="every version, newest first")
        history.add_argument("--indicator", required=True)
        history.add_argument("--unit")
        history.add_argument("--user")
        history.add_argument("--plan", type=int)
        history.add_argument("--json", action="store_true")

    def handle(self, *args, **o) -> None:
        user = acting_user(o.get("user"))
        try:
            self._run(user, o)
        except JudgementError as exc:
            raise CommandError(f"未完成：{exc}") from None
        except PermissionDenied:
            raise CommandError(f"未完成：{user.username} 没有权限对该单位执行此操作") from None
        except Http404:
            raise CommandError(f"no judgement {o.get('id')!r}") from None

    def _run(self, user, o: dict) -> None:
        action = o["action"]
        if action == "write":
            indicator = indicator_by_code(o["indicator"], o.get("plan"))
            unit = unit_by_code(o["unit"])
            path: Path | None = o.get("evidence")
            if path is not None and not path.is_file():
                raise CommandError(f"{path}: no such file")
            args = {"user": user, "indicator": indicator, "unit": unit, "year": o["year"], "status": o["status"],
                    "reasoning": o["reasoning"]}
            if path is not None:
                with path.open("rb") as stream:
                    j = write_judgement(**args, evidence=(path.name, stream))
            else:
                j = write_judgement(**args)
            self.stdout.write(f"已保存研判 id={j.pk}（{unit.name} {j.year}年 第{j.version}版，草稿）")
            return
        if action == "history":
            indicator = indicator_by_code(o["indicator"], o.get("plan"))
            rows = judgement_history(user=user, indicator=indicator, unit=unit_by_code(o.get("unit")))
            data = [
                {"id": j.pk, "unit": j.unit.code, "year": j.year, "version": j.version, "status": j.status,
                 "state": j.state, "reasoning": j.reasoning, "evidence": j.evidence_name,
                 "author": j.author.username, "reviewer": j.reviewed_by.username if j.reviewed_by else None,
                 "review_note": j.review_note}
                for j in rows
            ]
            if o["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False))
            else:
                for d, j in zip(data, rows, strict=True):
                    self.stdout.write(f"{d['id']}\t{j.unit.name}\t{d['year']}\t第{d['version']}版\t{d['status']}\t"
                                      f"{j.get_state_display()}\t{d['author']}→{d['reviewer'] or '-'}\t"
                                      f"{d['reasoning'][:40]}")
            return
        j = access_judgement_by_id(user, o["id"])
        if action == "submit":
            j = submit_judgement(user=user, judgement=j)
        elif action == "approve":
            j = approve_judgement(user=user, judgement=j, note=o["note"])
        else:
            j = return_judgement(user=user, judgement=j, note=o["note"])
        self.stdout.write(f"研判 id={j.pk}（{j.unit.name} {j.year}年 第{j.version}版）：{j.get_state_display()}")
