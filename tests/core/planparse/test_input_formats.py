"""Input formats: UTF-8 / GB18030 / GBK text, .docx with a real Word table, .pdf with a text layer — all give the
seed plan's structure, boxes and indicators; unreadable files give a one-line PlanParseError."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from renderings import write_docx, write_scanned_pdf

from plantrack.core.planparse import PlanParseError, parse_file, read_document_text, to_contract_json

COMPARED = ("title", "period", "parts", "boxes", "indicators")


@pytest.fixture(scope="module")
def expected(plan_doc) -> dict:
    contract = to_contract_json(plan_doc)
    return {k: contract[k] for k in COMPARED}


def same_plan(path: Path, expected: dict) -> None:
    got = to_contract_json(parse_file(path))
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
    def test_text_layer_and_ruled_table(self, plan_pdf_path, expected):
        same_plan(plan_pdf_path, expected)

    def test_page_footers_do_not_leak_into_titles(self, plan_pdf_path):
        text = read_document_text(plan_pdf_path)
        assert "- 10 -" in text  # the rendering has page footers …
        titles = [s.title for c in parse_file(plan_pdf_path).chapters() for s in c.sections]
        assert not any("-" in t for t in titles)  # … and none ends up in a heading


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
