"""The 分工方案 written back as an xlsx that `import_task_file` reads unchanged: heading rows over their tasks,
重点任务, 具体举措, 牵头单位 (as written, for a lead that is not a unit), 配合单位 (units, and bodies kept as text),
完成时限 (as written), 备注 and the office's own columns ("附加：…"); every text cell written as text, never a
formula."""

from __future__ import annotations

import io

from django.db.models import QuerySet

from plantrack.core.text_guard import append_inert
from plantrack.tasks.models import Task

HEADER = ["序号", "重点任务", "具体举措", "牵头单位", "配合单位", "完成时限", "备注"]


def division_of_work_workbook(tasks: QuerySet[Task], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = list(tasks.select_related("lead_unit").prefetch_related("supporting_units").order_by("pk"))
    extra_keys = list(dict.fromkeys(k for t in rows for k in (t.extra or {})))
    header = [*HEADER, *(f"附加：{k}" for k in extra_keys)]
    book = Workbook()
    sheet = book.active
    sheet.title = "分工方案"
    append_inert(sheet, [title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    append_inert(sheet, header)
    heading = None
    for n, task in enumerate(rows, start=1):
        if task.heading and task.heading != heading:
            append_inert(sheet, [task.heading])
            heading = task.heading
        supporting = [u.name for u in sorted(task.supporting_units.all(), key=lambda u: u.path)]
        if task.other_units:
            supporting.append(task.other_units)
        append_inert(sheet, [n, task.title, task.measures, task.lead_text or task.lead_unit.name,
                             "、".join(supporting), task.deadline_text, task.remarks,
                             *((task.extra or {}).get(k) for k in extra_keys)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
