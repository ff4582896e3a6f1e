"""Input formats: UTF-8 / GB18030 / GBK text, .docx with a real Word table, .pdf with a text layer — all give the
seed plan's structure, boxes and indicators; unreadable files give a one-line PlanParseError."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from renderings import write_docx, write_pdf, write_scanned_pdf

from plantrack.core.planparse import PlanParseError, parse_file, parse_plan, read_document_text, to_contract_json

COMPARED = ("title", "period", "parts", "boxes", "indicators")


@pytest.fixture(scope="module")
def expected(plan_doc) -> dict:
    contract = to_contract_json(plan_doc)
    return {k: contract[k] for k in COMPARED}


def same_plan(path: Path | str, expected: dict, *, text: str | None = None) -> None:
    got = to_contract_json(parse_plan(text) if text is not None else parse_file(path))
    for key in COMPARED:
        assert got[key] == expected[key], key
    assert len(got["indicators"]) == 21 and len(got["parts"]) == 15


class TestText:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
    def test_encodings_are_detected(self, plan_text, tmp_path, expected, encoding):
        path = tmp_path / f"plan-{encoding}.txt"
        path.write_bytes(plan_text.encode(encoding))
        assert read_document_text(path) == plan_text
        same_plan(path, expected)

    def test_a_utf8_file_cut_inside_its_last_character(self, plan_text, tmp_path, expected):
        data = plan_text.rstrip().encode("utf-8")
        path = tmp_path / "cut.txt"
        path.write_bytes(data + "。".encode()[:2])
        assert read_document_text(path) == plan_text.rstrip()
        same_plan(path, expected)

    def test_windows_line_ends(self, plan_text, tmp_path, expected):
        path = tmp_path / "plan-crlf.txt"
        path.write_bytes(plan_text.replace("\n", "\r\n").encode("gb18030"))
        same_plan(path, expected)


class TestWord:
    def test_paragraphs_and_the_word_table_in_order(self, plan_docx_path, expected):
        with zipfile.ZipFile(plan_docx_path) as z:
            assert z.read("word/document.xml").count(b"<w:tbl>") == 1  # 专栏1 is a real Word table
        same_plan(plan_docx_path, expected)

    def test_table_rows_become_tab_separated_lines(self, plan_docx_path):
        lines = read_document_text(plan_docx_path).split("\n")
        row = next(line for line in lines if "注册护士数" in line)
        assert row.split("\t")[-5:] == ["注册护士数 (人)", "4.5", "5.5", "—", "预期性"]


class TestPdf:
    def test_text_layer_and_ruled_table(self, plan_pdf_path, plan_pdf_text, expected):
        assert plan_pdf_path.read_bytes().startswith(b"%PDF-")
        same_plan(plan_pdf_path, expected, text=plan_pdf_text)

    def test_the_table_is_read_as_cells(self, plan_pdf_text):
        row = next(line for line in plan_pdf_text.split("\n") if "注册护士数" in line)
        assert [c for c in row.split("\t") if c][-5:] == ["注册护士数 (人)", "4.5", "5.5", "—", "预期性"]

    def test_a_borderless_table_is_rebuilt_from_word_positions(self, plan_text, tmp_path, expected):
        """Without ruling lines the text layer holds no cells: category names and long cells wrap, the 10.x group
        row splits in three. The table is rebuilt from where its words stand, one tab-separated line a row."""
        path = write_pdf(plan_text, tmp_path / "borderless.pdf", ruled=False)
        text = read_document_text(path)
        row = next(line for line in text.split("\n") if "注册护士数" in line)
        assert [c for c in row.split("\t") if c][-5:] == ["注册护士数 (人)", "4.5", "5.5", "—", "预期性"]
        same_plan(path, expected, text=text)

    def test_page_footers_are_dropped_and_paragraphs_rejoined(self, plan_pdf_path, plan_pdf_text, plan_lines):
        import pypdfium2

        page = pypdfium2.PdfDocument(str(plan_pdf_path))[10].get_textpage().get_text_bounded()
        assert "- 11 -" in page  # the rendering prints page footers …
        lines = plan_pdf_text.split("\n")
        assert not any(line.strip().startswith("- ") and line.strip().endswith(" -") for line in lines)  # … dropped
        # A long paragraph of the seed is one line again, though the PDF prints it over several lines.
        paragraph = next(line for line in plan_lines if line.startswith("坚持和完善人民代表大会制度"))
        assert paragraph in lines


class TestBadFiles:
    def check(self, path: Path, fragment: str) -> None:
        with pytest.raises(PlanParseError) as err:
            parse_file(path)
        message = str(err.value)
        assert "\n" not in message and str(path) in message and fragment in message

    def test_empty_file(self, tmp_path):
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
        self.check(path, "empty")

    def test_blank_file(self, tmp_path):
        path = tmp_path / "blank.txt"
        path.write_bytes(b"  \n\n \t\n")
        self.check(path, "empty")

    def test_binary_file(self, tmp_path):
        path = tmp_path / "data.bin"
        path.write_bytes(bytes(range(256)) * 64)
        self.check(path, "binary")

    def test_binary_file_without_nul_bytes(self, tmp_path):
        path = tmp_path / "noise.txt"
        path.write_bytes(bytes(range(1, 32)) * 300 + "第一章 总则".encode())
        self.check(path, "binary")

    def test_legacy_word_file(self, tmp_path):
        path = tmp_path / "plan.doc"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
        self.check(path, "legacy")

    def test_text_without_headings(self, tmp_path):
        path = tmp_path / "notes.txt"
        path.write_text("会议纪要\n今天讨论了三件事。\n", encoding="utf-8")
        self.check_plan_error(path)

    def check_plan_error(self, path: Path) -> None:
        with pytest.raises(PlanParseError, match="第…章") as err:
            parse_file(path)
        assert "\n" not in str(err.value)

    def test_truncated_docx(self, plan_docx_path, tmp_path):
        data = plan_docx_path.read_bytes()
        path = tmp_path / "cut.docx"
        path.write_bytes(data[: len(data) // 2])
        self.check(path, ".docx")

    def test_docx_that_is_not_a_zip(self, tmp_path):
        path = tmp_path / "fake.docx"
        path.write_text("第一章 总则", encoding="utf-8")
        self.check(path, ".docx")

    def test_scanned_pdf(self, tmp_path):
        path = write_scanned_pdf(tmp_path / "scan.pdf")
        self.check(path, "no text layer")

    def test_truncated_pdf(self, tmp_path):
        path = write_scanned_pdf(tmp_path / "whole.pdf")
        cut = tmp_path / "cut.pdf"
        cut.write_bytes(path.read_bytes()[:400])
        self.check(cut, "PDF")

    def test_missing_file(self, tmp_path):
        self.check(tmp_path / "nowhere.txt", "cannot read")

    def test_small_docx_without_chapters(self, tmp_path):
        path = write_docx("只是一段文字。", tmp_path / "short.docx")
        self.check_plan_error(path)


def test_reflow_joins_the_printed_lines_of_a_paragraph():
    from plantrack.core.planparse.text_input import reflow

    full = "甲" * 40
    lines = [
        "第一章 总则",
        full,
        full[:-5] + "增长",  # still as wide as the column: the paragraph goes on
        "5.5%以上。",
        "- 2 -",
        full,
        "第一节 不是续行",
        full,
        "1.另起一条",
        "短行。",
        "另一段。",
    ]
    assert reflow(lines) == [
        "第一章 总则",
        full + full[:-5] + "增长" + "5.5%以上。",
        full,
        "第一节 不是续行",
        full,
        "1.另起一条",
        "短行。",
        "另一段。",
    ]
