"""Approval procedures (审批手续) and the "手续未办结" list: closing a procedure takes the project off the list,
the list follows the user's scope, and the command line prints it in the agreed JSON shape."""

from __future__ import annotations

import datetime as dt
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import import_ledger
from plantrack.projects.models import ProcedureKind, Project
from plantrack.projects.selectors import open_procedures
from plantrack.projects.services import set_procedure_state


@pytest.fixture
def loaded(people, ledger, rows):
    path = ledger(rows)
    import_ledger(user=people.admin, source=path, name=path.name)
    return {p.name: p for p in Project.objects.all()}


def kind(name: str) -> ProcedureKind:
    return ProcedureKind.objects.get(name=name)


class TestOpenProcedures:
    def test_the_list_names_each_project_with_its_open_procedures(self, people, loaded):
        rows = open_procedures(user=people.admin)
        assert rows == [
            {"name": "鄂尔多斯煤化工园区基础设施", "unit": "150600", "total_investment_wan": 52000.0,
             "open": ["用地预审"]},
            {"name": "达拉特旗风光制氢一体化项目", "unit": "150621", "total_investment_wan": 250000.0,
             "open": ["林草审批", "能耗审查"]},
        ]

    def test_closing_the_last_open_procedure_takes_the_project_off_the_list(self, people, loaded):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        set_procedure_state(user=people.ordos_clerk, project=coal, kind=kind("用地预审"), state="done",
                            done_on=date(2026, 5, 6))
        names = [r["name"] for r in open_procedures(user=people.admin)]
        assert names == ["达拉特旗风光制氢一体化项目"]
        assert str(coal.procedures.get(kind__name="用地预审").done_on) == "2026-05-06"

    def test_a_procedure_not_needed_is_not_open(self, people, loaded):
        wind = loaded["达拉特旗风光制氢一体化项目"]
        set_procedure_state(user=people.admin, project=wind, kind=kind("能耗审查"), state="not_needed")
        wind.refresh_from_db()
        assert wind.open_procedures == ["林草审批"]

    def test_reopening_puts_it_back(self, people, loaded):
        road = loaded["包头市城市快速路"]
        set_procedure_state(user=people.baotou_clerk, project=road, kind=kind("施工许可"), state="in_progress")
        assert [r["name"] for r in open_procedures(user=people.admin, unit=road.region)] == ["包头市城市快速路"]

    def test_done_needs_a_date_not_in_the_future(self, people, loaded):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        with pytest.raises(ProjectRejected, match="办结日期"):
            set_procedure_state(user=people.admin, project=coal, kind=kind("用地预审"), state="done")
        with pytest.raises(ProjectRejected, match="不能晚于今天"):
            set_procedure_state(user=people.admin, project=coal, kind=kind("用地预审"), state="done",
                                done_on=date(2999, 1, 1))

    def test_a_retired_procedure_kind_no_longer_counts_as_open(self, people, loaded):
        from plantrack.projects.services import refresh_open_procedures

        ProcedureKind.objects.filter(name="林草审批").update(active=False)
        wind = loaded["达拉特旗风光制氢一体化项目"]
        refresh_open_procedures(wind)
        assert wind.open_procedures == ["能耗审查"]


class TestProcedureScope:
    def test_a_clerk_sees_only_its_own_subtree(self, people, loaded):
        assert [r["unit"] for r in open_procedures(user=people.baotou_clerk)] == []
        assert {r["unit"] for r in open_procedures(user=people.ordos_clerk)} == {"150600", "150621"}

    def test_a_clerk_cannot_close_another_units_procedure(self, people, loaded):
        coal = loaded["鄂尔多斯煤化工园区基础设施"]
        with pytest.raises(PermissionDenied):
            set_procedure_state(user=people.baotou_clerk, project=coal, kind=kind("用地预审"), state="done",
                                done_on=date(2026, 5, 6))
        assert open_procedures(user=people.admin)[0]["open"] == ["用地预审"]

    def test_a_supervisor_reads_but_cannot_close(self, people, loaded):
        assert len(open_procedures(user=people.supervisor)) == 2
        with pytest.raises(PermissionDenied):
            set_procedure_state(user=people.supervisor, project=loaded["鄂尔多斯煤化工园区基础设施"],
                                kind=kind("用地预审"), state="not_needed")


class TestCommandLine:
    # call_command rather than the `plantrack` entry point: that one closes the database connection when done,
    # which would end the test's transaction on PostgreSQL.
    def run(self, *args) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue()

    def test_open_procedures_json(self, people, loaded):
        data = json.loads(self.run("projects", "--open-procedures", "--json"))
        assert [set(r) for r in data] == [{"name", "unit", "total_investment_wan", "open"}] * 2
        assert data[1]["open"] == ["林草审批", "能耗审查"]
        assert isinstance(data[0]["total_investment_wan"], float)

    def test_the_listing_writes_each_total_investment_as_stored_not_rounded_to_whole_wan(self, people, loaded):
        project = loaded["达拉特旗风光制氢一体化项目"]
        Project.objects.filter(pk=project.pk).update(total_investment_wan=Decimal("1234567.5"))
        line = next(x for x in self.run("projects", "--open-procedures").splitlines() if project.name in x)
        assert "1,234,567.5万元" in line

    def test_open_procedures_of_one_unit(self, people, loaded):
        data = json.loads(self.run("projects", "--open-procedures", "--unit", "150621", "--json"))
        assert [r["name"] for r in data] == ["达拉特旗风光制氢一体化项目"]

    def test_import_projects_command_all_or_nothing(self, people, ledger, rows):
        assert "新增3个项目" in self.run("import_projects", str(ledger(rows)))
        rows[0][8] = "很多"
        with pytest.raises(CommandError) as caught:
            self.run("import_projects", str(ledger(rows, name="坏.xlsx")))
        assert "nothing imported" in str(caught.value) and "第4行 I列（累计完成投资）" in str(caught.value)
        assert Project.objects.get(code=rows[0][1]).completed_wan == 30000


class TestProcedureDetails:
    def test_the_page_records_department_expected_date_and_flags_and_shows_days_open(self, people, loaded, client,
                                                                                   settings):
        wind = loaded["达拉特旗风光制氢一体化项目"]
        kind = ProcedureKind.objects.get(name="林草审批")
        client.force_login(people.ordos_clerk)
        client.post(f"/projects/{wind.pk}/procedures/{kind.pk}/", {
            "state": "in_progress", "department": "自治区林草局", "expected_on": "2027-06-30", "tolerant": "1"})
        proc = wind.procedures.get(kind=kind)
        assert (proc.department, str(proc.expected_on), proc.tolerant, proc.parallel) == (
            "自治区林草局", "2027-06-30", True, False)
        settings.PLANTRACK_TODAY = (proc.opened_on + dt.timedelta(days=12)).isoformat()
        page = client.get(f"/projects/{wind.pk}/").content.decode()
        row = page.split('data-procedure="林草审批"')[1].split("</tr>")[0]
        assert "自治区林草局" in row and "容缺" in row and '<td class="num">12</td>' in row
