"""A generated evaluation report prints exactly the stored assessments it came from, and never changes afterwards."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document

from plantrack.assessment.models import Assessment
from plantrack.assessment.services import assess_all
from plantrack.core.figures import figure_text, percent_text
from plantrack.reporting.models import DataValue
from plantrack.reports.models import Report
from plantrack.reports.services import ReportInputError, generate_report, report_file_path, request_report
from web.board_world import build_board


@pytest.fixture
def board(tree):
    return build_board(tree)


def _midterm(board, people, formats=("docx", "html")) -> Report:
    plan = board.indicators["18"].plan
    report = generate_report(user=people.admin, plan=plan, kind="midterm", as_of="2028-12", formats=formats)
    assert report.state == Report.State.DONE, report.error
    return report


def _docx_tables(report: Report) -> list[list[list[str]]]:
    document = Document(io.BytesIO(report_file_path(report.files.get(format="docx")).read_bytes()))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


class TestFiguresComeFromStoredAssessments:
    def test_every_row_of_the_main_table_equals_its_assessment(self, board, people):
        report = _midterm(board, people)
        main_table = next(t for t in _docx_tables(report) if t[0][:3] == ["编码", "类别", "指标（单位）"])
        rows = {row[0]: row for row in main_table[1:]}
        assessed = Assessment.objects.filter(unit=board.region, period="2028")
        assert assessed.count() >= 3
        for a in assessed:
            row = rows[a.indicator.code]
            assert row[9] == a.status
            assert row[7] == percent_text(a.elapsed) and row[8] == percent_text(a.completion)
            if a.latest_value is not None:
                assert row[6].startswith(figure_text(a.latest_value)) and f"（{a.latest_year}年）" in row[6]
        for item in report.snapshot["indicators"]:
            if item["assessment_id"] is not None:
                a = Assessment.objects.get(pk=item["assessment_id"])
                assert (item["status"], item["elapsed"], item["completion"], item["pace_ratio"]) == (
                    a.status, a.elapsed, a.completion, a.pace_ratio
                )

    def test_binding_indicators_come_first_and_counts_add_up(self, board, people):
        snapshot = _midterm(board, people).snapshot
        attributes = [row["attribute"] for row in snapshot["indicators"]]
        assert attributes == sorted(attributes, key=lambda a: a != "约束性")
        assert sum(c["count"] for c in snapshot["counts"]) == snapshot["total"] == len(snapshot["indicators"])
        region = {a.indicator.code: a.status for a in Assessment.objects.filter(unit=board.region, period="2028")}
        counted = {c["status"]: c["count"] for c in snapshot["counts"]}
        assert counted["滞后"] == list(region.values()).count("滞后") + sum(
            1 for row in snapshot["indicators"] if row["assessment_id"] is None and row["status"] == "滞后"
        )

    def test_a_lagging_indicator_is_explained_with_its_gap_and_the_units_behind_it(self, board, people):
        report = _midterm(board, people)
        forest = next(row for row in report.snapshot["indicators"] if row["code"] == "18")
        a = Assessment.objects.get(indicator__code="18", unit=board.region, period="2028")
        assert forest["status"] == a.status == "滞后"
        assert forest["gap_points"] == round((a.elapsed - a.completion) * 100, 1)
        assert [u["name"] for u in forest["units_behind"]] == ["包头市"]  # 鄂尔多斯市 is ahead
        html = report_file_path(report.files.get(format="html")).read_text(encoding="utf-8")
        assert f"落后时序进度{forest['gap_points']:g}个百分点" in html
        assert "重点督促包头市" in html

    def test_a_final_never_changes_and_asking_again_makes_a_new_version(self, board, people):
        from plantrack.reports.services import approve_report, submit_for_review

        report = _midterm(board, people)
        submit_for_review(user=people.admin, report=report)
        approve_report(user=people.leader, report=report)
        before = {f.format: (f.sha256, report_file_path(f).read_bytes()) for f in report.files.all()}
        snapshot = report.snapshot
        DataValue.objects.filter(indicator__code="18", unit=board.region, period="2028").update(
            value=Decimal("22.30"), approved_value=Decimal("22.30")
        )
        assess_all()
        assert Assessment.objects.get(indicator__code="18", unit=board.region, period="2028").status != "滞后"
        newer = _midterm(board, people)
        assert newer.pk != report.pk and newer.version == report.version + 1
        assert next(r for r in newer.snapshot["indicators"] if r["code"] == "18")["status"] != "滞后"
        report.refresh_from_db()
        assert report.stage == Report.Stage.FINAL and report.snapshot == snapshot
        assert {f.format: (f.sha256, report_file_path(f).read_bytes()) for f in report.files.all()} == before

    def test_regenerating_a_draft_replaces_it(self, board, people):
        first = _midterm(board, people)
        again = _midterm(board, people)
        assert again.pk == first.pk and Report.objects.count() == 1
        assert sorted(again.events.values_list("action", flat=True)) == ["generated", "regenerated"]


class TestAskingForAReport:
    def test_only_the_planning_office_generates(self, board, people):
        from django.core.exceptions import PermissionDenied

        plan = board.indicators["18"].plan
        for who in (people.leader, people.ordos_clerk, people.supervisor):
            with pytest.raises(PermissionDenied):
                request_report(user=who, plan=plan, kind="midterm", as_of="2028-12", formats=["docx"])
        assert not Report.objects.exists()

    @pytest.mark.parametrize(
        ("as_of", "kind", "formats", "message"),
        [
            ("2028-13", "midterm", ["docx"], "无法识别"),
            ("sometime", "midterm", ["docx"], "无法识别"),
            ("2040-12", "final", ["docx"], "不在规划期"),
            ("2028-12", "weekly", ["docx"], "报告类型"),
            ("2028-12", "midterm", ["xlsx"], "格式"),
            ("2028-12", "midterm", [], "格式"),
        ],
    )
    def test_a_bad_request_is_refused_clearly_and_stores_nothing(self, board, people, as_of, kind, formats, message):
        with pytest.raises(ReportInputError, match=message):
            request_report(user=people.admin, plan=board.indicators["18"].plan, kind=kind, as_of=as_of,
                           formats=formats)
        assert not Report.objects.exists()

    def test_a_report_is_made_once_even_when_asked_twice(self, board, people):
        from plantrack.reports.services import run_report

        report = request_report(user=people.admin, plan=board.indicators["18"].plan, kind="final",
                                as_of="2028-12", formats=["html"])
        first = run_report(report=report)
        second = run_report(report=report)
        assert first.state == second.state == Report.State.DONE
        assert report.files.filter(annex="").count() == 1 and report.files.filter(format="xlsx").count() == 4
