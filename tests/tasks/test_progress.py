"""Progress reports (进展报送): a unit reports per period with a percentage, text and evidence files."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from plantrack.tasks.errors import TaskRejected
from plantrack.tasks.evidence import evidence_path
from plantrack.tasks.models import Task, TaskEvidence, TaskProgress
from plantrack.tasks.services import report_progress

TODAY = date(2026, 11, 20)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def files_in(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


class TestReportProgress:
    def test_the_lead_units_report_moves_the_task(self, office, tree, give_task):
        task = give_task(lead="150600")
        report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q3",
                        text="一期工程开工", percent="35", today=TODAY)
        task.refresh_from_db()
        assert task.progress == Decimal("35") and task.last_period == "2026Q3" and task.status == Task.Status.OPEN

    def test_reporting_the_same_period_again_replaces_it(self, office, tree, give_task):
        task = give_task(lead="150600")
        for percent in ("35", "40"):
            report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q3",
                            text="进展", percent=percent, today=TODAY)
        assert TaskProgress.objects.get(task=task).percent == Decimal("40")

    def test_an_older_periods_report_does_not_move_the_task_back(self, office, tree, give_task):
        task = give_task(lead="150600")
        report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q3", text="三季度",
                        percent="50", today=TODAY)
        report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q2", text="补报二季度",
                        percent="20", today=TODAY)
        task.refresh_from_db()
        assert task.progress == Decimal("50") and task.last_period == "2026Q3"

    def test_one_hundred_percent_asks_the_office_to_review_and_only_the_office_completes(self, office, tree,
                                                                                          give_task, settings):
        from django.core.exceptions import PermissionDenied

        from plantrack.tasks.supervision import review_done_task

        settings.PLANTRACK_TODAY = TODAY.isoformat()
        task = give_task(lead="150600")
        report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q4", text="全部完成",
                        percent="100", today=TODAY)
        task.refresh_from_db()
        assert task.status == Task.Status.REVIEW and task.completed_on is None
        with pytest.raises(PermissionDenied):
            review_done_task(user=office.ordos_clerk, task=task, accept=True)
        with pytest.raises(TaskRejected, match="退回时须说明理由"):
            review_done_task(user=office.admin, task=task, accept=False)
        review_done_task(user=office.admin, task=task, accept=False, note="佐证材料不全")
        assert task.status == Task.Status.OPEN
        report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q4", text="补齐材料",
                        percent="100", today=TODAY)
        task.refresh_from_db()
        review_done_task(user=office.admin, task=task, accept=True, note="同意销号")
        assert task.status == Task.Status.DONE and task.completed_on == TODAY

    def test_a_supporting_units_report_is_kept_but_does_not_set_the_tasks_progress(self, office, tree, give_task):
        task = give_task(lead="150600", supporting=["150200"])
        report_progress(user=office.baotou_clerk, task=task, unit=tree["150200"], period="2026Q3",
                        text="配合完成用地保障", percent="80", today=TODAY)
        task.refresh_from_db()
        assert task.progress == 0 and task.last_period == ""
        assert TaskProgress.objects.get(task=task).unit.code == "150200"

    def test_a_clerk_cannot_report_for_a_unit_that_has_no_part_in_the_task(self, office, tree, give_task):
        task = give_task(lead="150600")
        with pytest.raises(PermissionDenied):
            report_progress(user=office.baotou_clerk, task=task, unit=tree["150200"], period="2026Q3", text="x",
                            percent="10", today=TODAY)
        with pytest.raises(PermissionDenied):
            report_progress(user=office.baotou_clerk, task=task, unit=tree["150600"], period="2026Q3", text="x",
                            percent="10", today=TODAY)
        with pytest.raises(PermissionDenied):  # a supervisor reads everything and writes nothing
            report_progress(user=office.supervisor, task=task, unit=tree["150600"], period="2026Q3", text="x",
                            percent="10", today=TODAY)
        assert not TaskProgress.objects.exists()

    @pytest.mark.parametrize(("period", "percent", "text", "says"), [
        ("2026Q3", "120", "进展", "不在 0–100 之间"),
        ("2026Q3", "三成", "进展", "应为 0–100 之间的数字"),
        ("2027Q1", "10", "进展", "还没有开始"),
        ("2026季度3", "10", "进展", "报告期："),
        ("2026Q3", "10", "   ", "进展情况：不能为空"),
    ])
    def test_bad_reports_are_refused_naming_the_field(self, office, tree, give_task, period, percent, text, says):
        task = give_task(lead="150600")
        with pytest.raises(TaskRejected) as caught:
            report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period=period, text=text,
                            percent=percent, today=TODAY)
        assert says in str(caught.value)
        assert not TaskProgress.objects.exists()


class TestEvidence:
    def test_evidence_is_stored_under_the_data_dir_by_a_random_name(self, office, tree, give_task, tmp_path):
        task = give_task(lead="150600")
        report = report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q3",
                                 text="验收", percent="50", files=[("../../验收报告.pdf", io.BytesIO(PDF))],
                                 today=TODAY)
        evidence = report.evidence.get()
        assert evidence.original_name == "验收报告.pdf" and evidence.size == len(PDF)
        stored = evidence_path(evidence.stored_name)
        assert stored.read_bytes() == PDF
        assert stored.is_relative_to(tmp_path / "evidence" / "tasks") and "验收" not in stored.name

    @pytest.mark.parametrize(("name", "content", "says"), [
        ("run.exe", b"MZ\x90\x00", "只接受"),
        ("fake.pdf", b"<html>not a pdf</html>", "内容不是PDF文件"),
        ("empty.png", b"", "空文件"),
    ])
    def test_a_bad_file_refuses_the_whole_report(self, office, tree, give_task, tmp_path, name, content, says):
        task = give_task(lead="150600")
        with pytest.raises(TaskRejected, match=says):
            report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q3", text="x",
                            percent="10", files=[("ok.pdf", io.BytesIO(PDF)), (name, io.BytesIO(content))],
                            today=TODAY)
        assert not TaskProgress.objects.exists() and files_in(tmp_path) == []

    def test_a_file_over_the_size_limit_is_refused(self, office, tree, give_task, settings, tmp_path):
        settings.PLANTRACK_EVIDENCE_MAX_BYTES = 1024
        task = give_task(lead="150600")
        with pytest.raises(TaskRejected, match="超过上限"):
            report_progress(user=office.ordos_clerk, task=task, unit=tree["150600"], period="2026Q3", text="x",
                            percent="10", files=[("big.pdf", io.BytesIO(PDF + b"0" * 2048))], today=TODAY)
        assert files_in(tmp_path) == []

    def test_the_page_stores_the_report_with_files_and_only_readers_may_download(self, client, office, give_task):
        task = give_task(lead="150600")
        client.force_login(office.ordos_clerk)
        upload = io.BytesIO(PDF)
        upload.name = "现场照片说明.pdf"
        response = client.post(reverse("tasks:report", args=[task.pk]), {
            "unit": task.lead_unit.pk, "period": "2026Q3", "percent": "30", "text": "完成征地", "evidence": [upload],
        })
        assert response.status_code == 302
        evidence = TaskEvidence.objects.get()
        download = client.get(reverse("tasks:evidence", args=[evidence.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert "attachment" in download["Content-Disposition"]
        client.force_login(office.baotou_clerk)
        assert client.get(reverse("tasks:evidence", args=[evidence.pk])).status_code == 403

    def test_the_page_shows_a_refused_report_with_its_reason(self, client, office, give_task):
        task = give_task(lead="150600")
        client.force_login(office.ordos_clerk)
        response = client.post(reverse("tasks:report", args=[task.pk]), {
            "unit": task.lead_unit.pk, "period": "2026Q3", "percent": "150", "text": "完成征地",
        })
        assert response.status_code == 400 and "不在 0–100 之间" in response.content.decode()
        assert not TaskProgress.objects.exists()
