"""Weekly dispatch (周调度): a unit records progress and 堵点 with owner and due date; the meeting sheet is written
as xlsx and docx, opened and read back."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from plantrack.projects.dispatch_sheet import build_dispatch_sheet, render_dispatch_sheet
from plantrack.projects.errors import ProjectRejected
from plantrack.projects.ledger import import_ledger
from plantrack.projects.models import Blocker, Project
from plantrack.projects.services import BlockerInput, record_dispatch, resolve_blocker


@pytest.fixture
def loaded(people, ledger, rows):
    path = ledger(rows)
    import_ledger(user=people.admin, source=path, name=path.name)
    return {p.name: p for p in Project.objects.all()}


@pytest.fixture
def week14(people, loaded):
    wind = loaded["达拉特旗风光制氢一体化项目"]
    record_dispatch(user=people.ordos_clerk, project=wind, week="2027-W14", progress="风机基础完成80%",
                    completed_wan=Decimal("120000"),
                    blockers=[BlockerInput("林地审批未批复", "自治区林草局", date(2027, 4, 30)),
                              BlockerInput("送出线路路径未定", "达拉特旗发改委", date(2027, 3, 31))])
    return wind


class TestRecordDispatch:
    def test_a_week_is_recorded_with_its_blockers_and_moves_completed_investment(self, week14):
        week14.refresh_from_db()
        assert week14.completed_wan == Decimal("120000")
        record = week14.dispatches.get()
        assert record.week == "2027-W14"
        assert sorted(b.owner for b in record.blockers.all()) == ["自治区林草局", "达拉特旗发改委"]
        month = week14.investments.get(year=2027, month=4)
        assert month.completed_wan == Decimal("120000")

    def test_recording_the_same_week_again_replaces_it(self, people, week14):
        record_dispatch(user=people.ordos_clerk, project=week14, week="2027w14", progress="风机吊装开始",
                        blockers=[BlockerInput("林地审批未批复", "自治区林草局", date(2027, 4, 30))])
        assert week14.dispatches.count() == 1
        assert week14.dispatches.get().progress == "风机吊装开始"
        assert Blocker.objects.filter(project=week14).count() == 1

    @pytest.mark.parametrize("week, progress, completed, blocker, message", [
        ("2027-W54", "进展", None, None, "调度周"),
        ("2027-W14", " ", None, None, "本周进展"),
        ("2027-W14", "进展", Decimal("999999"), None, "累计完成投资"),
        ("2027-W14", "进展", None, BlockerInput("问题", "", None), "堵点1"),
    ])
    def test_bad_input_is_refused_naming_the_field(self, people, loaded, week, progress, completed, blocker,
                                                   message):
        wind = loaded["达拉特旗风光制氢一体化项目"]
        with pytest.raises(ProjectRejected, match=message):
            record_dispatch(user=people.ordos_clerk, project=wind, week=week, progress=progress,
                            completed_wan=completed, blockers=[blocker] if blocker else [])
        assert not wind.dispatches.exists()

    def test_another_units_clerk_may_not_record(self, people, loaded):
        with pytest.raises(PermissionDenied):
            record_dispatch(user=people.baotou_clerk, project=loaded["达拉特旗风光制氢一体化项目"], week="2027-W14",
                            progress="x")


class TestDispatchSheet:
    def test_the_sheet_lists_projects_progress_open_procedures_and_blockers(self, people, week14):
        sheet = build_dispatch_sheet(user=people.admin, week="2027-W14", detail=True)
        by_name = {r.name: r for r in sheet.rows}
        assert set(by_name) == set(Project.objects.values_list("name", flat=True))
        wind = by_name["达拉特旗风光制氢一体化项目"]
        assert wind.progress == "风机基础完成80%"
        assert wind.open_procedures == ["林草审批", "能耗审查"]
        assert wind.blockers[0] == "送出线路路径未定（达拉特旗发改委，2027-03-31前）（已超期）"
        assert by_name["包头市城市快速路"].progress == "本周未报送"
        assert (sheet.reported, sheet.open_blockers) == (1, 2)

    def test_the_rate_is_against_the_years_plan_not_the_total(self, people, week14):
        from plantrack.projects.models import DispatchRecord, ProjectInvestment

        ProjectInvestment.objects.create(project=week14, year=2027, planned_wan=Decimal("80000"))
        DispatchRecord.objects.filter(project=week14).update(week_completed_wan=Decimal("6000"))
        record_dispatch(user=people.ordos_clerk, project=week14, week="2027-W13", progress="基础施工")
        DispatchRecord.objects.filter(project=week14, week="2027-W13").update(week_completed_wan=Decimal("10000"))
        sheet = build_dispatch_sheet(user=people.admin, week="2027-W14", unit=week14.region)
        wind = sheet.rows[0]
        assert (wind.annual_plan_wan, wind.year_completed_wan) == (Decimal("80000"), Decimal("16000"))
        assert wind.year_rate == "20.0%"

    def test_a_resolved_blocker_leaves_the_sheet(self, people, week14):
        blocker = Blocker.objects.get(owner="达拉特旗发改委")
        resolve_blocker(user=people.ordos_clerk, blocker=blocker, on=date(2027, 4, 2))
        sheet = build_dispatch_sheet(user=people.admin, week="2027-W15", detail=True)
        wind = next(r for r in sheet.rows if r.name == "达拉特旗风光制氢一体化项目")
        assert wind.blockers == ["林地审批未批复（自治区林草局，2027-04-30前）"]
        assert wind.progress == "本周未报送"

    def test_a_units_sheet_holds_only_its_subtree_under_its_own_title(self, people, week14, tree):
        sheet = build_dispatch_sheet(user=people.admin, week="2027-W14", unit=tree["150200"])
        assert [r.name for r in sheet.rows] == ["包头市城市快速路"]
        assert sheet.title == "包头市重大项目周调度表（2027年第14周（04月05日—04月11日））"
        clerk = build_dispatch_sheet(user=people.ordos_clerk, week="2027-W14")
        assert clerk.title.startswith("鄂尔多斯市重大项目周调度表") and clerk.summary is None

    def test_filters_narrow_the_sheet(self, people, week14, tree):
        ordos = tree["150600"]
        names = lambda **f: [r.name for r in build_dispatch_sheet(  # noqa: E731
            user=people.admin, week="2027-W14", unit=ordos, **f).rows]
        assert names(with_blockers=True) == ["达拉特旗风光制氢一体化项目"]
        assert names(unreported=True) == ["鄂尔多斯煤化工园区基础设施"]
        assert sorted(names(with_open_procedures=True)) == sorted(names())

    def test_the_region_sheet_summarises_by_prefecture(self, people, week14):
        sheet = build_dispatch_sheet(user=people.admin, week="2027-W14")
        assert sheet.title.startswith("内蒙古自治区重大项目周调度表")
        by_name = {s.name: s for s in sheet.summary}
        assert set(by_name) == {"鄂尔多斯市", "包头市"}
        assert (by_name["鄂尔多斯市"].projects, by_name["鄂尔多斯市"].with_blockers) == (2, 1)
        assert by_name["鄂尔多斯市"].unreported == 1

    def test_a_week_not_yet_begun_is_refused(self, people, loaded, settings):
        settings.PLANTRACK_TODAY = "2027-04-01"
        with pytest.raises(ValueError, match="尚未到来"):
            build_dispatch_sheet(user=people.admin, week="2027-W15")

    def test_xlsx_prints_as_a_meeting_document(self, people, week14, tree):
        sheet = build_dispatch_sheet(user=people.admin, week="2027-W14", unit=tree["150600"])
        ws = load_workbook(io.BytesIO(render_dispatch_sheet(sheet, "xlsx"))).active
        values = list(ws.iter_rows(values_only=True))
        assert values[0][0].startswith("鄂尔多斯市重大项目周调度表")
        assert values[2][:3] == ("序号", "项目名称", "建设地点")
        wind = next(r for r in values[3:] if r[1] == "达拉特旗风光制氢一体化项目")
        assert wind[5] == 250000 and wind[12] == "风机基础完成80%" and "林地审批未批复" in wind[13]
        assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and "&P" in ws.oddFooter.center.text
        assert len({ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNO"}) > 3  # fitted, not equal

    def test_a_blocker_starting_with_equals_is_written_as_text(self, people, loaded):
        wind = loaded["达拉特旗风光制氢一体化项目"]
        record_dispatch(user=people.ordos_clerk, project=wind, week="2027-W14", progress="=1+2",
                        blockers=[BlockerInput('=HYPERLINK("http://x.example")', "某局", date(2027, 4, 30))])
        data = render_dispatch_sheet(build_dispatch_sheet(user=people.admin, week="2027-W14", unit=wind.region),
                                     "xlsx")
        cells = [c for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert any(c.value == "=1+2" for c in cells)

    def test_docx_opens_with_heading_and_a_table_row_per_project(self, people, week14, tree):
        sheet = build_dispatch_sheet(user=people.admin, week="2027-W14", unit=tree["150600"])
        document = Document(io.BytesIO(render_dispatch_sheet(sheet, "docx")))
        assert document.paragraphs[0].text.startswith("鄂尔多斯市重大项目周调度表（2027年第14周")
        assert "本周报送1个，未解决堵点2个" in document.paragraphs[1].text
        table = document.tables[0]
        assert [c.text for c in table.rows[0].cells][:2] == ["序号", "项目名称"]
        cells = next([c.text for c in r.cells] for r in table.rows if r.cells[1].text == "达拉特旗风光制氢一体化项目")
        assert cells[5] == "250,000" and cells[12] == "风机基础完成80%"
        section = document.sections[0]
        assert round(section.page_width.cm, 1) == 29.7 and round(section.page_height.cm, 1) == 21.0

    # call_command rather than the `plantrack` entry point, which closes the connection (and so, on PostgreSQL,
    # the test's transaction) when done.
    def test_the_command_writes_both_formats(self, people, week14, tmp_path):
        out = tmp_path / "sheet.docx"
        call_command("dispatch_sheet", "--week", "2027-W14", "--unit", "150600", "--format", "docx",
                     "--out", str(out), stdout=io.StringIO())
        # the header, then for each category (新能源, 基础设施) its heading row, its project and its subtotal
        assert len(Document(str(out)).tables[0].rows) == 1 + 2 * 3
        out = tmp_path / "sheet.xlsx"
        call_command("dispatch_sheet", "--week", "2027-W14", "--format", "xlsx", "--out", str(out),
                     stdout=io.StringIO())
        sheet = load_workbook(out).active
        assert (sheet["B4"].value, sheet["B5"].value) == ("包头市", "鄂尔多斯市")  # the region's sheet: by 盟市

    def test_the_command_refuses_a_bad_week(self, people, loaded, tmp_path):
        with pytest.raises(CommandError, match="2027-W14"):
            call_command("dispatch_sheet", "--week", "14周", "--format", "xlsx", "--out", str(tmp_path / "x.xlsx"))
        assert not (tmp_path / "x.xlsx").exists()


class TestDispatchGuards:
    @pytest.mark.parametrize("progress, blocker, message", [
        ("进展" * 1001, None, "本周进展：不能超过2000字"),
        ("进展\x1b", None, "控制字符"),
        ("进展", BlockerInput("问" * 100_000, "某局", date(2027, 4, 30)), "堵点1：不能超过2000字"),
        ("进展", BlockerInput("问题\u202e", "某局", date(2027, 4, 30)), "控制字符"),
        ("进展", BlockerInput("问题", "某局", date(1, 1, 1)), "解决时限"),
        ("进展", BlockerInput("问题", "某局", date(9999, 12, 31)), "解决时限"),
    ])
    def test_texts_and_dates_are_bounded(self, people, loaded, progress, blocker, message):
        wind = loaded["达拉特旗风光制氢一体化项目"]
        with pytest.raises(ProjectRejected, match=message):
            record_dispatch(user=people.ordos_clerk, project=wind, week="2027-W14", progress=progress,
                            blockers=[blocker] if blocker else [])
        assert not wind.dispatches.exists()

    def test_a_future_week_is_refused_by_the_clock(self, people, loaded, settings):
        settings.PLANTRACK_TODAY = "2027-04-01"
        with pytest.raises(ProjectRejected, match="尚未到来"):
            record_dispatch(user=people.ordos_clerk, project=loaded["达拉特旗风光制氢一体化项目"], week="2027-W15",
                            progress="进展")
