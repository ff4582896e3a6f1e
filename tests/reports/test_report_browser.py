"""Browser test of the people's part of a report: the planning office rewrites one drafted paragraph of the demo's
mid-term evaluation (as of 2028-12) on the report page and sends it for review; a leader approves it as 定稿; from
then on every download of the file is the same bytes, and the page shows the state, the version and who changed
what."""

from __future__ import annotations

import hashlib
import io

import pytest
from docx import Document

from logins import log_in, log_out
from plantrack.orgs.models import User
from plantrack.reports.models import Report
from plantrack.reports.selectors import reportable_plans
from plantrack.reports.services import generate_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_WORDS = "总体看，规划实施开局良好、进展总体符合预期，森林覆盖率等指标仍需加力。"


def test_a_paragraph_edited_in_the_browser_then_approved_is_the_same_file_on_every_download(
    live_server, page, settings, request
):
    settings.PLANTRACK_TODAY = "2029-01-15"
    request.getfixturevalue("demo_data")  # the demo as setup-demo writes it on that day
    report = generate_report(user=User.objects.get(username="planning_admin"), plan=reportable_plans().get(),
                             kind="midterm", as_of="2028-12", formats=["docx", "html"])
    assert report.state == Report.State.DONE, report.error
    base = live_server.url

    log_in(page, base, "planning_admin", to=f"/reports/{report.pk}/")
    assert page.inner_text(".report-stage") == "草稿"
    drafted = page.locator(".drafted-edit", has=page.locator('p[data-key="overview"]'))
    before = drafted.locator("p").inner_text()
    assert "纳入评估的主要指标" in before
    drafted.locator("summary").click()
    drafted.locator("textarea").fill(NEW_WORDS)
    drafted.get_by_role("button", name="保存本段").click()
    page.wait_for_selector('p[data-key="overview"].edited')
    assert page.inner_text('p[data-key="overview"]') == NEW_WORDS
    # Tables are not editable: no form sits in a table, and the headline table still holds the stored counts.
    assert page.locator("table.report-table textarea").count() == 0
    record = page.inner_text(".report-events")
    assert "planning_admin" in record and "修改段落" in record and NEW_WORDS[:20] in record
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_selector('.report-stage[data-stage="review"]')
    assert page.locator("textarea").count() == 0  # in review nothing is edited
    log_out(page)

    log_in(page, base, "region_leader", to=f"/reports/{report.pk}/")
    page.get_by_role("button", name="审定为定稿").click()
    page.wait_for_selector('.report-stage[data-stage="final"]')
    assert "region_leader" in page.inner_text(".report-workflow")
    assert "审定为定稿" in page.inner_text(".report-events")

    report.refresh_from_db()
    stored = {f.format: f.sha256 for f in report.files.filter(annex="")}
    downloads = []
    for _ in range(3):
        response = page.request.get(f"{base}/reports/{report.pk}/docx/")
        assert response.ok
        downloads.append(response.body())
    assert len({hashlib.sha256(body).hexdigest() for body in downloads}) == 1
    assert hashlib.sha256(downloads[0]).hexdigest() == stored["docx"]
    html = [page.request.get(f"{base}/reports/{report.pk}/html/").body() for _ in range(2)]
    assert html[0] == html[1] and hashlib.sha256(html[0]).hexdigest() == stored["html"]
    text = "\n".join(p.text for p in Document(io.BytesIO(downloads[0])).paragraphs)
    assert NEW_WORDS in text and before not in text
    assert f"{report.finalized_at.year}年{report.finalized_at.month}月" in text  # the date line of a 定稿
    assert "未定稿" not in text


def test_the_html_report_prints_on_a4_with_the_documents_margins(page, people, tree, tmp_path):
    import pdfplumber

    from plantrack.reports.services import report_file_path
    from web.board_world import build_board

    board = build_board(tree)
    report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                             as_of="2028-12", formats=["html"])
    page.set_content(report_file_path(report.files.get(format="html", annex="")).read_text(encoding="utf-8"))
    printed = tmp_path / "printed.pdf"
    page.pdf(path=str(printed), prefer_css_page_size=True)
    mm = 72 / 25.4
    with pdfplumber.open(printed) as pdf:
        assert len(pdf.pages) > 2
        for sheet in pdf.pages:
            assert (round(sheet.width), round(sheet.height)) == (595, 842)
            words = [c for c in sheet.chars if c["text"].strip()]
            assert min(c["x0"] for c in words) >= 28 * mm - 1
            assert max(c["x1"] for c in words) <= sheet.width - 26 * mm + 1
            assert min(c["top"] for c in words) >= 37 * mm - 1
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert "一、总体评价" in text.replace(" ", "")
