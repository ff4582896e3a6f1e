"""Plan documents are bounded before python-docx or pdfium read them: a flate bomb (PDF) or zip bomb (.docx) is
refused quickly, with little memory, as one line on the command line."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from bombs import docx_with_part, flate_bomb_pdf, nested_bomb_pdf, padded_document_xml, pdf, zeros_deflated

from plantrack.core.files import ExpansionRefused, PdfLimits, UnsafeXml, check_pdf_streams
from plantrack.core.planparse.errors import DocumentTooLarge, PlanParseError
from plantrack.core.planparse.text_input import DocumentLimits, read_document_text


def refused(path: Path, **kw) -> tuple[DocumentTooLarge, int]:
    """The refusal and the peak of Python memory while reading."""
    tracemalloc.start()
    try:
        with pytest.raises(DocumentTooLarge) as info:
            read_document_text(path, **kw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return info.value, peak


@pytest.fixture(scope="module")
def plain_docx(tmp_path_factory) -> Path:
    import docx

    path = tmp_path_factory.mktemp("docx") / "plan.docx"
    document = docx.Document()
    document.add_paragraph("第一章 总则")
    document.save(str(path))
    return path


class TestPdf:
    def test_a_flate_bomb_is_refused_without_inflating_it(self, tmp_path):
        path = flate_bomb_pdf(tmp_path / "bomb.pdf", megabytes=100)
        assert path.stat().st_size < 512 * 1024
        error, peak = refused(path)
        assert error.cause.kind == ExpansionRefused.STREAM
        assert str(path) in str(error) and "\n" not in str(error)
        assert peak < 32 * 1024 * 1024  # inflated piece by piece into nothing, then given up

    def test_nested_filters_are_inflated_layer_by_layer(self, tmp_path):
        path = nested_bomb_pdf(tmp_path / "nested.pdf")
        assert path.stat().st_size < 4096
        error, _peak = refused(path)
        assert error.cause.kind == ExpansionRefused.STREAM

    def test_many_streams_together(self, tmp_path):
        content = (b"/Filter /FlateDecode", zeros_deflated(15))  # each under the bound, together over it
        path = pdf([content] * 18, tmp_path / "many.pdf")
        error, _peak = refused(path)
        assert error.cause.kind == ExpansionRefused.STREAMS

    def test_image_streams_are_not_counted_but_content_streams_are(self):
        # Text extraction never decodes an image, and a plan's maps are big for good reasons.
        image = b"/Type /XObject /Subtype /Image /Width 8000 /Height 8000 /Filter /FlateDecode"
        limits = PdfLimits(max_stream=10 << 20, max_streams=20 << 20)
        big = zeros_deflated(30)
        assert check_pdf_streams(b"5 0 obj\n<< " + image + b" >>\nstream\n" + big + b"\nendstream", limits=limits) == 0
        with pytest.raises(ExpansionRefused):
            check_pdf_streams(b"5 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + big + b"\nendstream", limits=limits)
        text = b"BT /F1 12 Tf (hi) Tj ET"
        small = b"4 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + zlib.compress(text) + b"\nendstream"
        assert check_pdf_streams(small, limits=limits) == len(text)

    def test_page_count_and_text_size_are_bounded(self, tmp_path):
        content = (b"/Filter /FlateDecode", zlib.compress(b"BT ET"))
        path = pdf([content], tmp_path / "one.pdf")
        pages = DocumentLimits(pdf=PdfLimits(max_pages=0))
        assert refused(path, limits=pages)[0].cause.kind == ExpansionRefused.PAGES

    def test_the_parse_command_prints_one_line_and_exits_2(self, tmp_path):
        path = flate_bomb_pdf(tmp_path / "bomb.pdf", megabytes=100)
        done = subprocess.run([sys.executable, "-m", "plantrack.cli", "parse", str(path)], capture_output=True)
        assert done.returncode == 2
        lines = done.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and "refused as too large" in lines[0]


class TestDocx:
    def test_a_zip_bomb_is_refused_by_its_ratio(self, plain_docx, tmp_path):
        path = docx_with_part(plain_docx, "word/document.xml", padded_document_xml(50), tmp_path / "bomb.docx")
        assert path.stat().st_size < 1024 * 1024
        error, peak = refused(path)
        assert error.cause.kind in (ExpansionRefused.UNPACKED, ExpansionRefused.RATIO)
        assert peak < 16 * 1024 * 1024

    def test_the_unpacked_size_is_a_setting(self, plain_docx, tmp_path, monkeypatch):
        monkeypatch.setenv("PLANTRACK_DOC_MAX_UNPACKED_BYTES", "1000")
        error, _peak = refused(plain_docx)
        assert error.cause.kind == ExpansionRefused.UNPACKED

    def test_an_entity_declaration_is_refused(self, plain_docx, tmp_path):
        xml = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "x">]>\n<w:document xmlns:w="http://schemas.'
               b'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p>'
               b"</w:body></w:document>")
        path = docx_with_part(plain_docx, "word/document.xml", [xml], tmp_path / "dtd.docx")
        error, _peak = refused(path)
        assert isinstance(error.cause, UnsafeXml) and isinstance(error, PlanParseError)

    def test_an_ordinary_docx_is_read(self, plain_docx):
        assert read_document_text(plain_docx) == "第一章 总则"


def test_an_embedded_font_may_be_larger_than_a_content_stream():
    font = zeros_deflated(30)
    limits = PdfLimits()
    assert check_pdf_streams(b"9 0 obj\n<< /Length1 31457280 /Filter /FlateDecode >>\nstream\n" + font
                             + b"\nendstream", limits=limits) == 30 << 20
    with pytest.raises(ExpansionRefused) as info:
        check_pdf_streams(b"9 0 obj\n<< /Filter /FlateDecode >>\nstream\n" + font + b"\nendstream", limits=limits)
    assert info.value.limit == limits.max_stream
