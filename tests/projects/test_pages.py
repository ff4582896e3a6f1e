"""The project pages: the ledger and its "手续未办结" filter in the reader's scope, a project page where its unit
closes a procedure and records a week, the ledger upload, the dispatch sheet and ledger downloads."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from plantrack.projects.ledger import import_ledger
from plantrack.projects.models import ProcedureKind, Project


@pytest.fixture
def loaded(people, ledger, rows):
    path = ledger(rows)
    import_ledger(user=people.admin, source=path, name=path.name)
    return {p.name: p for p in Project.objects.all()}


@pytest.fixture
def as_user(client, password):
    def login(user):
        client.force_login(user)
        return client

    return login


class TestLedgerPage:
    def test_the_office_sees_every_project_and_the_open_filter_is_one_click(self, people, loaded, as_user):
        client = as_user(people.admin)
        page = client.get("/projects/").content.decode()
        assert all(name in page for name in loaded)
        open_page = client.get("/projects/?open=1").content.decode()
        assert "包头市城市快速路" not in open_page
        assert "林草审批、能耗审查" in open_page and "手续未办结项目" in open_page

    def test_a_clerk_sees_only_its_own_units_projects(self, people, loaded, as_user):
        page = as_user(people.baotou_clerk).get("/projects/").content.decode()
        assert "包头市城市快速路" in page and "达拉特旗" not in page

    def test_a_clerk_asking_for_another_unit_is_refused(self, people, loaded, as_user):
        assert as_user(people.baotou_clerk).get("/projects/?unit=150600").status_code == 403
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        assert as_user(people.baotou_clerk).get(f"/projects/{coal.pk}/").status_code == 403

    def test_a_stranger_is_sent_to_log_in(self, client, loaded):
        assert client.get("/projects/").status_code == 302


class TestProjectPage:
    def test_closing_a_procedure_takes_the_project_off_the_open_list(self, people, loaded, as_user):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        kind = ProcedureKind.objects.get(name="用地预审")
        client = as_user(people.ordos_clerk)
        response = client.post(f"/projects/{coal.pk}/procedures/{kind.pk}/",
                               {"state": "done", "done_on": "2026-05-06"})
        assert response.status_code == 302
        assert "鄂尔多斯煤化工园区基础设施" not in client.get("/projects/?open=1").content.decode()

    def test_done_without_a_date_is_refused_with_a_message(self, people, loaded, as_user):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        kind = ProcedureKind.objects.get(name="用地预审")
        client = as_user(people.ordos_clerk)
        page = client.post(f"/projects/{coal.pk}/procedures/{kind.pk}/", {"state": "done"}, follow=True)
        assert "已办结的手续须填写办结日期" in page.content.decode()
        coal.refresh_from_db()
        assert coal.open_procedures == ["用地预审"]

    def test_another_units_clerk_may_not_close_it(self, people, loaded, as_user):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        kind = ProcedureKind.objects.get(name="用地预审")
        response = as_user(people.baotou_clerk).post(f"/projects/{coal.pk}/procedures/{kind.pk}/",
                                                     {"state": "done", "done_on": "2026-05-06"})
        assert response.status_code == 403

    def test_a_week_is_recorded_from_the_page(self, people, loaded, as_user):
        wind = loaded["达拉特旗风光制氢一体化项目"]
        client = as_user(people.ordos_clerk)
        client.post(f"/projects/{wind.pk}/dispatch/", {
            "week": "2027-W14", "progress": "主体完工", "completed_wan": "100000",
            "blocker": "并网指标未落实", "blocker_owner": "自治区能源局", "blocker_due": "2027-05-01"})
        page = client.get(f"/projects/{wind.pk}/").content.decode()
        assert "主体完工" in page and "并网指标未落实" in page and "自治区能源局" in page

    def test_a_blocker_without_owner_is_refused(self, people, loaded, as_user):
        wind = loaded["达拉特旗风光制氢一体化项目"]
        page = as_user(people.ordos_clerk).post(f"/projects/{wind.pk}/dispatch/", {
            "week": "2027-W14", "progress": "主体完工", "blocker": "并网指标未落实"}, follow=True).content.decode()
        assert "须写明责任单位" in page and "须写明解决时限" in page
        assert not wind.dispatches.exists()


class TestFiles:
    def test_uploading_a_bad_ledger_lists_the_errors_and_writes_nothing(self, people, as_user, ledger, rows):
        rows[0][6] = "很多"
        with ledger(rows).open("rb") as f:
            response = as_user(people.admin).post("/projects/import/", {"file": f})
        assert response.status_code == 400
        assert "第4行 G列（总投资）" in response.content.decode()
        assert not Project.objects.exists()

    def test_uploading_a_good_ledger_previews_it_then_imports_on_confirmation(self, people, as_user, ledger, rows):
        client = as_user(people.admin)
        with ledger(rows).open("rb") as f:
            preview = client.post("/projects/import/", {"file": f})
        assert preview.status_code == 200 and not Project.objects.exists()
        page = preview.content.decode()
        assert "达拉特旗风光制氢一体化项目" in page and "审批手续：林草审批" in page
        token = preview.context["token"]
        done = client.post("/projects/import/", {"token": token, "columns": "0", "confirm": "1"}, follow=True)
        assert "新增3个项目" in done.content.decode()
        assert Project.objects.count() == 3

    def test_another_users_staged_file_cannot_be_imported(self, people, as_user, ledger, rows, client):
        with ledger(rows).open("rb") as f:
            token = as_user(people.admin).post("/projects/import/", {"file": f}).context["token"]
        client.logout()
        client.force_login(people.ordos_clerk)
        client.post("/projects/import/", {"token": token, "columns": "0", "confirm": "1"})
        assert not Project.objects.exists()

    def test_the_dispatch_sheet_downloads_in_both_formats(self, people, loaded, as_user):
        client = as_user(people.ordos_clerk)
        xlsx = client.get("/projects/dispatch-sheet/?week=2027-W14&format=xlsx")
        rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))[3:]
        names = [r[1] for r in rows if isinstance(r[0], int)]  # project rows, not group headings or subtotals
        assert sorted(names) == sorted(["达拉特旗风光制氢一体化项目", "鄂尔多斯煤化工园区基础设施"])
        docx = client.get("/projects/dispatch-sheet/?week=2027-W14&format=docx")
        assert len(Document(io.BytesIO(docx.content)).tables[0].rows) == 1 + 2 * 3

    def test_a_bad_week_is_a_message_not_an_error_page(self, people, loaded, as_user):
        page = as_user(people.admin).get("/projects/dispatch-sheet/?week=abc", follow=True)
        assert page.status_code == 200 and "不是周次" in page.content.decode()

    def test_the_exported_ledger_imports_back_unchanged(self, people, loaded, as_user, tmp_path):
        data = as_user(people.admin).get("/projects/export.xlsx").content
        path = tmp_path / "export.xlsx"
        path.write_bytes(data)
        result = import_ledger(user=people.admin, source=path, name=path.name)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)


class TestIndicatorPage:
    def test_an_indicator_page_lists_the_projects_serving_it(self, people, loaded, as_user):
        from plantrack.indicators.models import Indicator
        from plantrack.plans.models import Plan

        plan = Plan.objects.create(title="规划", region="区", period_start=2026, period_end=2030)
        indicator = Indicator.objects.create(plan=plan, code="9", name="固定资产投资", unit="亿元",
                                             target_type=Indicator.TargetType.ANNUAL_GROWTH)
        loaded["包头市城市快速路"].indicators.add(indicator)
        response = as_user(people.admin).get(f"/indicators/{indicator.pk}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "服务本指标的重大项目" in page and "包头市城市快速路" in page
