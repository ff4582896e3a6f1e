"""The projects world: the shipped org tree and its named people, and a builder of ledger files in the layout
offices pass around (a merged title row, a header row, project rows, a 合计 row)."""

from __future__ import annotations

from pathlib import Path

import pytest

HEADER = ["序号", "项目代码", "项目名称", "所属地区", "项目单位", "项目类别", "总投资（万元）", "年度计划投资（万元）",
          "累计完成投资（万元）", "计划开工", "计划竣工", "项目状态", "用地预审", "环评批复", "林草审批", "能耗审查",
          "存在问题"]

WIND = ["1", "2604-150621-04-01-100017", "达拉特旗风光制氢一体化项目", "达拉特旗", "某新能源公司",
        "新能源", 250000, 80000, 30000, "2026年4月", "2027年底", "在建", "已办结2026年3月2日", "已取得", "办理中",
        "未启动", "林地手续待批复"]
COAL = ["2", None, "鄂尔多斯煤化工园区基础设施", "鄂尔多斯市", "园区管委会", "基础设施", 52000, 12000, 0, "2026年6月",
        "2028年", "前期", "办理中", "不涉及", "已完成", "不涉及", ""]
ROAD = ["3", None, "包头市城市快速路", "150200", "包头市交通局", "交通", 180000, 50000, 60000, "2025-05-01", "2027-10",
        "在建", "已办结", "已办结2025.4.1", "不涉及", "已办结", ""]


def write_ledger(path: Path, rows: list[list], *, header: list[str] = HEADER, title: str = "2026年重大项目台账",
                 amount_unit: str | None = None, total_row: bool = True) -> Path:
    """A ledger file: a merged title row, a blank spacer row, the header, the rows, a 合计 row (xlsx or csv)."""
    if amount_unit:
        header = [h.replace("万元", amount_unit) for h in header]
    if path.suffix == ".csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow([title])
            writer.writerow(header)
            writer.writerows(rows)
        return path
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if total_row:
        sheet.append(["合计", None, None, None, None, None, 999999])
    book.save(path)
    return path


@pytest.fixture(autouse=True)
def checklist(db):
    """The default procedure checklist, there even after a transactional test elsewhere flushed the table."""
    from plantrack.projects.checklist import ensure_default_procedures

    ensure_default_procedures()


@pytest.fixture
def ledger(tmp_path):
    """ledger(rows, name="台账.xlsx", **options) → the path of a written ledger file."""

    def make(rows: list[list], name: str = "台账.xlsx", **options) -> Path:
        return write_ledger(tmp_path / name, rows, **options)

    return make


@pytest.fixture
def rows():
    """Fresh copies of the three sample rows (a 旗县 project with a code, a 盟市 project, a 包头 project)."""
    return [list(WIND), list(COAL), list(ROAD)]


@pytest.fixture
def header() -> list[str]:
    return list(HEADER)
