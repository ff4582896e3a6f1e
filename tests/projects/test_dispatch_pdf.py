"""The 周调度表 for one county and for the region as PDF (the docx converted by LibreOffice), from the service, the
page and the command line, read back from the PDF file itself: A4 landscape pages, the header row at the top of
every page, and each page's own number. A conversion that cannot finish in time is a clear message, not a 500."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from plantrack.projects.dispatch_sheet import build_dispatch_sheet, render_dispatch_sheet
from plantrack.projects.ledger import import_ledger

pytestmark = pytest.mark.skipif(not (shutil.which("libreoffice") and shutil.which("pdfinfo")),
                                reason="needs Debian libreoffice and poppler-utils")

TOWNS = ["树林召镇", "王爱召镇", "白泥井镇", "吉格斯太镇", "昭君镇", "恩格贝镇", "中和西镇", "风水梁镇"]


@pytest.fixture
def county_ledger(people, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["达拉特旗2027年重大项目台账"])
    sheet.append(["序号", "项目名称", "建设地点", "所属旗县", "项目类别", "总投资（万元）", "2027年计划投资（万元）",
                  "累计完成投资（万元）", "实际开工时间", "包联领导", "责任单位", "存在问题", "环评", "施工许可"])
    for i in range(60):
        town = TOWNS[i % len(TOWNS)]
        sheet.append([i + 1, f"{town}第{i + 1}号产业配套项目", town, "达拉特旗", ["产业", "基础设施", "民生"][i % 3],
                      10000 + i * 500, 4000 + i * 100, 1000 + i * 50, "2027-03-01" if i % 2 else None,
                      f"第{i % 5 + 1}副旗长", f"{town}人民政府", "征地拆迁进度偏慢" if i % 4 == 0 else None,
                      "已批复", "办理中" if i % 3 else None])
    path = tmp_path / "达拉特旗台账.xlsx"
    book.save(path)
    import_ledger(user=people.admin, source=path, name=path.name)


def read_pdf(data: bytes, tmp_path) -> tuple[list[str], str]:
    """Each page's text (pdftotext, page by page) and pdfinfo's report of the file."""
    assert data.startswith(b"%PDF-")
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
    return [re.sub(r"\s+", "", t) for t in texts], info  # words as printed, without the line breaks of the cells


def test_a_county_sheet_prints_as_a_meeting_document(people, county_ledger, tree, tmp_path):
    sheet = build_dispatch_sheet(user=people.admin, week="2027-W14", unit=tree["150621"], group_by="place")
    pages, info = read_pdf(render_dispatch_sheet(sheet, "pdf"), tmp_path)
    assert _a4_landscape(info)
    assert len(pages) >= 2
    assert "达拉特旗重大项目周调度表" in pages[0]
    for number, text in enumerate(pages, start=1):
        # the header row on every page (words that appear nowhere else in the sheet)
        assert all(word in text for word in ("项目名称", "建设地点", "包联领导", "未办结手续", "年度累计完成"))
        assert f"第{number}页共{len(pages)}页" in text
    assert "树林召镇（8个）" in "".join(pages)


def test_the_region_sheet_is_a_summary_by_prefecture_on_one_page(people, county_ledger, tmp_path):
    sheet = build_dispatch_sheet(user=people.admin, week="2027-W14")
    pages, info = read_pdf(render_dispatch_sheet(sheet, "pdf"), tmp_path)
    assert _a4_landscape(info) and len(pages) == 1
    assert "内蒙古自治区重大项目周调度表" in pages[0] and "鄂尔多斯市" in pages[0] and "开复工率" in pages[0]
    assert "第1页共1页" in pages[0]


def _a4_landscape(info: str) -> bool:
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    return (round(float(size.group(1))), round(float(size.group(2)))) == (842, 595)  # A4 landscape, in points


def test_the_page_gives_the_county_sheet_as_pdf(client, people, county_ledger, tmp_path):
    client.force_login(people.admin)
    response = client.get("/projects/dispatch-sheet/", {"week": "2027-W14", "unit": "150621", "format": "pdf",
                                                        "group": "place"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="dispatch-2027-W14.pdf"'
    pages, info = read_pdf(response.content, tmp_path)
    assert _a4_landscape(info) and len(pages) >= 2
    assert all(f"第{n}页共{len(pages)}页" in text and "项目名称" in text for n, text in enumerate(pages, start=1))


def test_the_ledger_page_offers_the_pdf(client, people, county_ledger):
    client.force_login(people.admin)
    assert 'name="format" value="pdf"' in client.get("/projects/").content.decode()


def test_a_conversion_out_of_time_on_the_page_says_so_and_offers_the_docx(client, people, county_ledger,
                                                                         settings):
    settings.PLANTRACK_PDF_TIMEOUT = 0.2  # LibreOffice needs seconds just to start
    client.force_login(people.admin)
    response = client.get("/projects/dispatch-sheet/", {"week": "2027-W14", "unit": "150621", "format": "pdf"},
                          follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any("周调度表PDF未能生成" in m and "秒内未完成转换" in m and "docx" in m for m in shown)


def test_the_command_writes_the_region_sheet_as_pdf(people, county_ledger, tmp_path, settings):
    out = tmp_path / "region.pdf"
    call_command("dispatch_sheet", week="2027-W14", fmt="pdf", out=out)
    pages, info = read_pdf(out.read_bytes(), tmp_path)
    assert _a4_landscape(info) and "内蒙古自治区重大项目周调度表" in pages[0] and "第1页共1页" in pages[0]
    settings.PLANTRACK_PDF_TIMEOUT = 0.2
    with pytest.raises(CommandError, match="秒内未完成转换"):
        call_command("dispatch_sheet", week="2027-W14", fmt="pdf", out=tmp_path / "late.pdf")
    assert not (tmp_path / "late.pdf").exists()


def test_figures_and_dates_print_whole_in_a_sheet_of_fifteen_columns(people, county_ledger, tree, tmp_path):
    sheet = build_dispatch_sheet(user=people.admin, week="2027-W14", unit=tree["150621"], group_by="place")
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(render_dispatch_sheet(sheet, "pdf"))
    # word by word as printed: a figure broken over two lines of its cell would be two words
    words = set(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    amounts = {f"{r.total_wan:,.0f}" for r in sheet.rows} | {f"{g.total('total_wan'):,.0f}" for g in sheet.groups}
    assert amounts <= words  # the projects' and the subtotals' (bold) total investment
    assert "2027-03-01" in words
