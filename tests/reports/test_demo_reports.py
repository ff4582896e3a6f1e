"""The demo's reports read back as a reader gets them.

The mid-term evaluation as of 2028-12: its five parts and four annexes, every number read back from the .docx and
compared with the stored assessments, tasks and projects; the 公文 layout read from the .docx (fonts, sizes, margins,
page numbers) and from the PDF (A4, text inside the margins, a page number on every page at the outer corner, every
Chinese character drawn in a font that has it). The monthly briefing for the same month: two A4 pages at most, and the
same five-year verdicts as the mid-term report.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Mm, Pt

from plantrack.assessment.models import Assessment
from plantrack.core.figures import figure_text, percent_text
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.plans.models import PlanCommitment
from plantrack.projects.models import Project
from plantrack.reports.models import Report
from plantrack.reports.selectors import reportable_plans
from plantrack.reports.services import generate_report, report_file_path
from plantrack.tasks.models import Task

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 72 / 25.4  # points per millimetre


@pytest.fixture
def demo(db, settings, request) -> None:
    settings.PLANTRACK_TODAY = "2029-01-15"  # the demo's figures run to the end of 2028
    request.getfixturevalue("demo_data")


def _generate(kind: str, formats: list[str], as_of: str = "2028-12") -> Report:
    report = generate_report(user=None, plan=reportable_plans().get(), kind=kind, as_of=as_of, formats=formats)
    assert report.state == Report.State.DONE, report.error
    return report


def _file(report: Report, fmt: str) -> Path:
    return report_file_path(report.files.get(format=fmt, annex=""))


def _installed_fonts() -> dict[str, Path]:
    listing = subprocess.run(
        ["fc-list", "--format", "%{postscriptname}\t%{file}\n"], capture_output=True, text=True, check=True
    ).stdout
    return {name: Path(file) for name, file in (line.split("\t", 1) for line in listing.splitlines() if "\t" in line)}


def _cmap(font_file: Path) -> set[int]:
    from fontTools.ttLib import TTCollection, TTFont

    fonts = TTCollection(str(font_file)).fonts if font_file.suffix == ".ttc" else [TTFont(str(font_file))]
    return {code for font in fonts for code in (font.getBestCmap() or {})}


def _region_year_statuses(plan, year: int) -> dict[str, Assessment | None]:
    region = OrgUnit.objects.get(kind=OrgUnit.Kind.REGION, parent__isnull=True)
    newest: dict[str, Assessment | None] = {
        i.code: None for i in Indicator.objects.filter(plan=plan, is_active=True, source_row__isnull=False)
    }
    for a in Assessment.objects.filter(indicator__plan=plan, unit=region, period_kind="Y", year__lte=year).order_by(
        "year"
    ).select_related("indicator"):
        if a.indicator.code in newest:
            newest[a.indicator.code] = a
    return newest


def _tables(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


class TestDemoMidtermReport:
    def test_five_parts_and_annexes_whose_numbers_match_the_stored_rows(self, demo):
        report = _generate("midterm", ["docx"])
        plan = report.plan
        document = Document(str(_file(report, "docx")))
        paragraphs = [p.text for p in document.paragraphs]
        text = "\n".join(paragraphs)
        level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert level1 == ["一、总体评价", "二、主要指标完成情况", "三、分领域进展", "四、存在问题", "五、下一步建议"]
        for annex in ("附表1 主要指标完成情况", "附表2 盟市主要指标评估情况", "附表3 规划纲要量化目标跟踪情况",
                      "附表4 重大项目推进情况"):
            assert annex in paragraphs
        assert "含演示用模拟数据" in text

        stored = _region_year_statuses(plan, 2028)
        status_of = {code: (a.status if a is not None else "无法评估") for code, a in stored.items()}
        attribute = dict(Indicator.objects.filter(plan=plan, is_active=True, source_row__isnull=False)
                         .values_list("code", "attribute"))
        tables = _tables(document)

        # 一、the headline table: per status, binding and expected counted apart, from the stored verdicts.
        headline = next(t for t in tables if t[0] == ["评估状态", "约束性指标", "预期性指标", "合计"])
        for row in headline[1:-1]:
            binding = sum(1 for c, s in status_of.items() if s == row[0] and attribute[c] == "约束性")
            expected = sum(1 for c, s in status_of.items() if s == row[0] and attribute[c] != "约束性")
            assert row[1:] == [str(binding), str(expected), str(binding + expected)], row
        assert headline[-1][3] == str(len(status_of))
        unassessable = next(t for t in tables if t[0] == ["编码", "指标", "属性", "无法评估的原因"])
        assert sorted(r[0] for r in unassessable[1:]) == sorted(c for c, s in status_of.items() if s == "无法评估")
        for row in unassessable[1:]:
            a = stored[row[0]]
            assert row[3] == (a.explanation if a is not None else "无法评估：尚无已审核数据，未生成评估结果")

        # 二 and 附表1: every indicator in 专栏1 order, each row equal to its stored assessment.
        main_tables = [t for t in tables if t[0][:3] == ["编码", "类别", "指标（单位）"]]
        assert len(main_tables) == 2 and main_tables[0] == main_tables[1]
        codes = [r[0] for r in main_tables[0][1:]]
        assert codes == sorted(status_of, key=lambda c: tuple(int(p) for p in c.split(".")))
        for row in main_tables[0][1:]:
            a = stored[row[0]]
            assert row[9] == status_of[row[0]]
            if a is not None:
                assert row[7] == percent_text(a.elapsed) and row[8] == percent_text(a.completion)
                if a.latest_value is not None:
                    assert row[6].replace("\n", "") == f"{figure_text(a.latest_value)}（{a.latest_year}年）"
                clause = re.search(r"今后\d+年需年均([^；。，]*)", a.explanation)
                assert row[10] == (clause.group(1) if clause else "—")

        # The overview's tasks and projects, counted from the ledgers as of 2028-12-31.
        tasks = Task.objects.filter(plan=plan)
        done = tasks.filter(status=Task.Status.DONE).count()
        overdue = sum(1 for t in tasks if t.status != Task.Status.DONE and not t.is_ongoing and t.deadline
                      and t.deadline.isoformat() <= "2028-12-31")
        assert f"分工方案重点任务{tasks.count()}项，已完成{done}项，逾期未完成{overdue}项" in text
        projects = list(Project.objects.all())
        total = sum((p.total_investment_wan for p in projects), Decimal(0))
        completed = sum((p.completed_wan for p in projects), Decimal(0))
        assert f"重大项目{len(projects)}个，总投资{figure_text(total)}万元，" in text
        assert f"累计完成投资{figure_text(completed)}万元" in text

        # 三: one part per 篇; the tasks and projects of all parts add up to those filed under the plan's chapters.
        parts = report.snapshot["parts"]
        assert len(parts) >= 5 and all(f"{p['label']} {p['title']}" in "".join(paragraphs) for p in parts)
        chapters = {c for p in parts for c in p["chapters"]}
        assert sum(p["tasks"]["total"] for p in parts) == sum(
            1 for t in tasks.select_related("node") if (t.chapter_number or (t.node and t.node.chapter_number))
            in chapters
        )
        filed = [p for p in projects if (p.chapter_number or (p.node and p.node.chapter_number)) in chapters]
        assert sum(p["projects"]["count"] for p in parts) == len(filed)
        for part in parts:
            if part["projects"]["count"]:
                assert f"重大项目{part['projects']['count']}个，总投资{part['projects']['total_wan']}万元" in text

        # 三 ends with the 厅局 and 盟市 that lead tasks, each with its own count.
        leads = next(t for t in tables if t[0] == ["牵头单位", "类型", "牵头任务", "已完成", "逾期未完成"])
        assert {r[0]: int(r[2]) for r in leads[1:]} == dict(Counter(t.lead_unit.name for t in tasks))

        # 四: every lagging indicator is a problem pointing at its row of 附表1; 五: its required rate, if any.
        lagging = [c for c, s in status_of.items() if s in ("滞后", "严重滞后")]
        assert lagging
        for code in lagging:
            assert f"（依据：附表1 指标{code}）" in text
            clause = re.search(r"今后\d+年需年均[^；。，]*", stored[code].explanation)
            if clause:
                assert clause.group(0) in text

        # 附表: 12 盟市 ranked; every commitment; every project; each also as its own workbook.
        ranking = next(t for t in tables if t[0][:2] == ["排名", "盟市"])
        assert len(ranking) == 13 and [r[0] for r in ranking[1:]][:3] == ["1", "2", "3"]
        commitments = next(t for t in tables if t[0] == ["章", "量化目标", "完成时限", "跟踪情况"])
        assert len(commitments) - 1 == PlanCommitment.objects.filter(version__plan=plan,
                                                                     version__is_current=True).count()
        ledger = next(t for t in tables if t[0][0] == "项目名称")
        assert sorted(r[0] for r in ledger[1:]) == sorted(p.name for p in projects)
        from openpyxl import load_workbook

        workbooks = {f.annex: f for f in report.files.filter(format="xlsx")}
        assert sorted(workbooks) == ["附表1-主要指标", "附表2-盟市排名", "附表3-量化目标", "附表4-重大项目"]
        book = load_workbook(report_file_path(workbooks["附表4-重大项目"]))
        assert book.active.max_row - 3 == len(projects)
        matrix = load_workbook(report_file_path(workbooks["附表2-盟市排名"]))["盟市×指标"]
        assert matrix.max_row - 3 == 12

    def test_the_docx_is_a_gongwen_and_the_pdf_keeps_its_layout(self, demo, tmp_path):
        report = _generate("midterm", ["docx", "pdf"])
        docx_path, pdf_path = _file(report, "docx"), _file(report, "pdf")
        document = Document(str(docx_path))

        section = document.sections[0]
        # Word stores lengths in twentieths of a point: compare to a tenth of a millimetre.
        measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                    section.left_margin, section.right_margin]
        assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26]
        normal = document.styles["Normal"]
        assert normal.element.rPr.rFonts.get(f"{W}eastAsia") == "仿宋_GB2312" and normal.font.size == Pt(16)
        assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert normal.paragraph_format.line_spacing == Pt(28.9)
        for level, font in ((1, "黑体"), (2, "楷体_GB2312"), (3, "仿宋_GB2312")):
            style = document.styles[f"Heading {level}"]
            assert style.element.rPr.rFonts.get(f"{W}eastAsia") == font and style.font.size == Pt(16)
            assert style.font.color.rgb == (0, 0, 0)
        title_run = document.paragraphs[0].runs[0]
        assert title_run.element.rPr.rFonts.get(f"{W}eastAsia") == "方正小标宋简体" and title_run.font.size == Pt(22)
        props = document.core_properties
        assert props.title == report.title and props.author == "内蒙古自治区发展和改革委员会"
        created = timezone.localtime(props.created.replace(tzinfo=dt.UTC))
        assert created.strftime("%Y-%m-%d %H:%M") == report.snapshot["generated_at"]
        assert "python-docx" not in (props.comments or "") + (props.author or "")
        assert "内蒙古自治区发展和改革委员会" in [p.text for p in document.paragraphs]
        # The font table names each 公文 font with a free stand-in; odd and even pages have their own footers.
        font_table = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
        xml = font_table.blob.decode("utf-8")
        for name in ("仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"):
            assert re.search(f'w:name="{name}".*?w:altName w:val="[^"]*WenQuanYi Micro Hei', xml, re.S)
        assert document.settings.odd_and_even_pages_header_footer
        for footer in (section.footer, section.even_page_footer):
            assert " PAGE " in footer._element.xml and footer.paragraphs[0].text.startswith("— ")
        # Every table's header row repeats on each page and the table keeps to the text width (156 mm).
        for table in document.tables:
            assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
            assert sum(c.width for c in table.columns) <= Mm(156) + Mm(0.5)

        with pdfplumber.open(pdf_path) as pdf:
            pages = list(pdf.pages)
            assert len(pages) > 5
            installed = _installed_fonts()
            cmaps: dict[str, set[int]] = {}
            for number, page in enumerate(pages, start=1):
                assert (round(page.width), round(page.height)) == (595, 842)  # A4
                chars = [c for c in page.chars if c["text"].strip()]
                footer = [c for c in chars if c["top"] > page.height - 35 * MM]
                body = [c for c in chars if c not in footer]
                # Text stays inside the margins (tables' rules may not, their words do).
                assert min(c["x0"] for c in body) >= 28 * MM - 1
                assert max(c["x1"] for c in body) <= page.width - 26 * MM + 1
                assert min(c["top"] for c in body) >= 37 * MM - 1
                # A page number on every page, "— n —", at the outer corner: right on odd pages, left on even.
                label = "".join(c["text"] for c in sorted(footer, key=lambda c: c["x0"]))
                assert label == f"—{number}—", label
                centre = (min(c["x0"] for c in footer) + max(c["x1"] for c in footer)) / 2
                assert (centre > page.width / 2) == (number % 2 == 1)
                # Every Chinese character is drawn in an embedded, installed font that has its glyph.
                for c in chars:
                    if ord(c["text"]) < 0x2E80:
                        continue
                    name = c["fontname"].split("+", 1)[-1]
                    assert name in installed, f"{c['text']} drawn in {name}, which is not an installed font"
                    if name not in cmaps:
                        cmaps[name] = _cmap(installed[name])
                    cmap = cmaps[name]
                    assert ord(c["text"]) in cmap, f"{c['text']} has no glyph in {name}"
            # Body lines of a paragraph stand 28.9 pt apart (三号 on a fixed line pitch).
            body_tops = sorted({round(c["top"], 1) for c in pages[0].chars if round(c["size"]) == 16})
            steps = Counter(round(b - a, 1) for a, b in zip(body_tops, body_tops[1:], strict=False))
            assert abs(steps.most_common(1)[0][0] - 28.9) < 0.3, steps
            text = "".join(page.extract_text() or "" for page in pages).replace("\n", "").replace(" ", "")
        for word in ("中期评估报告", "一、总体评价", "五、下一步建议", "附表4"):
            assert word in text

        image = tmp_path / "page"
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf_path), str(image)], check=True)
        from PIL import Image

        pixels = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
        assert pixels.getextrema()[0] < 100  # something is drawn on the first page


class TestDemoMonthlyBriefing:
    def test_the_briefing_for_2028_12_fits_two_pages_and_agrees_with_the_midterm(self, demo):
        midterm = _generate("midterm", ["html"])
        briefing = _generate("briefing", ["pdf", "html"])
        with pdfplumber.open(_file(briefing, "pdf")) as pdf:
            assert 1 <= len(pdf.pages) <= 2
            assert all((round(p.width), round(p.height)) == (595, 842) for p in pdf.pages)
        five = briefing.snapshot["five_year"]
        assert five["counts"] == midterm.snapshot["counts"]
        assert [r["code"] for r in five["lagging"]] == midterm.snapshot["lagging"]
        html = _file(briefing, "html").read_text(encoding="utf-8")
        named = html.split("五年目标（按2028年末数据）", 1)[1].split("</p>", 1)[0]
        for row in midterm.snapshot["indicators"]:
            if row["status"] in ("滞后", "严重滞后"):
                assert row["name"] in named.split(f"{row['status']}：", 1)[1].split("；")[0], row["name"]
        assert "本月变化" in html and "主要经济运行指标" in html
