"""The bulk upload page (批量导入): real CSV/xlsx files through the test client, all or nothing, scope, size."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import Workbook

from plantrack.orgs.models import AccessDenial, User
from plantrack.plans.models import Plan
from plantrack.reporting.models import DataValue, DataValueChange

URL = "/reporting/bulk/"
HEADER = ["indicator_code", "unit_code", "period", "value", "measure_unit", "comment", "explanation"]
GOOD = [
    ["1", "150600", "2026M10", "2500.5", "亿元", "快报数", ""],
    ["2", "150600", "2026M10", "72.3", "%", "", ""],
    ["1", "150200", "2026M10", "3100", "", "", ""],
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER, *, sheet: str = "数据") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, path: Path, **fields):
    """Upload a file and confirm what its preview shows, as a clerk does; a preview with problems is returned."""
    with open(path, "rb") as fh:
        preview = client.post(URL, {"file": fh, **fields})
    return confirmed(client, preview)


def confirmed(client: Client, preview):
    """Confirm a preview as the person does; a preview with problems (or a refusal) is returned as it is."""
    if preview.status_code != 200 or not preview.context or "token" not in preview.context:
        return preview
    return client.post(URL, {"token": preview.context["token"], "confirm": "1", **preview.context["hidden"]})


def assert_nothing_written() -> None:
    assert DataValue.objects.count() == 0
    assert DataValueChange.objects.count() == 0


class TestGoodUploads:
    def test_an_admin_uploads_a_csv_and_the_values_come_in_through_the_bulk_channel(self, world, tmp_path):
        response = upload(as_user(world.admin), write_csv(tmp_path / "values.csv", GOOD))
        assert response.status_code == 302 and response["Location"] == URL
        assert DataValue.objects.count() == 3
        gdp = DataValue.objects.get(unit=world.ordos, indicator=world.gdp, period="2026M10")
        assert (gdp.value, gdp.channel, gdp.comment, gdp.state) == (Decimal("2500.5"), "bulk", "快报数", "draft")
        assert set(DataValueChange.objects.values_list("channel", flat=True)) == {"bulk"}

    def test_the_counts_are_shown_after_the_upload(self, world, tmp_path):
        client = as_user(world.admin)
        path = write_csv(tmp_path / "values.csv", GOOD)
        first = upload(client, path, submit="on")
        assert "新增3项，修改0项，未变0项，提交审核3项" in client.get(first["Location"]).content.decode()
        assert set(DataValue.objects.values_list("state", flat=True)) == {"submitted"}
        again = client.get(upload(client, path)["Location"]).content.decode()
        assert "新增0项，修改0项，未变3项" in again

    def test_an_xlsx_is_imported_too(self, world, tmp_path):
        rows = [["1", 150600, "2026M10", 2500.5], ["2", "150600", "2026M10", 72.3]]
        path = write_xlsx(tmp_path / "values.xlsx", rows)
        assert upload(as_user(world.admin), path).status_code == 302
        assert DataValue.objects.get(indicator=world.urban).value == Decimal("72.3")

    @pytest.mark.parametrize("kind", ["csv", "xlsx"])
    def test_a_file_spooled_to_disk_is_read_the_same(self, world, tmp_path, settings, kind):
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # Django keeps the upload in a temporary file
        path = (write_csv(tmp_path / "v.csv", GOOD) if kind == "csv"
                else write_xlsx(tmp_path / "v.xlsx", [row[:4] for row in GOOD], header=HEADER[:4]))
        assert upload(as_user(world.admin), path).status_code == 302
        assert DataValue.objects.count() == 3

    def test_a_statistics_bureau_clerk_uploads_for_its_own_unit(self, world, tmp_path, rounds_for):
        rounds_for("2026M10")
        clerk = User.objects.create(username="stats_clerk", role=User.Role.CLERK, unit=world.stats)
        path = write_csv(tmp_path / "values.csv", [["2", world.stats.code, "2026M10", "70.1"]])
        assert upload(as_user(clerk), path).status_code == 302
        assert DataValue.objects.get(unit=world.stats).updated_by == clerk

    def test_a_warning_asks_for_the_explanation_column_and_is_accepted_once_explained(self, world, tmp_path):
        client = as_user(world.admin)
        rows = [["5", "150600", "2026M9", "50", "", "", ""], ["5", "150600", "2026M10", "220", "", "", ""]]
        response = upload(client, write_csv(tmp_path / "values.csv", rows), submit="on")
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="needs-explanation"' in html and "explanation（预警说明）" in html
        assert "较上期增长340%" in html
        assert_nothing_written()
        rows[1][6] = "新增税源一次性入库"
        assert upload(client, write_csv(tmp_path / "explained.csv", rows)).status_code == 302
        assert DataValue.objects.get(period="2026M10").explanation == "新增税源一次性入库"

    def test_the_plan_is_chosen_when_there_are_several(self, world, tmp_path):
        other = Plan.objects.create(title="另一规划", region="测试区", period_start=2026, period_end=2030)
        client = as_user(world.admin)
        assert 'name="plan"' in client.get(URL).content.decode() and "另一规划" in client.get(URL).content.decode()
        path = write_csv(tmp_path / "values.csv", GOOD)
        assert upload(client, path).status_code == 400
        assert_nothing_written()
        refused = upload(client, path, plan=other.pk)
        assert refused.status_code == 400 and "不在本规划的指标库中" in refused.content.decode()
        assert upload(client, path, plan=world.plan.pk).status_code == 302
        assert DataValue.objects.count() == 3


class TestBadUploads:
    def test_text_in_a_number_cell_and_an_unknown_unit_are_listed_with_row_and_column(self, world, tmp_path):
        rows = GOOD + [["1", "150600", "2026M9", "约5%", "", "", ""], ["2", "159999", "2026M10", "70", "", "", ""]]
        response = upload(as_user(world.admin), write_csv(tmp_path / "values.csv", rows))
        assert response.status_code == 400
        html = response.content.decode()
        assert "没有写入任何数据：共2处问题" in html
        assert "第5行 D列（value）" in html and "“约5%”不是数字" in html
        assert "第6行 B列（unit_code）" in html and "单位代码“159999”不存在" in html
        assert_nothing_written()

    def test_a_long_list_of_findings_is_cut_and_the_total_said(self, world, tmp_path):
        rows = [[str(i), "150600", f"{y}M{m}", "x", "", "", ""]
                for i in range(1, 6) for y in range(2026, 2031) for m in range(1, 13)]
        response = upload(as_user(world.admin), write_csv(tmp_path / "values.csv", rows))
        html = response.content.decode()
        assert "共300处问题（下表列出前200处）" in html
        assert html.count('class="has-error"') == 200
        assert_nothing_written()

    def test_an_xlsx_finding_names_the_sheet(self, world, tmp_path):
        path = write_xlsx(tmp_path / "values.xlsx", [["1", "150600", "2026M10", "—"]], sheet="十月")
        response = upload(as_user(world.admin), path)
        assert response.status_code == 400
        assert "工作表“十月”第2行 D列（value）" in response.content.decode()
        assert_nothing_written()

    def test_a_baotou_clerk_uploading_ordos_rows_is_refused_and_logged(self, world, tmp_path):
        rows = [["1", "150200", "2026M10", "3100", "", "", ""], ["1", "150600", "2026M10", "2500", "", "", ""]]
        response = upload(as_user(world.baotou_clerk), write_csv(tmp_path / "values.csv", rows))
        assert response.status_code == 403
        assert_nothing_written()
        assert AccessDenial.objects.filter(user=world.baotou_clerk, unit=world.ordos, action="enter values").exists()

    def test_an_xlsx_over_the_size_limit_is_refused(self, world, tmp_path, settings):
        path = write_xlsx(tmp_path / "big.xlsx", [["1", "150600", f"2026M{m}", m] for m in range(1, 13)])
        settings.PLANTRACK_MAX_UPLOAD_BYTES = path.stat().st_size - 1
        response = upload(as_user(world.admin), path)
        assert response.status_code == 400
        assert "超过上限" in response.content.decode()
        assert_nothing_written()

    def test_a_file_of_another_type_is_refused(self, world, tmp_path):
        path = tmp_path / "values.docx"
        path.write_bytes(b"PK not a table")
        response = upload(as_user(world.admin), path)
        assert response.status_code == 400 and "请上传 .csv、.xlsx、.xls 或 .ods 文件" in response.content.decode()


class TestWhoMayUpload:
    def test_an_anonymous_visitor_is_sent_to_login(self, world, tmp_path):
        response = upload(Client(), write_csv(tmp_path / "values.csv", GOOD))
        assert response.status_code == 302 and "/login" in response["Location"]
        assert_nothing_written()

    def test_a_reviewer_may_not_upload_and_sees_no_link(self, world):
        assert as_user(world.ordos_reviewer).get(URL).status_code == 403
        assert AccessDenial.objects.filter(user=world.ordos_reviewer, action="bulk import values").exists()
        assert URL not in as_user(world.ordos_reviewer).get("/reporting/").content.decode()

    @pytest.mark.parametrize("who", ["admin", "baotou_clerk"])
    def test_admins_and_clerks_see_the_link(self, world, who):
        client = as_user(getattr(world, who))
        assert f'href="{URL}"' in client.get("/reporting/").content.decode()
        assert client.get(URL).status_code == 200
