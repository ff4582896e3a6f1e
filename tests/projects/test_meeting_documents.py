"""The weekly dispatch sheet (周调度表) and the monthly review (月研判) are both meeting documents written by one
writer: read back from their real files, a figure is a number cell and a code or a clerk's text stays text in both
workbooks, the 小计 and 合计 rows are bold in both, and both Word files repeat each table's header row on every page,
keep a row on one page, number their pages and print at the same size on the same A4 landscape page."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from review_world import TODAY, build_review_world

from plantrack.projects.dispatch_sheet import build_dispatch_sheet, render_dispatch_sheet
from plantrack.projects.models import DispatchRecord, Project
from plantrack.projects.monthly_review import build_monthly_review, render_monthly_review

CODE = "0012"  # a project known by its code: stays text, with its leading zeros


@pytest.fixture
def documents(people, tree, settings):
    """The dispatch sheet of 达拉特旗 for the week of 10 July 2027 and the review of June, each as xlsx and docx."""
    settings.PLANTRACK_TODAY = TODAY
    build_review_world(tree)
    # planned to start in May and not started: a lagging project in June's review, on the agenda of July's dispatch
    coded = Project.objects.create(
        name=CODE, region=tree["150621"], category="新能源", status="preparing", total_investment_wan=Decimal(50000),
        annual_plan_wan=Decimal("12.5"), planned_start="2027-05-01", problems="2026-11")
    DispatchRecord.objects.create(project=coded, week="2027-W27", progress="12.5")
    sheet = build_dispatch_sheet(user=people.admin, week="2027-W27", unit=tree["150621"])
    review = build_monthly_review(user=people.ordos_clerk, month="2027-06")
    return {
        "dispatch": {fmt: render_dispatch_sheet(sheet, fmt) for fmt in ("xlsx", "docx")},
        "review": {fmt: render_monthly_review(review, fmt) for fmt in ("xlsx", "docx")},
    }


def coded_row(ws) -> dict[str, object]:
    """The row of the coded project, by its header's words: {header: cell}."""
    header_row = int(ws.print_title_rows.split(":")[0].strip("$"))
    header = [c.value for c in ws[header_row]]
    row = next(r for r in ws.iter_rows(min_row=header_row + 1) if r[1].value == CODE)
    return dict(zip(header, row, strict=True))


def test_figures_are_numbers_and_codes_stay_text_in_both_workbooks(documents):
    dispatch = coded_row(load_workbook(io.BytesIO(documents["dispatch"]["xlsx"])).active)
    review = coded_row(load_workbook(io.BytesIO(documents["review"]["xlsx"]))["滞后项目"])
    for row, plan in ((dispatch, "2027年计划投资（万元）"), (review, "本年计划投资（万元）")):
        assert (row["项目名称"].value, row["项目名称"].data_type) == (CODE, "s")
        assert (row[plan].value, row[plan].data_type) == (12.5, "n")
        assert isinstance(row["序号"].value, int)
        issues = next(cell for header, cell in row.items() if header.startswith("存在问题及堵点"))
        assert (issues.value, issues.data_type) == ("2026-11", "s")
    assert (dispatch["总投资（万元）"].value, dispatch["总投资（万元）"].data_type) == (50000, "n")  # shown "50,000"
    assert (dispatch["本周进展"].value, dispatch["本周进展"].data_type) == ("12.5", "s")  # what the clerk wrote


def test_subtotals_and_totals_are_bold_in_both_workbooks(documents):
    dispatch = load_workbook(io.BytesIO(documents["dispatch"]["xlsx"])).active
    review = load_workbook(io.BytesIO(documents["review"]["xlsx"]))["开复工与投资"]
    subtotals = [r for r in dispatch.iter_rows(min_row=4) if r[1].value == "小计"]
    projects = [r for r in dispatch.iter_rows(min_row=4) if isinstance(r[0].value, int)]
    total = [r for r in review.iter_rows(min_row=4) if r[0].value == "合计"]
    assert len(subtotals) == 1 and len(total) == 1  # 新能源 only; 达拉特旗's projects
    for row in [*subtotals, *total]:
        assert all(c.font.bold for c in row)
    assert not any(c.font.bold for c in projects[0])
    for ws in (dispatch, review):
        assert ws.page_setup.orientation == "landscape" and "&P" in ws.oddFooter.center.text


def test_both_word_files_repeat_the_header_and_print_alike(documents):
    printed = []
    for name in ("dispatch", "review"):
        document = Document(io.BytesIO(documents[name]["docx"]))
        for table in document.tables:
            header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
            assert header is not None and header.get(qn("w:val")) == "true"
            assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows[1:])
        section = document.sections[0]
        footer = [f.get(qn("w:instr")) for f in section.footer._element.iter(qn("w:fldSimple"))]
        assert footer == ["PAGE", "NUMPAGES"]
        printed.append((round(section.page_width.cm, 1), round(section.page_height.cm, 1),
                        round(section.left_margin.cm, 1), round(section.top_margin.cm, 1),
                        document.styles["Normal"].font.size.pt))
        coded = next([c.text for c in r.cells] for t in document.tables for r in t.rows if r.cells[1].text == CODE)
        assert "12.5" in coded and "2026-11" in coded
    assert printed[0] == printed[1] == (29.7, 21.0, 1.5, 1.5, 9.0)
