"""Uploading a filled Excel template: every row read whatever the workbook's <dimension> says, the uploader's right
checked before the file, oversized or unreadable workbooks refused at once, and problems listed 200 at most."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from api.world import build_world
from plantrack.orgs.models import AccessDenial
from plantrack.reporting.excel_template import DATA_SHEET, TemplateError, template_for, upload_template
from plantrack.reporting.models import DataValue
from uploads.files import SHEET, rewrite, sheet_part, sheet_xml, with_stale_dimension

pytestmark = pytest.mark.django_db
URL = "/reporting/template/upload/"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def blank(world) -> bytes:
    return template_for(user=world.ordos_clerk, round=world.round, unit=world.ordos)


def fill(data: bytes, cells: dict[str, object]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        wb[DATA_SHEET][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def with_rows_below(data: bytes, count: int, cell: bytes = b"<v>1</v>") -> bytes:
    """The data sheet with `count` extra filled rows under the template's, written as raw XML."""
    xml = sheet_part(data)
    extra = b"".join(b'<row r="%d"><c r="F%d">%s</c></row>' % (r, r, cell) for r in range(7, 7 + count))
    return rewrite(data, SHEET, xml.replace(b"</sheetData>", extra + b"</sheetData>"))


def post(user, data: bytes):
    client = Client()
    client.force_login(user)
    upload = io.BytesIO(data)
    upload.name = "t.xlsx"
    return client.post(URL, {"file": upload})


class TestEveryRowIsRead:
    def test_a_dimension_that_stops_at_the_first_indicator_loses_nothing(self, world, blank):
        data = with_stale_dimension(fill(blank, {"F5": 3300, "F6": 1.6, "G6": "快报"}), "A1:F5")
        result = upload_template(user=world.ordos_clerk, data=data)
        assert result.created == 2
        assert DataValue.objects.get(indicator=world.jobs, unit=world.ordos, period="2026M10").comment == "快报"

    def test_rows_added_below_a_stale_dimension_are_still_found(self, world, blank):
        data = with_stale_dimension(with_rows_below(fill(blank, {"F5": 1}), 1), "A1:H6")
        with pytest.raises(TemplateError) as info:
            upload_template(user=world.ordos_clerk, data=data)
        assert [str(p) for p in info.value.problems] == ["工作表“填报” 第7行 A列: 模板之外多出的行"]


class TestRightFirst:
    def test_a_supervisor_posting_a_huge_template_gets_403_before_it_is_read(self, world, blank):
        response = post(world.supervisor, with_rows_below(blank, 60_000, b"<f>1+1</f>"))
        assert response.status_code == 403
        assert AccessDenial.objects.filter(user=world.supervisor, action="upload template").exists()

    def test_a_clerk_of_another_unit_is_refused_before_the_data_sheet_is_read(self, world, blank):
        broken = rewrite(blank, SHEET, sheet_xml(b'<row r="1"><c r="A1"><v>1</v></row>', dimension="A1:A1"))
        response = post(world.baotou_clerk, broken)  # would be a 400 about the XML if the sheet were read
        assert response.status_code == 403


class TestBounded:
    def test_more_rows_than_a_round_can_need_is_one_problem_not_sixty_thousand(self, world, blank):
        response = post(world.ordos_clerk, with_rows_below(blank, 60_000, b"<f>1+1</f>"))
        page = response.content.decode()
        assert response.status_code == 400
        assert "工作表“填报”: 有60,006行，超过上限5,000行" in page
        assert page.count("<li>") < 5 and len(page) < 50_000

    def test_problems_are_listed_200_at_most_with_how_many_more(self, world, blank):
        response = post(world.ordos_clerk, with_rows_below(blank, 450))
        page = response.content.decode()
        assert response.status_code == 400
        assert page.count("模板之外多出的行") == 200
        assert "还有250处问题未列出" in page

    def test_malformed_sheet_xml_is_a_clear_problem(self, world, blank):
        broken = rewrite(blank, SHEET, sheet_xml(b'<row r="1"><c r="A1"><v>1</v></row>', dimension="A1:A1"))
        with pytest.raises(TemplateError, match="XML格式错误"):
            upload_template(user=world.ordos_clerk, data=broken)
