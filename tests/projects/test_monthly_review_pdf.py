"""The 月研判 Word file as printed (converted to PDF by LibreOffice and read back from the PDF): A4 landscape, the
lagging projects' header row on every page they run over, and each page's own number."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from review_world import TODAY, build_review_world

from plantrack.projects.models import Project
from plantrack.projects.monthly_review import build_monthly_review, render_monthly_review

pytestmark = pytest.mark.skipif(not (shutil.which("libreoffice") and shutil.which("pdfinfo")),
                                reason="needs Debian libreoffice and poppler-utils")


def printed(docx: bytes, tmp_path) -> tuple[list[str], str]:
    from plantrack.reports.render_pdf import render_pdf

    pdf = tmp_path / "review.pdf"
    pdf.write_bytes(render_pdf(docx))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout for n in range(1, pages + 1)]
    return [re.sub(r"\s+", "", t) for t in texts], info


def test_a_long_list_of_lagging_projects_prints_as_a_meeting_document(people, tree, settings, tmp_path):
    settings.PLANTRACK_TODAY = TODAY
    build_review_world(tree)
    Project.objects.bulk_create([
        Project(name=f"达拉特旗第{i:02d}号产业配套项目", region=tree["150621"], category="产业", status="building",
                total_investment_wan=Decimal(20000), annual_plan_wan=Decimal(4000 + i * 10),
                actual_start=date(2027, 4, 1), liaison_leader=f"第{i % 5 + 1}副旗长",
                responsible_unit="达拉特旗工业和信息化局")
        for i in range(70)])
    review = build_monthly_review(user=people.ordos_clerk, month="2027-06")
    assert len(review.lagging) == 71
    pages, info = printed(render_monthly_review(review, "docx"), tmp_path)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (842, 595)  # A4 landscape, in points
    assert "鄂尔多斯市重大项目月研判（2027年6月）" in pages[0]
    with_lagging = [n for n, text in enumerate(pages) if "号产业配套项目" in text]
    assert len(with_lagging) >= 2  # the list runs over pages
    for n in with_lagging:
        assert "滞后情形" in pages[n] and "存在问题及堵点" in pages[n]  # its header row on each of them
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in text
