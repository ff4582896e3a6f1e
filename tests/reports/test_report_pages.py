"""Report pages: the planning office asks for a report and watches it being made; leaders and supervisors read;
clerks see nothing of it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from plantrack.reports.models import Report
from web.board_world import build_board


@pytest.fixture
def board(tree):
    return build_board(tree)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class TestReportPages:
    def test_the_office_asks_for_a_report_and_the_worker_makes_it(self, transactional_db, board, people):
        # transactional: the worker commits and reconnects between jobs, as it does in its own process
        client = _client(people.admin)
        plan = board.indicators["18"].plan
        response = client.post("/reports/", {"plan": plan.pk, "kind": "midterm", "as_of": "2028-12",
                                             "formats": ["docx", "html"]})
        report = Report.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
        page = client.get(f"/reports/{report.pk}/").content.decode()
        # The page only shows the progress (polled); the request never renders the report itself.
        assert 'role="status"' in page and f"/reports/{report.pk}/progress/" in page
        assert f"/reports/{report.pk}/run/" not in page
        report.refresh_from_db()
        assert report.state == Report.State.QUEUED
        call_command("worker", batch=True, no_schedule=True, interval=0)
        page = client.get(f"/reports/{report.pk}/").content.decode()
        assert "森林覆盖率" in page and 'data-status="滞后"' in page
        download = client.get(f"/reports/{report.pk}/docx/")
        assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
        assert b"".join(download.streaming_content)[:2] == b"PK"
        progress = client.get(f"/reports/{report.pk}/progress/")
        assert progress["HX-Refresh"] == "true" and "100%" in progress.content.decode()

    def test_a_bad_month_is_shown_on_the_form(self, board, people):
        response = _client(people.admin).post("/reports/", {
            "plan": board.indicators["18"].plan.pk, "kind": "final", "as_of": "2050-01", "formats": ["html"],
        })
        assert response.status_code == 200 and "不在规划期" in response.content.decode()
        assert not Report.objects.exists()

    def test_leaders_read_but_cannot_generate_and_clerks_see_nothing(self, board, people):
        from plantrack.reports.services import generate_report

        report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="final",
                                 as_of="2028-12", formats=["html"])
        leader = _client(people.leader)
        assert leader.get(f"/reports/{report.pk}/").status_code == 200
        assert "生成报告" not in leader.get("/reports/").content.decode()
        assert leader.post("/reports/", {"kind": "final"}).status_code == 403
        assert leader.post(f"/reports/{report.pk}/run/").status_code == 403
        clerk = _client(people.ordos_clerk)
        for url in ("/reports/", f"/reports/{report.pk}/", f"/reports/{report.pk}/html/"):
            assert clerk.get(url).status_code == 403
        assert _client(people.admin).get(f"/reports/{report.pk + 99}/").status_code == 404

    def test_an_anonymous_visit_goes_to_the_login_page_and_is_not_an_access_denial(self, board, people):
        from plantrack.orgs.models import AccessDenial
        from plantrack.reports.services import generate_report

        report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="final",
                                 as_of="2028-12", formats=["html"])
        anonymous = Client()
        for url in ("/reports/", f"/reports/{report.pk}/", f"/reports/{report.pk}/progress/",
                    f"/reports/{report.pk}/html/"):
            response = anonymous.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/login/?next="), url
        response = anonymous.post(f"/reports/{report.pk}/run/")
        assert response.status_code == 302 and "login" in response["Location"]
        assert not AccessDenial.objects.exists()


class TestEditingAndApprovingOnThePage:
    """The pages behind the browser test of a report's life (tests/reports/test_report_browser.py), through the
    test client so they run on PostgreSQL too: a paragraph rewritten on the page, sent for review, approved by a
    leader, and from then on the same bytes on every download."""

    def test_a_paragraph_rewritten_on_the_page_and_approved_is_the_same_file_on_every_download(self, board, people):
        import hashlib
        import io

        from docx import Document

        from plantrack.reports.services import generate_report

        report = generate_report(user=people.admin, plan=board.indicators["18"].plan, kind="midterm",
                                 as_of="2028-12", formats=["docx", "html"])
        office, leader = _client(people.admin), _client(people.leader)
        words = "总体看，规划实施开局良好，森林覆盖率等指标仍需加力。"
        response = office.post(f"/reports/{report.pk}/text/", {"key": "overview", "text": words})
        assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
        page = office.get(f"/reports/{report.pk}/").content.decode()
        assert words in page and "修改段落" in page
        assert "不能为空" in office.post(f"/reports/{report.pk}/text/", {"key": "overview", "text": " "}
                                       ).content.decode()
        assert leader.post(f"/reports/{report.pk}/text/", {"key": "overview", "text": "改"}).status_code == 403

        assert office.post(f"/reports/{report.pk}/stage/", {"action": "submit"}).status_code == 302
        assert "审核" in office.post(f"/reports/{report.pk}/text/", {"key": "overview", "text": "审核中改"}
                                   ).content.decode()
        assert leader.post(f"/reports/{report.pk}/stage/", {"action": "approve"}).status_code == 302
        report.refresh_from_db()
        assert (report.stage, report.finalized_by) == (Report.Stage.FINAL, people.leader)
        assert "审定为定稿" in leader.get(f"/reports/{report.pk}/").content.decode()

        stored = {f.format: f.sha256 for f in report.files.filter(annex="")}
        for fmt in ("docx", "html"):
            bodies = {b"".join(office.get(f"/reports/{report.pk}/{fmt}/").streaming_content) for _ in range(2)}
            assert len(bodies) == 1 and hashlib.sha256(bodies.pop()).hexdigest() == stored[fmt]
        docx = b"".join(leader.get(f"/reports/{report.pk}/docx/").streaming_content)
        text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
        assert words in text and "未定稿" not in text


class TestNavigation:
    def test_the_reports_entry_shows_only_to_those_who_may_open_it(self, board, people):
        assert 'href="/reports/"' in _client(people.leader).get("/reports/").content.decode()
        home = _client(people.ordos_clerk).get("/").content.decode()
        assert 'href="/reports/"' not in home
