"""docx → PDF by LibreOffice (the converter of the reports and the dispatch sheet). A conversion that runs out
of time is stopped with every process it started, and its temporary folder (the .docx and the LibreOffice profile) is
removed; a conversion that finishes leaves nothing behind either."""

from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path

import pytest
from docx import Document

from plantrack.operations.office_pdf import PdfConversionFailed, docx_to_pdf

pytestmark = pytest.mark.skipif(not Path("/usr/bin/libreoffice").exists(), reason="needs Debian's LibreOffice")


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("中期评估报告 PDF 转换")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _processes_using(folder: Path) -> list[str]:
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if str(folder) in text:
            found.append(text)
    return found


@pytest.fixture
def temp_root(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_a_timeout_removes_the_profile_and_stops_libreoffice(settings, temp_root):
    settings.PLANTRACK_PDF_TIMEOUT = 0.5  # LibreOffice takes seconds just to start
    with pytest.raises(PdfConversionFailed, match="秒内未完成转换"):
        docx_to_pdf(_docx())
    assert list(temp_root.iterdir()) == []
    time.sleep(0.5)
    assert _processes_using(temp_root) == []
    assert list(temp_root.iterdir()) == []  # nothing came back after the kill


def test_each_of_several_timeouts_cleans_up(settings, temp_root):
    settings.PLANTRACK_PDF_TIMEOUT = 0.2
    for _ in range(3):
        with pytest.raises(PdfConversionFailed):
            docx_to_pdf(_docx())
    assert list(temp_root.iterdir()) == [] and _processes_using(temp_root) == []


def test_a_finished_conversion_leaves_nothing(settings, temp_root):
    settings.PLANTRACK_PDF_TIMEOUT = 120
    pdf = docx_to_pdf(_docx())
    assert pdf.startswith(b"%PDF-")
    assert list(temp_root.iterdir()) == []


def test_a_timeout_given_by_the_caller_wins_over_the_setting(settings, temp_root):
    settings.PLANTRACK_PDF_TIMEOUT = 120
    with pytest.raises(PdfConversionFailed, match="0.3秒内未完成转换"):
        docx_to_pdf(_docx(), timeout=0.3)
    assert list(temp_root.iterdir()) == []


def test_without_libreoffice_the_message_says_what_to_install(settings, temp_root, monkeypatch):
    settings.PLANTRACK_LIBREOFFICE = "no-such-office-suite"
    monkeypatch.setenv("PATH", str(temp_root))  # neither the setting's program nor soffice can be found
    with pytest.raises(PdfConversionFailed, match="libreoffice-writer-nogui"):
        docx_to_pdf(_docx())
    assert list(temp_root.iterdir()) == []
