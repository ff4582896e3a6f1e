"""plantrack.uploads: one reader for uploaded CSV and xlsx, bounded before a workbook is loaded."""

from __future__ import annotations

import io
import time
import tracemalloc
from datetime import datetime

import pytest

from plantrack.uploads import Formula, UploadRefused, listed_problems, open_spreadsheet, upload_limits
from uploads.files import one_wide_row, rewrite, sheet_xml, with_stale_dimension, xlsx

SHEET = "xl/worksheets/sheet1.xml"


def rows_of(data: bytes, name: str = "t.xlsx", **kw) -> list[tuple[int, list]]:
    with open_spreadsheet(io.BytesIO(data), name=name, **kw) as book:
        return [(r.number, list(r.cells)) for r in book.table(0).rows]


def refusal(data: bytes, name: str = "t.xlsx", **kw) -> UploadRefused:
    with pytest.raises(UploadRefused) as info:
        rows_of(data, name, **kw)
    return info.value


class TestEveryRowIsRead:
    def test_a_stale_dimension_loses_no_row_or_column(self):
        data = with_stale_dimension(xlsx([["a", "b", "c", "d", "e"], *[[i, 2, 3, 4, 5] for i in range(1, 5)]]))
        rows = rows_of(data)
        assert [n for n, _ in rows] == [1, 2, 3, 4, 5]
        assert rows[-1][1] == [4, 2, 3, 4, 5]  # column E too, though the dimension ends at D

    def test_row_numbers_are_the_files_even_past_blank_rows(self):
        data = sheet_xml(b'<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>',
                         b'<row r="4"><c r="B4"><v>7</v></c></row>')
        rows = rows_of(rewrite(xlsx([["x"]]), SHEET, data))
        assert rows[0] == (1, ["h"]) and rows[-1] == (4, [None, 7])

    def test_values_keep_their_types_and_formulas_are_marked(self):
        data = xlsx([["t", 1.5, datetime(2026, 10, 1), "=SUM(B1:B1)"]])
        (_, cells), = rows_of(data)
        assert cells[:3] == ["t", 1.5, datetime(2026, 10, 1)]
        assert isinstance(cells[3], Formula) and cells[3] == "=SUM(B1:B1)"


class TestCsv:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
    def test_each_encoding_a_chinese_office_writes(self, encoding):
        text = "指标编码,单位代码\r\n1,鄂尔多斯市\r\n"
        assert rows_of(text.encode(encoding), "v.csv") == [(1, ["指标编码", "单位代码"]), (2, ["1", "鄂尔多斯市"])]

    def test_undecodable_bytes_name_the_row(self):
        data = ("a,b\n" + "x,y\n" * 30000).encode() + b"\xff\xfe\xfd,1\n"
        error = refusal(data, "v.csv")
        assert error.code == "encoding" and "行附近" in str(error)

    def test_too_many_rows_and_columns(self, settings):
        settings.PLANTRACK_MAX_UPLOAD_ROWS = 3
        assert len(rows_of(b"a\n1\n2\n3\n", "v.csv")) == 4  # the header row is not one of the three
        error = refusal(b"a\n1\n2\n3\n4\n", "v.csv")
        assert error.code == "too_many_rows" and "第5行" in str(error) and "表头不计" in str(error)
        settings.PLANTRACK_MAX_UPLOAD_COLUMNS = 2
        assert refusal(b"a,b,c\n", "v.csv").code == "too_many_columns"


class TestBoundsBeforeLoading:
    def test_a_highly_compressed_sheet_is_refused_by_its_ratio(self):
        bomb = rewrite(xlsx([["x"]]), SHEET, one_wide_row(5_000_000))  # 20 MB of cells in ~20 KB
        assert len(bomb) < 100_000
        tracemalloc.start()
        try:
            error = refusal(bomb)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert error.code == "ratio" and "压缩比超过100:1" in str(error)
        assert peak < 10 * 1024 * 1024  # nothing was unpacked to find out

    def test_the_sum_of_unpacked_sizes_is_bounded(self, settings):
        settings.PLANTRACK_MAX_UNPACKED_BYTES = 200_000
        data = xlsx([[f"行{i}", i, "某个较长的说明文字" * 3] for i in range(3000)])
        error = refusal(data)
        assert error.code == "unpacked" and "解压后超过" in str(error)

    def test_one_row_of_too_many_cells_is_found_without_reading_it(self):
        data = rewrite(xlsx([["x"]]), SHEET, one_wide_row(100_000))  # 400 KB: below the ratio's threshold
        error = refusal(data)
        assert error.code == "too_many_columns" and "一行有100,000个单元格" in str(error)

    def test_a_row_numbered_in_the_millions_is_refused_before_the_gap_is_filled(self):
        data = rewrite(xlsx([["x"]]), SHEET, sheet_xml(b'<row r="900000000"><c r="A900000000"><v>1</v></c></row>'))
        started = time.process_time()
        error = refusal(data)
        assert error.code == "too_many_rows" and "900,000,000" in str(error)
        assert time.process_time() - started < 5  # not nine hundred million empty rows

    def test_the_bounds_are_settings(self, settings):
        settings.PLANTRACK_MAX_UPLOAD_ROWS = 10
        assert upload_limits().max_rows == 10
        assert refusal(xlsx([["header"], *([i] for i in range(11))])).code == "too_many_rows"
        assert len(rows_of(xlsx([["header"], *([i] for i in range(10))]))) == 11

    def test_a_file_over_the_upload_size(self, settings):
        settings.PLANTRACK_MAX_UPLOAD_BYTES = 100
        assert refusal(xlsx([["x"]])).code == "too_large"


class TestUnsafeOrBrokenXml:
    def test_an_entity_declaration_is_refused(self):
        laughs = (b'<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                  b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n')
        data = rewrite(xlsx([["x"]]), SHEET, sheet_xml(b'<row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is>'
                                                         b"</c></row>", dtd=laughs))
        error = refusal(data)
        assert error.code == "unsafe_xml" and "实体声明" in str(error)

    def test_an_entity_declaration_hidden_past_the_first_64_kb_is_refused_while_reading(self):
        padding = b"<!--" + b" " * 70_000 + b"-->\n"
        dtd = padding + b'<!DOCTYPE worksheet [<!ENTITY a "ha">]>\n'
        data = rewrite(xlsx([["x"]]), SHEET, sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row>', dtd=dtd))
        assert refusal(data).code == "unsafe_xml"

    @pytest.mark.parametrize("dimension", [None, "A1:A1"])  # openpyxl parses a sheet with no dimension on load
    def test_malformed_sheet_xml_is_a_clear_refusal(self, dimension):
        broken = sheet_xml(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></row>',
                           dimension=dimension)
        error = refusal(rewrite(xlsx([["x"]]), SHEET, broken))
        assert error.code == "corrupt_xlsx" and "XML格式错误" in str(error) and "mismatched tag" in str(error)
        if dimension:
            assert "第2行" in str(error)

    def test_a_zip_that_is_not_a_workbook(self):
        assert refusal(b"PK\x03\x04" + b"\0" * 100).code == "corrupt_xlsx"


class TestListedProblems:
    def test_the_first_200_then_how_many_more(self):
        lines = [f"问题{i}" for i in range(450)]
        shown = listed_problems(lines)
        assert len(shown) == 201 and shown[199] == "问题199" and shown[-1] == "还有250处问题未列出"
        assert listed_problems(lines[:3]) == lines[:3]
        assert listed_problems(lines[:200], total=1000)[-1] == "还有800处问题未列出"


class TestPlaces:
    def test_places_read_as_in_excel(self):
        from plantrack.uploads import place

        assert place(sheet="数据", row=5, column=4) == "工作表“数据”第5行 D列"
        assert place(row=5) == "第5行" and place(column=2) == "B列" and place(sheet="数据") == "工作表“数据”"

    def test_an_empty_sheet_reads_no_rows(self):
        data = rewrite(xlsx([["x"]]), SHEET, sheet_xml().replace(b"<sheetData></sheetData>", b"<sheetData/>"))
        assert rows_of(data) == []


class TestReadTable:
    def test_a_ledger_read_whole_with_places_and_cell_references(self):
        from plantrack.uploads import read_table

        data = xlsx([["项目", "投资"], ["风电基地", 12.5], [None, None], ["光伏园区", "待定"]], title="台账")
        table = read_table(io.BytesIO(data), name="ledger.xlsx")
        assert [(n, c) for n, c in table.rows] == [(1, ["项目", "投资"]), (2, ["风电基地", 12.5]),
                                                   (3, []), (4, ["光伏园区", "待定"])]
        assert table.place(4, 2) == "工作表“台账”第4行 B列" and table.ref(4, 2) == "B4"

    def test_the_public_names_stay(self):
        import plantrack.uploads as uploads

        assert {"read_table", "open_spreadsheet", "UploadRefused", "listed_problems", "upload_limits",
                "template_limits", "Table", "TableRow", "Formula", "place"} <= set(uploads.__all__)
