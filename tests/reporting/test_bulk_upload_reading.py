"""Bulk import reads every row of real files, refuses oversized or unsafe workbooks before loading them, and says
so clearly (page and command line) without writing anything."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from plantrack.orgs.models import AccessDenial
from plantrack.reporting.bulk_import import import_bulk_file
from plantrack.reporting.findings import ValuesRejected
from plantrack.reporting.models import DataValue, DataValueChange
from uploads.files import SHEET, one_wide_row, rewrite, sheet_xml, with_stale_dimension, xlsx

URL = "/reporting/bulk/"
HEADER = ["indicator_code", "unit_code", "period", "value", "comment"]
FOUR = [["1", "150600", "2026M10", 2500.5, "快报"], ["2", "150600", "2026M10", 72.3, ""],
        ["1", "150200", "2026M10", 3100, ""], ["2", "150200", "2026M10", 71.2, "初步核算"]]


def post(client: Client, data: bytes, name: str = "values.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(URL, {"file": upload})


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def nothing_written() -> bool:
    return DataValue.objects.count() == 0 and DataValueChange.objects.count() == 0


class TestStaleDimension:
    def test_four_rows_under_a_dimension_of_two_are_all_imported(self, world, tmp_path):
        path = tmp_path / "values.xlsx"
        path.write_bytes(with_stale_dimension(xlsx([HEADER, *FOUR]), "A1:D2"))
        result = import_bulk_file(user=world.admin, plan=world.plan, source=path)
        assert result.created == 4
        assert DataValue.objects.get(unit=world.baotou, indicator=world.urban).comment == "初步核算"  # column E too

    def test_the_upload_page_reads_them_all_too(self, world):
        client = as_user(world.admin)
        preview = post(client, with_stale_dimension(xlsx([HEADER, *FOUR]), "A1:D2"))
        assert preview.context["preview"].value_rows == 4
        response = client.post(URL, {"token": preview.context["token"], "confirm": "1", **preview.context["hidden"]})
        assert response.status_code == 302
        assert DataValue.objects.count() == 4


class TestRefusedBeforeLoading:
    def test_a_compressed_bomb_gets_a_clear_400_and_writes_nothing(self, world):
        response = post(as_user(world.admin), rewrite(xlsx([HEADER]), SHEET, one_wide_row(5_000_000)))
        assert response.status_code == 400
        assert "压缩比超过100:1" in response.content.decode() and nothing_written()

    def test_more_rows_than_a_round_can_need(self, world, settings):
        settings.PLANTRACK_MAX_UPLOAD_ROWS = 3
        with pytest.raises(ValuesRejected) as info:
            import_bulk_file(user=world.admin, plan=world.plan, source=io.BytesIO(xlsx([HEADER, *FOUR])),
                             name="v.xlsx")
        error = info.value.errors[0]
        assert error.code == "too_many_rows" and "有5行，超过上限3行（表头不计）" in error.message
        assert nothing_written()

    def test_a_leader_is_refused_before_the_file_is_read(self, world):
        # A corrupt file would be a 400 naming the damage if it were read; the refusal comes first.
        world.supervisor.role = "leader"
        world.supervisor.save()
        response = post(as_user(world.supervisor), b"PK\x03\x04 not a workbook")
        assert response.status_code == 403
        assert AccessDenial.objects.filter(user=world.supervisor, action="bulk import values").exists()


class TestUnreadableXml:
    def test_malformed_sheet_xml_is_a_400_not_a_500(self, world):
        broken = sheet_xml(b'<row r="1"><c r="A1"><v>1</v></row>', dimension="A1:A1")
        response = post(as_user(world.admin), rewrite(xlsx([HEADER]), SHEET, broken))
        assert response.status_code == 400 and "XML格式错误" in response.content.decode()
        assert nothing_written()

    def test_an_entity_declaration_is_a_400(self, world):
        dtd = b'<!DOCTYPE w [<!ENTITY a "x"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        data = rewrite(xlsx([HEADER]), SHEET, sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row>', dtd=dtd))
        response = post(as_user(world.admin), data)
        assert response.status_code == 400 and "实体声明" in response.content.decode()


class TestProblemsListed:
    def test_the_page_lists_200_and_says_how_many_more(self, world):
        rows = [["999", "150600", f"{2026 + i // 12}M{i % 12 + 1}", 1, ""] for i in range(48)]
        rows += [["1", "150600", "2026M10", f"不是数字{i}", ""] for i in range(260)]
        page = post(as_user(world.admin), xlsx([HEADER, *rows])).content.decode()
        assert "还有" in page and "处问题未列出" in page
        assert page.count('class="has-error"') == 200


class TestCommand:
    def test_a_bomb_is_one_line_on_the_command_line(self, world, tmp_path):
        path: Path = tmp_path / "bomb.xlsx"
        path.write_bytes(rewrite(xlsx([HEADER]), SHEET, one_wide_row(5_000_000)))
        with pytest.raises(CommandError) as info:
            call_command("import_values", str(path), "--user", world.admin.username)
        assert "\n" not in str(info.value) and "压缩比" in str(info.value)

    def test_a_supervisor_is_refused_before_the_file_is_opened(self, world, tmp_path):
        with pytest.raises(CommandError, match="未读取文件"):
            call_command("import_values", str(tmp_path / "missing.xlsx"), "--user", world.supervisor.username)
