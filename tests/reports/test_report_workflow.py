"""A report's life after it is drafted: paragraphs people rewrite (never the numbers), 自评 asked of a 盟市 and merged,
草稿 → 审核 → 定稿 with who and when, and the time a report may speak of (only months that have ended; a final
evaluation names the indicators without target-year figures)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from plantrack.reporting.models import DataValue
from plantrack.reports.content import report_blocks
from plantrack.reports.models import Report, ReportEvent
from plantrack.reports.services import (
    ReportInputError,
    ReportStageError,
    approve_report,
    ask_contribution,
    edit_paragraph,
    generate_report,
    merge_contribution,
    render_document,
    report_file_path,
    request_report,
    return_to_draft,
    submit_for_review,
    write_contribution,
)
from web.board_world import build_board


@pytest.fixture
def board(tree):
    return build_board(tree)


def _midterm(board, people, formats=("html",)) -> Report:
    report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                             as_of="2028-12", formats=formats)
    assert report.state == Report.State.DONE, report.error
    return report


class TestEditingADraft:
    def test_a_paragraph_is_rewritten_and_the_numbers_are_not(self, board, people):
        report = _midterm(board, people)
        edit_paragraph(user=people.admin, report=report, key="overview", text="  改写后的总体评价。 ")
        html = report_file_path(report.files.get(format="html")).read_text(encoding="utf-8")
        assert "改写后的总体评价。" in html
        event = report.events.get(action=ReportEvent.Action.EDITED)
        assert event.by == people.admin and event.new_text == "改写后的总体评价。"
        assert "纳入评估的主要指标" in event.old_text
        tables_before = [b for b in report_blocks(report.snapshot) if b.kind == "table"]
        assert tables_before == [b for b in report_blocks(render_document(report), report.texts) if b.kind == "table"]
        for key, text, message in [("no-such-part", "x", "不可修改"), ("overview", "   ", "不能为空"),
                                   ("overview", "字" * 4001, "不能超过")]:
            with pytest.raises(ReportStageError, match=message):
                edit_paragraph(user=people.admin, report=report, key=key, text=text)
        with pytest.raises(PermissionDenied):
            edit_paragraph(user=people.leader, report=report, key="overview", text="领导改写")
        report.refresh_from_db()
        assert report.texts == {"overview": "改写后的总体评价。"}

    def test_regenerating_a_draft_keeps_peoples_paragraphs_and_review_blocks_it(self, board, people):
        report = _midterm(board, people)
        edit_paragraph(user=people.admin, report=report, key="overview", text="保留的段落。")
        again = _midterm(board, people)
        assert again.pk == report.pk and again.texts == {"overview": "保留的段落。"}
        submit_for_review(user=people.admin, report=again)
        with pytest.raises(ReportInputError, match="正在审核"):
            request_report(user=people.admin, plan=again.plan, kind="midterm", as_of="2028-12", formats=["html"])

    def test_a_prefecture_writes_its_self_assessment_and_the_office_merges_it(self, board, people):
        report = _midterm(board, people)
        key = next(k for k in report_keys(report) if k.startswith("part-"))
        asked = ask_contribution(user=people.admin, report=report, unit=board.ordos, key=key)
        with pytest.raises(PermissionDenied):
            write_contribution(user=people.baotou_clerk, contribution=asked, text="不是我们的")
        write_contribution(user=people.ordos_clerk, contribution=asked, text="鄂尔多斯市完成治沙任务。")
        merge_contribution(user=people.admin, contribution=asked)
        report.refresh_from_db()
        assert report.texts[key].endswith("鄂尔多斯市自评：鄂尔多斯市完成治沙任务。")
        assert list(report.events.values_list("action", flat=True)) == [
            "generated", "asked", "contributed", "edited", "merged"]
        with pytest.raises(ReportStageError, match="没有可合并"):
            merge_contribution(user=people.admin, contribution=asked)


def report_keys(report: Report) -> list[str]:
    return [b.key for b in report_blocks(render_document(report), report.texts) if b.key]


class TestReviewAndFinal:
    def test_draft_review_final_with_who_and_when_and_a_final_never_changes(self, board, people, settings):
        settings.PLANTRACK_SEPARATE_SUBMIT_AND_APPROVE = True
        report = _midterm(board, people, formats=("docx", "html"))
        with pytest.raises(ReportStageError, match="草稿"):
            approve_report(user=people.leader, report=report)
        submit_for_review(user=people.admin, report=report)
        with pytest.raises(ReportStageError, match="审核"):
            edit_paragraph(user=people.admin, report=report, key="overview", text="审核中修改")
        with pytest.raises(ReportStageError, match="理由"):
            return_to_draft(user=people.leader, report=report, reason=" ")
        return_to_draft(user=people.leader, report=report, reason="请补充项目情况")
        submit_for_review(user=people.admin, report=report)
        with pytest.raises(ReportStageError, match="不能审定自己"):
            approve_report(user=people.admin, report=report)
        with pytest.raises(PermissionDenied):
            approve_report(user=people.ordos_clerk, report=report)
        approve_report(user=people.leader, report=report)
        report.refresh_from_db()
        assert report.stage == Report.Stage.FINAL and report.finalized_by == people.leader
        files = {f.format: report_file_path(f).read_bytes() for f in report.files.all()}
        html = files["html"].decode("utf-8")
        issued = timezone.localtime(report.finalized_at)  # the date line is the deployment's local day, not UTC's
        assert f"{issued.year}年{issued.month}月{issued.day}日" in html
        for action in (lambda: edit_paragraph(user=people.admin, report=report, key="overview", text="改"),
                       lambda: submit_for_review(user=people.admin, report=report),
                       lambda: return_to_draft(user=people.leader, report=report, reason="再改")):
            with pytest.raises(ReportStageError, match="定稿"):
                action()
        assert {f.format: report_file_path(f).read_bytes() for f in report.files.all()} == files
        assert [e.action for e in report.events.all()] == [
            "generated", "submitted", "returned", "submitted", "finalized"]


class TestTimeThatHasHappened:
    def test_a_report_as_of_a_month_not_yet_ended_is_refused(self, board, people, settings):
        settings.PLANTRACK_TODAY = "2028-12-20"
        with pytest.raises(ReportInputError, match="2028年12月尚未结束.*最晚为2028年11月"):
            request_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm", as_of="2028-12",
                           formats=["html"])
        assert not Report.objects.exists()
        request_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm", as_of="2028-11",
                       formats=["html"])

    def test_a_final_evaluation_without_target_year_figures_names_what_is_missing(self, board, people):
        report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="final",
                                 as_of="2028-12", formats=["html"])
        missing = report.snapshot["missing_target_year"]
        assert {m["code"] for m in missing} == {row["code"] for row in report.snapshot["indicators"]}
        html = report_file_path(report.files.get(format="html", annex="")).read_text(encoding="utf-8")
        assert f"总结评估需要2030年数据，以下{len(missing)}项指标尚缺" in html
        assert "18 森林覆盖率（最新数据为2028年）" in html

    def test_no_sentence_names_a_year_without_figures(self, board, people):
        report = _midterm(board, people)
        years_with_figures = set(DataValue.objects.values_list("year", flat=True))
        baseline_years = {row["baseline"][-6:-2] for row in report.snapshot["indicators"] if "年）" in row["baseline"]}
        for block in report_blocks(render_document(report)):
            if block.kind not in ("paragraph", "heading") and not block.key:
                continue
            for year in re.findall(r"(20\d\d)年", block.text):
                assert int(year) in years_with_figures or year in baseline_years, block.text


class TestSelfAssessmentPages:
    def test_asked_on_the_report_page_written_on_the_units_page_merged_by_the_office(self, board, people):
        from django.test import Client

        report = _midterm(board, people)
        office, ordos, baotou = Client(), Client(), Client()
        office.force_login(people.admin)
        ordos.force_login(people.ordos_clerk)
        baotou.force_login(people.baotou_clerk)
        page = office.get(f"/reports/{report.pk}/").content.decode()
        assert "请求自评" in page and 'value="150600"' in page
        assert office.post(f"/reports/{report.pk}/ask/", {"unit": "150600", "key": "overview"}).status_code == 302
        contribution = report.contributions.get()
        assert "尚未报送" in office.get(f"/reports/{report.pk}/").content.decode()
        assert "目前没有需要撰写的自评" in baotou.get("/reports/self-assessments/").content.decode()
        assert baotou.post("/reports/self-assessments/", {"contribution": contribution.pk,
                                                          "text": "冒名"}).status_code == 404
        assert report.title in ordos.get("/reports/self-assessments/").content.decode()
        assert ordos.post("/reports/self-assessments/", {"contribution": contribution.pk,
                                                         "text": " "}).status_code == 400
        ordos.post("/reports/self-assessments/", {"contribution": contribution.pk, "text": "本市进展顺利。"})
        merged = office.post(f"/reports/{report.pk}/contributions/{contribution.pk}/merge/")
        assert merged.status_code == 302
        report.refresh_from_db()
        assert report.texts["overview"].endswith("鄂尔多斯市自评：本市进展顺利。")
        assert ordos.get(f"/reports/{report.pk}/").status_code == 403  # a clerk still reads no report
