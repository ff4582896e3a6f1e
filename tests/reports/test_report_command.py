"""`plantrack report`: one line on success, a clear one-line error otherwise, nothing half-written."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from plantrack.reports.models import Report
from web.board_world import build_board


@pytest.fixture
def board(tree):
    return build_board(tree)


class TestReportCommand:
    def test_it_writes_the_file_where_asked(self, board, tmp_path):
        out = tmp_path / "final.html"
        stdout = io.StringIO()
        call_command("report", "final", "--as-of", "2028M12", "--format", "html", "--out", str(out), stdout=stdout)
        assert "总结评估报告" in out.read_text(encoding="utf-8")
        assert str(out) in stdout.getvalue()

    def test_an_unreadable_month_is_one_clear_error(self, board, tmp_path):
        with pytest.raises(CommandError, match="无法识别"):
            call_command("report", "midterm", "--as-of", "next year", "--format", "docx",
                         "--out", str(tmp_path / "x.docx"))
        assert not (tmp_path / "x.docx").exists() and not Report.objects.exists()

    def test_without_a_plan_it_says_what_to_do(self, tree, tmp_path):
        with pytest.raises(CommandError, match="import a plan"):
            call_command("report", "midterm", "--as-of", "2028-12", "--out", str(tmp_path / "x.docx"))
