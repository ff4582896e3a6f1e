"""A report says up to when its figures were approved by the project's one clock: in a world whose clock is fixed
(the demo seen from January 2029) that world's day, never the real moment it was generated beside it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from plantrack.reports.content import report_blocks
from plantrack.reports.models import Report
from plantrack.reports.services import generate_report, report_file_path
from web.board_world import build_board


@pytest.fixture
def board(tree):
    return build_board(tree)


def _meta(report: Report) -> str:
    return next(b.text for b in report_blocks(report.snapshot, report.texts) if b.kind == "meta")


def test_a_fixed_clock_s_report_names_that_day_in_the_page_and_the_files(board, people, settings):
    settings.PLANTRACK_TODAY = "2029-01-10"
    report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                             as_of="2028-12", formats=["html"])
    assert report.state == Report.State.DONE, report.error
    real_day = timezone.localdate().isoformat()
    assert real_day != "2029-01-10"
    meta = _meta(report)
    assert "依据截至2029-01-10已审核的数据" in meta and real_day not in meta
    client = Client()
    client.force_login(people.leader)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "依据截至2029-01-10已审核的数据" in page and real_day not in page.split('class="report-meta"')[1][:200]
    stored = report_file_path(report.files.get(format="html")).read_text(encoding="utf-8")
    assert "依据截至2029-01-10已审核的数据" in stored


def test_the_real_clock_names_the_moment_of_generation(board, people, settings):
    settings.PLANTRACK_TODAY = ""
    before = timezone.localtime()
    report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                             as_of="2026-06", formats=["html"])
    assert report.state == Report.State.DONE, report.error
    assert report.snapshot["data_as_of"] == report.snapshot["generated_at"]
    assert report.snapshot["data_as_of"][:10] in (before.date().isoformat(), timezone.localdate().isoformat())
    assert f"依据截至{report.snapshot['generated_at']}已审核的数据" in _meta(report)


def test_a_report_made_before_reads_as_it_did(board, people, settings):
    settings.PLANTRACK_TODAY = "2029-01-10"
    report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                             as_of="2028-12", formats=["html"])
    older = dict(report.snapshot)
    del older["data_as_of"]  # a snapshot taken before the date had a key of its own
    report.snapshot = older
    assert f"依据{older['generated_at']}已审核的数据" in _meta(report)
