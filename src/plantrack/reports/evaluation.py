"""The parts of an evaluation beyond the indicator table, frozen like the rest of the snapshot: progress by 篇 of the
plan (its indicators, quantitative commitments, tasks and projects), the problems the data shows, the recommendations
the required rates lead to, and the annexes (附表).

Everything here reads stored rows (assessments, tasks, supervision items, projects, blockers) as they stand when the
report is generated; nothing is recomputed. Tasks and projects are counted as of the report's as-of date where their
rows carry dates (deadline, completion, start), and as the ledger stands otherwise.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from plantrack.assessment.models import Assessment
from plantrack.core.figures import figure_text, percent_text
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import Plan, PlanCommitment, PlanNode
from plantrack.plans.selectors import current_version
from plantrack.projects.models import Blocker, Project
from plantrack.tasks.models import SupervisionItem, Task

GOOD = {"已完成", "超前", "符合预期"}
LAGGING = {"滞后", "严重滞后"}
# A commitment's standing, from the status of the indicator that tracks it.
COMMITMENT_STANDING = {"已完成": "reached", "超前": "on_track", "符合预期": "on_track", "滞后": "lagging",
                       "严重滞后": "lagging"}
STANDING_LABELS = {"reached": "已实现", "on_track": "进度正常", "lagging": "滞后", "not_monitored": "未纳入监测"}
# The clause of a stored explanation that states the rate the remaining years need (跨年度平衡).
REQUIRED_CLAUSE = re.compile(r"今后\d+年需年均[^；。，]*")
# Seen as long-open: a procedure or blocker past its own due date, or a task's 督办 item past its answer date.


def chapter_parts(plan: Plan) -> list[dict[str, Any]]:
    """The plan's 篇 with the numbers of their chapters, in order; a plan without 篇 gets one part per chapter."""
    version = current_version(plan)
    if version is None:
        return []
    nodes = list(version.nodes.filter(kind__in=[PlanNode.Kind.PART, PlanNode.Kind.CHAPTER]).order_by("order"))
    parts = [
        {"number": n.number, "label": n.label, "title": n.title, "node_id": n.id, "chapters": []}
        for n in nodes if n.kind == PlanNode.Kind.PART
    ]
    by_node = {p["node_id"]: p for p in parts}
    for node in nodes:
        if node.kind != PlanNode.Kind.CHAPTER or node.number is None:
            continue
        part = by_node.get(node.parent_id)
        if part is None:
            if parts:
                continue  # a chapter outside every 篇 (none in a well-formed plan) is left out of the parts
            parts.append({"number": node.number, "label": f"第{node.number}章", "title": node.title,
                          "node_id": node.id, "chapters": [node.number]})
        else:
            part["chapters"].append(node.number)
    return parts


def task_figures(tasks: list[Task], as_of_end: date) -> dict[str, Any]:
    done = [
        t for t in tasks
        if t.status == Task.Status.DONE and (t.completed_on is None or t.completed_on <= as_of_end)
    ]
    overdue = [
        t for t in tasks
        if t not in done and not t.is_ongoing and t.deadline is not None and t.deadline <= as_of_end
    ]
    return {
        "total": len(tasks),
        "done": len(done),
        "share_done": round(len(done) / len(tasks), 3) if tasks else None,
        "overdue": len(overdue),
        "overdue_items": [{"title": t.title, "lead": t.lead_unit.name, "deadline": t.deadline.isoformat()}
                          for t in overdue],
    }


def project_figures(projects: list[Project], as_of_end: date) -> dict[str, Any]:
    due = [p for p in projects if p.planned_start is not None and p.planned_start <= as_of_end]
    started = [p for p in due if p.status in (Project.Status.BUILDING, Project.Status.COMPLETED)
               or (p.actual_start is not None and p.actual_start <= as_of_end)]
    total = sum((p.total_investment_wan for p in projects), Decimal(0))
    planned = sum((p.annual_plan_wan or Decimal(0) for p in projects), Decimal(0))
    completed = sum((p.completed_wan for p in projects), Decimal(0))
    return {
        "count": len(projects),
        "total_wan": figure_text(total),
        "annual_plan_wan": figure_text(planned),
        "completed_wan": figure_text(completed),
        "completed_share": round(float(completed / total), 3) if total else None,
        "due_to_start": len(due),
        "started": len(started),
        "start_rate": round(len(started) / len(due), 3) if due else None,
        "open_procedures": sum(1 for p in projects if p.has_open_procedures),
    }


def evaluation_parts(
    *, plan: Plan, rows: list[dict[str, Any]], as_of_end: date
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Each 篇's progress, and the whole plan's tasks and projects (for the overview and the problems)."""
    parts = chapter_parts(plan)
    chapter_to_part = {c: p["number"] for p in parts for c in p["chapters"]}
    rows_by_id = {row["indicator_id"]: row for row in rows}
    tasks = list(Task.objects.filter(plan=plan).select_related("lead_unit", "node").prefetch_related("indicators"))
    projects = list(Project.objects.select_related("node", "region").prefetch_related("indicators"))
    version = current_version(plan)
    commitments = list(PlanCommitment.objects.filter(version=version).order_by("order")) if version else []
    tracked = {
        i.source_commitment_id: rows_by_id.get(i.id, {}).get("status", "无法评估")
        for i in Indicator.objects.filter(plan=plan, source_commitment__isnull=False)
    }

    def chapter_of(obj: Any) -> int | None:
        if getattr(obj, "chapter_number", None):
            return obj.chapter_number
        node = getattr(obj, "node", None)
        return node.chapter_number if node is not None else None

    part_tasks: dict[int, list[Task]] = defaultdict(list)
    part_projects: dict[int, list[Project]] = defaultdict(list)
    part_indicators: dict[int, set[int]] = defaultdict(set)
    for task in tasks:
        number = chapter_to_part.get(chapter_of(task))
        if number is not None:
            part_tasks[number].append(task)
            part_indicators[number].update(i.id for i in task.indicators.all())
    plan_projects = [p for p in projects if p.node is None or p.node.version_id == getattr(version, "id", None)]
    for project in plan_projects:
        number = chapter_to_part.get(chapter_of(project))
        if number is not None:
            part_projects[number].append(project)
            part_indicators[number].update(i.id for i in project.indicators.all())
    part_commitments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in commitments:
        number = chapter_to_part.get(c.chapter_number)
        status = tracked.get(c.id)
        standing = COMMITMENT_STANDING.get(status or "", "not_monitored")
        if number is not None:
            part_commitments[number].append({"standing": standing})
        if c.id in tracked:
            for row in rows:
                if row.get("source_commitment_id") == c.id and number is not None:
                    part_indicators[number].add(row["indicator_id"])

    result = []
    for part in parts:
        number = part["number"]
        standings = [c["standing"] for c in part_commitments[number]]
        codes = [row["code"] for row in rows if row["indicator_id"] in part_indicators[number]]
        result.append({
            "number": number, "label": part["label"], "title": part["title"], "chapters": part["chapters"],
            "indicators": [
                {"code": row["code"], "name": row["name"], "status": row["status"]}
                for row in rows if row["code"] in codes
            ],
            "commitments": {"total": len(standings), **{k: standings.count(k) for k in STANDING_LABELS}},
            "tasks": task_figures(part_tasks[number], as_of_end),
            "projects": project_figures(part_projects[number], as_of_end),
        })
    by_lead: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        by_lead[task.lead_unit_id].append(task)
    overall = {
        "tasks": task_figures(tasks, as_of_end),
        # The 厅局 and 盟市 that lead the 分工方案's tasks, each with its own figures.
        "lead_units": [
            {"code": led[0].lead_unit.code, "name": led[0].lead_unit.name,
             "kind": led[0].lead_unit.get_kind_display(), **task_figures(led, as_of_end)}
            for led in sorted(by_lead.values(), key=lambda led: led[0].lead_unit.code)
        ],
        "projects": project_figures(plan_projects, as_of_end),
        "commitments": {
            "total": len(commitments),
            **{k: sum(1 for c in commitments
                      if COMMITMENT_STANDING.get(tracked.get(c.id) or "", "not_monitored") == k)
               for k in STANDING_LABELS},
        },
        "commitment_rows": [
            {"chapter": c.chapter_number, "subject": c.subject, "quote": c.quote,
             "deadline": c.deadline, "status": tracked.get(c.id) or "",
             "standing": STANDING_LABELS[COMMITMENT_STANDING.get(tracked.get(c.id) or "", "not_monitored")]}
            for c in commitments
        ],
        "project_rows": [
            {"name": p.name, "region": p.region.name, "category": p.category, "status": p.get_status_display(),
             "total_wan": figure_text(p.total_investment_wan),
             "annual_plan_wan": figure_text(p.annual_plan_wan, missing="—"),
             "completed_wan": figure_text(p.completed_wan),
             "open_procedures": "、".join(p.open_procedures) or "—",
             "chapter": chapter_of(p)}
            for p in sorted(plan_projects, key=lambda p: (p.region.path, p.name))
        ],
        "open_supervision": [
            {"task": s.task.title, "reason": s.get_reason_display(), "owner": s.owner_unit.name,
             "due": s.due_date.isoformat()}
            for s in SupervisionItem.objects.filter(task__plan=plan, closed_at__isnull=True)
            .select_related("task", "owner_unit").order_by("due_date", "pk")
        ],
        "open_blockers": [
            {"project": b.project.name, "description": b.description, "owner": b.owner, "due": b.due_date.isoformat(),
             "overdue": b.due_date < as_of_end}
            for b in Blocker.objects.filter(resolved_on__isnull=True, project__in=plan_projects)
            .select_related("project").order_by("due_date", "pk")
        ],
    }
    return result, overall


def prefecture_table(*, indicators: list[Indicator], year: int) -> dict[str, Any]:
    """盟市 × indicators at the end of `year`: each cell the stored status and latest figure, and a ranking.

    The ranking orders the 盟市 by the share of their judged indicators that are 已完成, 超前 or 符合预期, then by
    fewer 严重滞后, then by code; 无法评估 cells are not counted either way.
    """
    prefectures = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE).order_by("code"))
    cells: dict[tuple[int, int], Assessment] = {}
    for a in Assessment.objects.filter(
        indicator__in=indicators, unit__in=prefectures, period_kind="Y", year__lte=year
    ).order_by("year"):
        cells[(a.unit_id, a.indicator_id)] = a  # the newest year on or before `year` wins
    judged_codes = [i for i in indicators if any((p.id, i.id) in cells for p in prefectures)]
    rows = []
    for unit in prefectures:
        row_cells = []
        good = judged = serious = 0
        for indicator in judged_codes:
            a = cells.get((unit.id, indicator.id))
            status = a.status if a is not None else ""
            if status and status != "无法评估":
                judged += 1
                good += status in GOOD
                serious += status == "严重滞后"
            row_cells.append({
                "status": status,
                "latest": figure_text(a.latest_value) if a is not None and a.latest_value is not None else "",
                "latest_year": a.latest_year if a is not None else None,
            })
        rows.append({"code": unit.code, "name": unit.name, "cells": row_cells, "judged": judged, "good": good,
                     "serious": serious, "share_good": round(good / judged, 3) if judged else None})
    ordered = sorted(rows, key=lambda r: (r["share_good"] is None, -(r["share_good"] or 0), r["serious"], r["code"]))
    for rank, row in enumerate(ordered, start=1):
        row["rank"] = rank if row["share_good"] is not None else None
    return {
        "indicators": [{"code": i.code, "name": i.name} for i in judged_codes],
        "rows": ordered,
    }


def required_clause(explanation: str) -> str:
    """The stored explanation's "今后N年需年均…" clause, or "" when it has none."""
    match = REQUIRED_CLAUSE.search(explanation or "")
    return match.group(0) if match else ""


def problems(
    *, rows: list[dict[str, Any]], overall: dict[str, Any], prefectures: dict[str, Any]
) -> list[dict[str, str]]:
    """四、存在问题: what the data shows is going wrong, each item with the evidence it comes from."""
    items = []
    for row in rows:
        if row["status"] not in LAGGING:
            continue
        text = f"{row['name']}{row['status']}"
        if row["gap_points"] is not None:
            text += f"，完成进度{percent_text(row['completion'])}，落后时序进度{row['gap_points']:g}个百分点"
        elif row["latest_value"]:
            text += f"，{row['latest_year']}年为{row['latest_value']}{row['unit']}，目标{row['target']}"
        if row["attribute"] == "约束性":
            text = "约束性指标" + text
        items.append({"kind": "indicator", "text": text + "。", "evidence": f"附表1 指标{row['code']}"})
    behind = [r for r in prefectures["rows"] if r["judged"] and r["share_good"] is not None and r["share_good"] < 0.5]
    for r in behind:
        items.append({
            "kind": "prefecture",
            "text": f"{r['name']}纳入评估的{r['judged']}项指标中进展正常的仅{r['good']}项"
                    + (f"，严重滞后{r['serious']}项" if r["serious"] else "") + "。",
            "evidence": f"附表2 {r['name']}（排名第{r['rank']}）",
        })
    tasks = overall["tasks"]
    if tasks["overdue"]:
        names = "；".join(f"{t['title']}（{t['lead']}牵头，时限{t['deadline']}）" for t in tasks["overdue_items"][:5])
        items.append({"kind": "tasks", "text": f"{tasks['overdue']}项重点任务逾期未完成：{names}。",
                      "evidence": "分工方案任务台账"})
    supervision = overall["open_supervision"]
    if supervision:
        items.append({"kind": "supervision",
                      "text": f"{len(supervision)}项督办事项尚未办结，最早的办结时限为{supervision[0]['due']}"
                              f"（{supervision[0]['task']}，{supervision[0]['owner']}）。",
                      "evidence": "督办台账"})
    projects = overall["projects"]
    if projects["open_procedures"]:
        items.append({"kind": "procedures",
                      "text": f"{projects['open_procedures']}个重大项目前期手续尚未办结。",
                      "evidence": "附表4 重大项目（未办结手续列）"})
    blockers = [b for b in overall["open_blockers"] if b["overdue"]]
    if blockers:
        names = "；".join(f"{b['project']}：{b['description']}（{b['owner']}）" for b in blockers[:5])
        items.append({"kind": "blockers", "text": f"{len(blockers)}个项目堵点超过解决时限仍未解决：{names}。",
                      "evidence": "周调度堵点台账"})
    return items


def recommendations(*, rows: list[dict[str, Any]], plan: Plan) -> list[dict[str, str]]:
    """五、下一步建议: for each indicator behind, the rate the remaining years need and who carries it."""
    tasks_by_indicator: dict[int, list[Task]] = defaultdict(list)
    for task in Task.objects.filter(plan=plan, status=Task.Status.OPEN).select_related("lead_unit").prefetch_related(
        "indicators"
    ):
        for indicator in task.indicators.all():
            tasks_by_indicator[indicator.id].append(task)
    items = []
    for row in rows:
        if row["status"] not in LAGGING:
            continue
        clause = required_clause(row["explanation"])
        text = f"{row['name']}：" + (f"按跨年度平衡，{clause}" if clause else "加快补齐差距")
        carriers = [u["name"] for u in row["units_behind"]]
        if carriers:
            text += f"；重点督促{'、'.join(carriers)}"
        tasks = tasks_by_indicator.get(row["indicator_id"], [])
        if tasks:
            text += "；依托" + "、".join(f"“{t.title}”（{t.lead_unit.name}牵头）" for t in tasks[:3])
        items.append({"code": row["code"], "text": text + "。"})
    return items
