"""The Excel fill-in template: generated for a unit and round, filled, uploaded back; every bad upload refused whole."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import Client

from api.world import PASSWORD, build_world, put_value
from plantrack.orgs.models import AccessDenial
from plantrack.reporting.excel_template import (
    DATA_SHEET,
    META_SHEET,
    TemplateError,
    read_template,
    template_for,
    upload_template,
)
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.models import DataValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    put_value(w, indicator=w.jobs, unit=w.ordos, period="2026M9", value="1.5", state=DataValue.State.APPROVED)
    put_value(w, indicator=w.jobs, unit=w.ordos, period="2025M10", value="1.25", state=DataValue.State.APPROVED)
    return w


@pytest.fixture
def blank(world) -> bytes:
    return template_for(user=world.ordos_clerk, round=world.round, unit=world.ordos)


def fill(data: bytes, cells: dict[str, object], edit=None) -> bytes:
    """Fill cells of the data sheet as a person would in Excel, and save."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[DATA_SHEET]
    for ref, value in cells.items():
        ws[ref] = value
    if edit:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems(exc_info) -> list[str]:
    return [str(p) for p in exc_info.value.problems]


class TestGeneratedTemplate:
    def test_it_lists_the_units_indicators_with_history_and_protects_all_but_the_fill_cells(self, world, blank):
        wb = openpyxl.load_workbook(io.BytesIO(blank))
        assert wb.sheetnames == [DATA_SHEET, META_SHEET]
        assert wb[META_SHEET].sheet_state == "veryHidden"
        ws = wb[DATA_SHEET]
        assert ws.protection.sheet is True
        assert [(ws[f"A{r}"].value, ws[f"B{r}"].value, ws[f"C{r}"].value) for r in (5, 6)] == [
            ("1", "地区生产总值", "亿元"), ("12", "城镇新增就业", "万人")]
        assert ws["E2"].value == "2026M10"
        assert (Decimal(str(ws["D6"].value)), Decimal(str(ws["E6"].value))) == (Decimal("1.5"), Decimal("1.25"))
        assert ws["A5"].protection.locked and ws["B5"].protection.locked
        assert not ws["F5"].protection.locked and not ws["G5"].protection.locked and not ws["H5"].protection.locked
        meta = dict(wb[META_SHEET].iter_rows(values_only=True))
        assert (meta["unit"], meta["period"], meta["codes"]) == ("150600", "2026M10", "1,12")

    def test_a_clerk_cannot_get_another_units_template(self, world):
        with pytest.raises(PermissionDenied):
            template_for(user=world.ordos_clerk, round=world.round, unit=world.baotou)
        assert AccessDenial.objects.filter(user=world.ordos_clerk, unit=world.baotou).exists()


class TestRoundTrip:
    def test_filled_template_enters_values_through_the_template_channel(self, world, blank):
        data = fill(blank, {"F5": 3300.5, "G5": "快报数", "F6": "1.6"})
        result = upload_template(user=world.ordos_clerk, data=data)
        assert result.created == 2
        gdp = DataValue.objects.get(indicator=world.gdp, unit=world.ordos, period="2026M10")
        assert gdp.value == Decimal("3300.5") and gdp.comment == "快报数" and gdp.channel == "template"
        assert gdp.round_id == world.round.pk and gdp.state == DataValue.State.DRAFT

    def test_upload_again_with_submit_changes_nothing_but_the_state(self, world, blank):
        data = fill(blank, {"F5": 3300, "F6": 1.6})
        upload_template(user=world.ordos_clerk, data=data)
        result = upload_template(user=world.ordos_clerk, data=data, submit=True)
        assert result.created == 0 and result.submitted == 2
        assert set(DataValue.objects.filter(period="2026M10").values_list("state", flat=True)) == {"submitted"}

    def test_empty_value_cells_are_not_reported(self, world, blank):
        upload_template(user=world.ordos_clerk, data=fill(blank, {"F6": 1.6}))
        assert list(DataValue.objects.filter(period="2026M10").values_list("indicator__code", flat=True)) == ["12"]

    def test_warning_needs_the_explanation_column(self, world, blank):
        with pytest.raises(ValuesRejected) as exc:
            upload_template(user=world.ordos_clerk, data=fill(blank, {"F6": 6}), submit=True)
        [finding] = exc.value.findings
        assert finding.severity == "warning" and finding.where.startswith("工作表“填报” 第6行")
        upload_template(user=world.ordos_clerk, data=fill(blank, {"F6": 6, "H6": "统计口径调整"}))
        assert DataValue.objects.get(period="2026M10").explanation == "统计口径调整"


class TestBadUploads:
    """Each refused whole, naming sheet, row, column and reason; nothing written."""

    @pytest.fixture(autouse=True)
    def nothing_written(self, world):
        yield
        assert not DataValue.objects.filter(period="2026M10").exists()

    @pytest.mark.parametrize("text", ["—", "12,3", "约5%"])
    def test_text_in_a_number_cell(self, world, blank, text):
        with pytest.raises(ValuesRejected) as exc:
            upload_template(user=world.ordos_clerk, data=fill(blank, {"F5": 3300, "F6": text}))
        [finding] = exc.value.findings
        assert finding.code == "not_a_number"
        assert finding.where == "工作表“填报” 第6行 F列" and text in finding.message

    def test_a_formula(self, world, blank):
        with pytest.raises(TemplateError) as exc:
            upload_template(user=world.ordos_clerk, data=fill(blank, {"F5": "=1000+2300", "F6": 1.6}))
        assert problems(exc) == ["工作表“填报” 第5行 F列: 不允许使用公式，请填写数值"]

    def test_merged_cells(self, world, blank):
        data = fill(blank, {"F5": 3300}, edit=lambda wb: wb[DATA_SHEET].merge_cells("F5:G5"))
        with pytest.raises(TemplateError) as exc:
            upload_template(user=world.ordos_clerk, data=data)
        assert problems(exc) == ["工作表“填报” 第5行 F列: 不允许合并单元格（F5:G5）"]

    def test_changed_indicator_code(self, world, blank):
        with pytest.raises(TemplateError) as exc:
            upload_template(user=world.ordos_clerk, data=fill(blank, {"A6": "13", "F6": 1.6}))
        assert problems(exc) == ["工作表“填报” 第6行 A列: 指标编码被改动：应为“12”，实为“13”"]

    def test_rows_added_below_the_template(self, world, blank):
        with pytest.raises(TemplateError) as exc:
            upload_template(user=world.ordos_clerk, data=fill(blank, {"A7": "13", "F7": 5}))
        assert problems(exc) == ["工作表“填报” 第7行 A列: 模板之外多出的行"]

    def test_a_workbook_that_is_not_our_template(self, world):
        wb = openpyxl.Workbook()
        wb.active.append(["指标编码", "数值"])
        wb.active.append(["1", 3300])
        out = io.BytesIO()
        wb.save(out)
        with pytest.raises(TemplateError) as exc:
            upload_template(user=world.ordos_clerk, data=out.getvalue())
        assert problems(exc) == ["工作表“_meta”: 缺少模板元数据，不是本系统生成的填报模板"]

    def test_another_units_template_where_ours_is_expected(self, world):
        baotou = template_for(user=world.admin, round=world.round, unit=world.baotou)
        with pytest.raises(TemplateError, match="这是包头市的模板，不是鄂尔多斯市的"):
            read_template(fill(baotou, {"F5": 1}), expected_unit=world.ordos)

    def test_another_units_template_uploaded_by_a_clerk_is_refused_and_logged(self, world):
        baotou = template_for(user=world.admin, round=world.round, unit=world.baotou)
        with pytest.raises(PermissionDenied):
            upload_template(user=world.ordos_clerk, data=fill(baotou, {"F5": 1}))
        assert AccessDenial.objects.filter(user=world.ordos_clerk, unit=world.baotou).exists()

    def test_tampered_metadata(self, world, blank):
        def retarget(wb):
            ws = wb[META_SHEET]
            for row in ws.iter_rows():
                if row[0].value == "unit":
                    row[1].value = "150200"

        with pytest.raises(TemplateError) as exc:
            upload_template(user=world.admin, data=fill(blank, {"F5": 1}, edit=retarget))
        assert problems(exc) == ["工作表“_meta”: 模板元数据被改动，请重新下载模板"]

    def test_a_template_of_an_older_version(self, world, blank):
        def age(wb):
            wb[META_SHEET]["B1"] = "plantrack-template/0"

        with pytest.raises(TemplateError, match="模板版本“plantrack-template/0”已不适用"):
            upload_template(user=world.ordos_clerk, data=fill(blank, {"F5": 1}, edit=age))

    def test_an_oversize_file(self, world, blank, settings):
        settings.PLANTRACK_MAX_UPLOAD_BYTES = 1000
        with pytest.raises(TemplateError, match="超过上限 1000 字节"):
            upload_template(user=world.ordos_clerk, data=fill(blank, {"F5": 1}))

    @pytest.mark.parametrize("mangle", [lambda b: b[: len(b) // 2], lambda b: b"not a zip file at all",
                                        lambda b: b"PK\x03\x04" + b"\x00" * 200])
    def test_a_corrupt_file(self, world, blank, mangle):
        with pytest.raises(TemplateError, match="文件损坏或不是xlsx格式"):
            upload_template(user=world.ordos_clerk, data=mangle(fill(blank, {"F5": 1})))

    def test_every_problem_is_listed_at_once(self, world, blank):
        data = fill(blank, {"F5": "=1+1", "A6": "x"}, edit=lambda wb: wb[DATA_SHEET].merge_cells("G5:H5"))
        with pytest.raises(TemplateError) as exc:
            upload_template(user=world.ordos_clerk, data=data)
        assert len(exc.value.problems) == 3


class TestTemplatePages:
    def login(self, username: str) -> Client:
        client = Client()
        assert client.login(username=username, password=PASSWORD)
        return client

    def test_download_in_scope_and_403_outside(self, world):
        client = self.login("ordos_clerk")
        response = client.get(f"/reporting/template/150600/{world.round.pk}/")
        assert response.status_code == 200 and "150600_2026M10_template.xlsx" in response["Content-Disposition"]
        assert client.get(f"/reporting/template/150200/{world.round.pk}/").status_code == 403

    def test_upload_lists_problems_and_then_accepts_a_good_file(self, world, blank):
        client = self.login("ordos_clerk")
        bad = io.BytesIO(fill(blank, {"F5": "约5%"}))
        bad.name = "t.xlsx"
        response = client.post("/reporting/template/upload/", {"file": bad})
        assert response.status_code == 400
        assert "工作表“填报” 第5行 F列" in response.content.decode()
        assert not DataValue.objects.filter(period="2026M10").exists()
        good = io.BytesIO(fill(blank, {"F5": 3300, "F6": 1.6}))
        good.name = "t.xlsx"
        preview = client.post("/reporting/template/upload/", {"file": good, "submit": "on"})
        assert preview.status_code == 200 and not DataValue.objects.filter(period="2026M10").exists()
        response = client.post("/reporting/template/upload/", {"token": preview.context["token"], "confirm": "1",
                                                               **preview.context["hidden"]})
        assert response.status_code == 302
        assert set(DataValue.objects.filter(period="2026M10").values_list("state", flat=True)) == {"submitted"}


class TestTemplateCommand:
    def test_it_writes_the_template(self, world, tmp_path):
        out = tmp_path / "t.xlsx"
        call_command("template", "--unit", "150600", "--round", "2026M10", "--out", str(out))
        wb = openpyxl.load_workbook(out)
        assert wb[DATA_SHEET]["A6"].value == "12"
        assert read_template(fill(out.read_bytes(), {"F6": 1.6})).unit == world.ordos

    def test_unknown_round_is_a_clear_error(self, world, tmp_path):
        with pytest.raises(CommandError, match="no reporting round for period 2026M11"):
            call_command("template", "--unit", "150600", "--round", "2026-11", "--out", str(tmp_path / "t.xlsx"))
