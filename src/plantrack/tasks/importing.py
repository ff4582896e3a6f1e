"""Importing a 分工方案 (task assignment sheet): 任务 / 牵头单位 / 配合单位 / 完成时限, all or nothing.

    result = import_task_file(user=admin, plan=plan, source=Path("分工方案.xlsx"), name="分工方案.xlsx")
    result.created, result.updated, result.unchanged

The header row may stand under a title row or two; its columns are found by their Chinese names in any order
(序号 and columns we do not use are skipped). Optional columns: 规划章节 ("第十二章", "第十二章第三节", "12.3") and
服务指标 (indicator codes or names). Units are given by name or code, several to a cell separated by 、 or ，;
"各盟市" means all 12 盟市. A task is known by its title in the plan, so importing the same file again changes
nothing and a later file updates the tasks it names. Any problem refuses the whole file, each error naming its row
and column. A column none of these must be kept (as the task's extra attribute) or ignored; what the office decided
before (`remember_choices`) is applied to its next files and said so in the notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from openpyxl.utils import get_column_letter

from plantrack import wording
from plantrack.core.numerals import parse_chinese_number
from plantrack.errors import message_of
from plantrack.imports import services as column_choices
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.models import Plan, PlanNode
from plantrack.plans.selectors import current_version
from plantrack.tasks.access import require_assign_tasks
from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.models import Task
from plantrack.tasks.services import TaskFields, create_task, task_fields, update_task
from plantrack.tasks.sheet import SheetRow, read_sheet
from plantrack.tasks.unit_names import UnitNames
from plantrack.wording import join_words

SHEET = "division_of_work"  # the office's saved column choices for 分工方案
CHOICE_KINDS = ("keep", "ignore")
MAX_ERRORS = 50
PROGRESS_EVERY = 50  # rows between two progress reports of a background import (each task is a few statements)
HEADER_SEARCH_ROWS = 10
# column → the header words offices use for it
COLUMNS = {
    "title": ("任务", "重点任务", "主要任务", "任务内容", "工作任务", "具体任务", "重点工作", "工作内容", "任务名称",
              "任务举措", "主要任务举措"),
    "lead": ("牵头单位", "牵头部门", "责任单位", "牵头"),
    "support": ("配合单位", "配合部门", "参与单位", "协同单位", "配合"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限要求", "时限", "完成期限"),
    "node": ("规划章节", "对应章节", "所属章节", "章节"),
    "indicators": ("服务指标", "相关指标", "对应指标"),
    "measures": ("具体举措", "工作举措", "主要举措", "具体措施", "推进措施", "工作措施", "具体工作举措"),
    "remarks": ("备注",),
    "seq": ("序号", "编号"),
}
LABELS = {"title": _lazy("任务"), "lead": _lazy("牵头单位"), "support": _lazy("配合单位"),
          "deadline": _lazy("完成时限"), "node": _lazy("规划章节"), "indicators": _lazy("服务指标"),
          "measures": _lazy("具体举措"), "remarks": _lazy("备注"), "seq": _lazy("序号")}
# A heading row of the plan's structure standing over the tasks below it: 一、…, （一）…, 第十二章 ….
_HEADING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]"
                      r"|第[一二三四五六七八九十百\d]+[篇章节])")
REQUIRED = ("title", "lead", "deadline")
_SPLIT = re.compile(r"[、，,；;／/\n\r\t ]+")
_NODE = re.compile(r"^第?([一二三四五六七八九十百零〇\d]+)章(?:第?([一二三四五六七八九十零〇\d]+)节)?$")
_NODE_DIGITS = re.compile(r"^(\d+)(?:\.(\d+))?$")


@dataclass
class TaskImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return _("新增%(c)s项，更新%(u)s项，未变%(n)s项") % {"c": self.created, "u": self.updated, "n": self.unchanged}


def _norm_header(cell: object) -> str:
    text = "" if cell is None else str(cell)
    return re.sub(r"[\s（）()]", "", text).lstrip("\ufeff")


def _find_header(rows: list[SheetRow]) -> tuple[int, dict[str, int]]:
    """The index of the header row in `rows` and the column index of each field it names."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for col, cell in enumerate(row.cells):
            text = _norm_header(cell)
            for name, words in COLUMNS.items():
                if name not in found and text in words:
                    found[name] = col
        if "title" in found and "lead" in found:
            missing = [str(LABELS[n]) for n in REQUIRED if n not in found]
            if missing:
                raise TaskRejected([_("第%(n)s行（表头）：缺少列 %(cols)s") % {"n": row.number,
                                                                         "cols": join_words(missing)}])
            return i, found
    raise TaskRejected([_("前%(n)s行中找不到表头：应有 任务、牵头单位、配合单位、完成时限 等列")
                        % {"n": HEADER_SEARCH_ROWS}])


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _node_for(text: str, nodes: dict[tuple[int, int | None], PlanNode]) -> PlanNode | None:
    m = _NODE.match(text.replace(" ", "")) or _NODE_DIGITS.match(text)
    if not m:
        raise ValueError(_("“%(t)s”应写成 第十二章、第十二章第三节 或 12.3") % {"t": text})
    chapter = int(m.group(1)) if m.group(1).isdigit() else int(parse_chinese_number(m.group(1)) or 0)
    section = None
    if m.group(2):
        section = int(m.group(2)) if m.group(2).isdigit() else int(parse_chinese_number(m.group(2)) or 0)
    node = nodes.get((chapter, section))
    if node is None:
        raise ValueError(_("规划中没有“%(t)s”") % {"t": text})
    return node


def _plan_nodes(plan: Plan) -> dict[tuple[int, int | None], PlanNode]:
    version = current_version(plan)
    if version is None:
        return {}
    nodes: dict[tuple[int, int | None], PlanNode] = {}
    for node in version.nodes.filter(kind__in=[PlanNode.Kind.CHAPTER, PlanNode.Kind.SECTION]).select_related(
            "version"):
        if node.kind == PlanNode.Kind.CHAPTER:
            nodes[(node.number, None)] = node
        else:
            nodes[(node.chapter_number, node.number)] = node
    return nodes


@dataclass
class SheetColumn:
    """A column of the 分工方案 that is none of the known ones, and what is done with it."""

    index: int
    header: str
    choice: str | None  # "keep" or "ignore"; None while undecided
    saved: bool = False  # the choice is the office's saved one (按本单位上次的选择), not given for this file
    stale: str = ""  # the office's saved choice for it that no longer applies

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def choice_label(self) -> str:
        return column_choices.choice_label(self.choice) if self.choice else _("未识别")

    @property
    def stale_label(self) -> str:
        return column_choices.choice_label(self.stale) if self.stale else ""


def _other_columns(header_cells: list[object], columns: dict[str, int], given: dict[str, str],
                   office: OrgUnit | None) -> list[SheetColumn]:
    """The columns the sheet has beyond the known ones, each settled by the choice given for this file, else by the
    office's saved one; an extra attribute written back by the export (附加：…) needs no choice."""
    usable, stale = column_choices.usable_choices(column_choices.saved_choices(office, SHEET), kinds=CHOICE_KINDS,
                                                  fields=())
    found = []
    for col, cell in enumerate(header_cells):
        header = re.sub(r"\s+", "", _cell_text(cell))
        if not header or col in columns.values() or re.match(r"^附加(属性)?[:：]", header):
            continue
        choice = given.get(header)
        from_saved = choice is None and header in usable
        if choice not in CHOICE_KINDS:
            choice = usable.get(header)
        found.append(SheetColumn(col, header, choice, saved=from_saved and choice is not None,
                                 stale=stale.get(header, "") if header not in given else ""))
    return found


def _check_size(source: Path | IO[bytes], name: str) -> None:
    size = source.stat().st_size if isinstance(source, Path) else getattr(source, "size", None)
    limit = settings.PLANTRACK_MAX_UPLOAD_BYTES
    if isinstance(size, int) and size > limit:
        raise TaskRejected([_("文件%(name)s超过上限%(limit)s MB") % {"name": name, "limit": limit // 1048576}])


def task_sheet_columns(*, source: Path | IO[bytes], name: str, office: OrgUnit | None,
                       choices: dict[str, str] | None = None) -> list[SheetColumn]:
    """The columns of a 分工方案 that are none of the known ones, with the choice that would settle each: the one
    given, else the office's saved one. TaskRejected when the file is too large or has no usable header."""
    _check_size(source, name)
    rows = read_sheet(source, name=name)
    header_at, columns = _find_header(rows)
    if hasattr(source, "seek"):
        source.seek(0)  # the import reads the upload again from its start
    return _other_columns(rows[header_at].cells, columns, choices or {}, office)


@dataclass
class TaskSheet:
    """The checked rows of a 分工方案, notes worth saying (several lead units in one cell), and whether the sheet
    has the optional columns at all: a sheet without 规划章节 or 服务指标 leaves those of existing tasks alone."""

    rows: list[TaskFields]
    notes: list[str]
    has_node: bool
    has_indicators: bool


def read_task_rows(*, plan: Plan, source: Path | IO[bytes], name: str, office: OrgUnit | None = None,
                   choices: dict[str, str] | None = None) -> TaskSheet:
    """Every task row of the file checked against the plan, the org tree and the registry; TaskRejected if any fails.

    Heading rows (一、…, 第十二章 …) set the 规划章节 of the rows below; a lead that is not a unit of the tree (a
    company) is kept as written and the task is followed by `office`; supporting bodies that are not units are kept
    as text. A column the sheet has that is none of the known ones must be kept (`choices[header] = "keep"`, as the
    task's extra attribute) or ignored ("ignore"), here or by a choice `office` saved before (said in the notes);
    otherwise the file is refused naming it.
    """
    rows = read_sheet(source, name=name)
    header_at, columns = _find_header(rows)
    choices = choices or {}
    errors: list[str] = []
    notes: list[str] = []
    kept: dict[int, str] = {}
    for col, cell in enumerate(rows[header_at].cells):
        header = re.sub(r"\s+", "", _cell_text(cell))
        if re.match(r"^附加(属性)?[:：]", header) and col not in columns.values():  # written back by the export
            kept[col] = re.sub(r"^附加(属性)?[:：]", "", header)[:50]
    unknown: list[str] = []
    for column in _other_columns(rows[header_at].cells, columns, choices, office):
        if column.stale:
            errors.append(_("%(c)s列“%(h)s”：本单位上次的选择（%(s)s）已不适用，未采用")
                          % {"c": column.letter, "h": column.header,
                             "s": column_choices.choice_label(column.stale)})
        if column.choice == "keep":
            kept[column.index] = column.header[:50]
        elif column.choice != "ignore":
            unknown.append(_("%(c)s列“%(h)s”") % {"c": column.letter, "h": column.header})
        if column.saved:
            notes.append(_("%(c)s列“%(h)s”：按本单位上次的选择，%(s)s")
                         % {"c": column.letter, "h": column.header, "s": column.choice_label})
    if unknown:
        errors.append(_("以下列未识别，请选择保留为附加属性或忽略：%(c)s") % {"c": join_words(unknown)})
    kept = dict(sorted(kept.items()))  # the extra attributes in the sheet's column order
    names = UnitNames()
    nodes = _plan_nodes(plan)
    chapters = {n.title: n for (_c, section), n in nodes.items() if section is None}
    registry = {}
    if "indicators" in columns:
        for ind in Indicator.objects.filter(plan=plan):
            registry.setdefault(ind.code, ind)
            registry.setdefault(ind.name, ind)
    parsed: list[TaskFields] = []
    first_row_of: dict[str, int] = {}
    heading, heading_node = "", None

    def where(row: SheetRow, col: str) -> str:
        return _("第%(r)s行 %(c)s列（%(label)s）") % {"r": row.number, "c": get_column_letter(columns[col] + 1),
                                                   "label": LABELS[col]}

    for row in rows[header_at + 1:]:
        if len(errors) >= MAX_ERRORS:
            errors.append(_("错误太多，只列出前%(n)s条") % {"n": MAX_ERRORS})
            break

        def cell(col: str, row: SheetRow = row) -> object:
            i = columns.get(col)
            return row.cells[i] if i is not None and i < len(row.cells) else None

        title = _cell_text(cell("title"))
        distinct = list(dict.fromkeys(_cell_text(c) for c in row.cells if _cell_text(c)))
        if len(distinct) == 1 and _HEADING.match(distinct[0]) and not _cell_text(cell("lead")):
            heading = distinct[0][:200]
            plain = _HEADING.sub("", heading).strip()
            heading_node = None
            try:
                heading_node = _node_for(heading, nodes) if re.match(r"^第.+章", heading) else None
            except ValueError:
                heading_node = None
            heading_node = heading_node or chapters.get(plain) or next(
                (n for t, n in chapters.items() if plain and (plain in t or t in plain)), None)
            continue
        if not title:
            if any(_cell_text(c) in ("合计", "小计", "总计") for c in row.cells):
                continue
            errors.append(_("%(w)s：任务为空，但这一行有其他内容") % {"w": where(row, "title")})
            continue
        row_errors: list[str] = []
        key = " ".join(title.split())
        if key in first_row_of:
            row_errors.append(_("%(w)s：与第%(first)s行的任务重复") % {"w": where(row, "title"),
                                                                 "first": first_row_of[key]})
        else:
            first_row_of[key] = row.number

        def read_units(col: str, row: SheetRow = row, row_errors: list[str] = row_errors):
            read = names.read(_cell_text(cell(col, row)))
            for word in read.unknown:
                row_errors.append(_("%(w)s：单位“%(u)s”不存在（请写单位全称、规范简称或代码，或在单位别名中添加）")
                                  % {"w": where(row, col), "u": word})
            return read

        lead_read = read_units("lead")
        support_read = read_units("support") if "support" in columns else None
        leads = lead_read.units
        lead_text = ""
        if not leads and lead_read.text and not lead_read.unknown:
            lead_text = "、".join(lead_read.text)
            if office is not None:
                leads = [office]
                notes.append(_("第%(r)s行：牵头单位“%(t)s”不是系统中的单位，原文保留，由%(u)s跟踪")
                             % {"r": row.number, "t": lead_text, "u": office.name})
        other = [*(lead_read.text if not lead_text else []), *(support_read.text if support_read else [])]
        if other:
            notes.append(_("第%(r)s行：“%(t)s”不是系统中的单位，作为文字保留")
                         % {"r": row.number, "t": join_words(other)})
        for phrase in [*lead_read.expanded, *(support_read.expanded if support_read else [])]:
            notes.append(_("第%(r)s行：“%(p)s”展开为各单位") % {"r": row.number, "p": phrase})
        if not leads and not any(e.startswith(where(row, "lead")) for e in row_errors):
            row_errors.append(_("%(w)s：必须填写牵头单位") % {"w": where(row, "lead")})
        if len(leads) > 1:
            notes.append(_("第%(r)s行：牵头单位有%(n)s个，第一个“%(u)s”作为牵头单位，其余作为配合单位")
                         % {"r": row.number, "n": len(leads), "u": leads[0].name})
        node = None
        if "node" in columns and _cell_text(cell("node")):
            try:
                node = _node_for(_cell_text(cell("node")), nodes)
            except ValueError as exc:
                row_errors.append(wording.labelled(where(row, "node"), message_of(exc)))
        elif heading_node is not None:
            node = heading_node
        indicators: list[Indicator] = []
        if "indicators" in columns:
            for word in (w for w in _SPLIT.split(_cell_text(cell("indicators"))) if w):
                if word in registry:
                    indicators.append(registry[word])
                else:
                    row_errors.append(_("%(w)s：指标“%(i)s”不在指标库中") % {"w": where(row, "indicators"), "i": word})
        extra = {h: _cell_text(row.cells[c]) for c, h in kept.items()
                 if c < len(row.cells) and _cell_text(row.cells[c])}
        try:
            fields = task_fields(
                plan=plan, title=title, lead_unit=leads[0] if leads else None,
                supporting_units=[*leads[1:], *(support_read.units if support_read else [])], deadline=cell("deadline"),
                node=node, indicators=indicators if "indicators" in columns else None,
                measures=_cell_text(cell("measures")), remarks=_cell_text(cell("remarks")), heading=heading,
                lead_text=lead_text, other_units="、".join(other)[:500], extra=extra,
            )
        except TaskRejected as exc:
            # Field errors from the service are "完成时限：…"; the row and column go in front.
            for message in exc.errors:
                label, _sep, why = message.partition(wording.label_separator())
                col = next((c for c, lab in LABELS.items() if str(lab) == label and c in columns), None)
                if col == "lead" and any(e.startswith(where(row, "lead")) for e in row_errors):
                    continue
                prefix = where(row, col) if col else _("第%(r)s行") % {"r": row.number}
                row_errors.append(wording.labelled(prefix, why or message))
        else:
            if not row_errors:
                parsed.append(fields)
        errors.extend(row_errors)
    if errors:
        raise TaskRejected(errors)
    if not parsed:
        raise TaskRejected([_("文件中没有任务行")])
    return TaskSheet(rows=parsed, notes=notes, has_node="node" in columns or heading_node is not None,
                     has_indicators="indicators" in columns)


def import_task_file(*, user: User, plan: Plan, source: Path | IO[bytes], name: str,
                     choices: dict[str, str] | None = None, remember_choices: bool = False,
                     on_progress: Callable[[int, int], None] | None = None) -> TaskImportResult:
    """Create or update the tasks of a 分工方案 for `plan`; only the planning office may, all or nothing.
    `on_progress(done, total)` is called every PROGRESS_EVERY rows, so a background job can show how far it got.
    `remember_choices` keeps `choices` for the office's next 分工方案, once this one is imported."""
    require_assign_tasks(user)
    if remember_choices:
        problems = column_choices.choice_problems(choices or {}, kinds=CHOICE_KINDS, fields=())
        if problems:
            raise TaskRejected(problems)
    _check_size(source, name)
    sheet = read_task_rows(plan=plan, source=source, name=name, office=user.unit, choices=choices)
    result = TaskImportResult(notes=sheet.notes)
    existing = {t.title: t for t in Task.objects.filter(plan=plan, title__in=[r.title for r in sheet.rows])
                .select_related("node", "commitment")}
    total = len(sheet.rows)
    with transaction.atomic():
        for done, fields in enumerate(sheet.rows):
            if on_progress is not None and done % PROGRESS_EVERY == 0:
                on_progress(done, total)
            task = existing.get(fields.title)
            if task is None:
                create_task(user=user, plan=plan, fields=fields)
                result.created += 1
                continue
            # What the sheet does not say stays as the office set it on the page.
            fields.commitment = task.commitment
            if not sheet.has_node:
                fields.node = task.node
            if update_task(user=user, task=task, fields=fields):
                result.updated += 1
            else:
                result.unchanged += 1
        if remember_choices and choices:
            column_choices.save_choices(user=user, sheet=SHEET, choices=choices, kinds=CHOICE_KINDS, fields=())
    if on_progress is not None:
        on_progress(total, total)
    return result


def plan_for_import(plan_id: int | None) -> Plan:
    """The plan tasks are imported into: the one named, or the only plan there is."""
    if plan_id is not None:
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise TaskRejected([_("规划 %(id)s 不存在") % {"id": plan_id}])
        return plan
    plans = list(Plan.objects.order_by("pk")[:2])
    if not plans:
        raise TaskRejected([_("还没有导入规划：请先导入规划纲要")])
    if len(plans) > 1:
        raise TaskRejected([_("有多个规划：请指定任务所属的规划")])
    return plans[0]
