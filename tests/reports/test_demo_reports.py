"""The demo's reports read back as a reader gets them: the mid-term evaluation as .docx and as .pdf (text layer and
the glyphs of its first page), and the monthly briefing."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import call_command
from docx import Document

from plantrack.assessment.models import Assessment
from plantrack.orgs.models import OrgUnit


@pytest.fixture
def demo(db) -> None:
    call_command("setup_demo", stdout=io.StringIO())


def _installed_fonts() -> dict[str, Path]:
    listing = subprocess.run(
        ["fc-list", "--format", "%{postscriptname}\t%{file}\n"], capture_output=True, text=True, check=True
    ).stdout
    return {name: Path(file) for name, file in (line.split("\t", 1) for line in listing.splitlines() if "\t" in line)}


def _has_glyph(font_file: Path, char: str) -> bool:
    from fontTools.ttLib import TTCollection, TTFont

    fonts = TTCollection(str(font_file)).fonts if font_file.suffix == ".ttc" else [TTFont(str(font_file))]
    return any(ord(char) in (font.getBestCmap() or {}) for font in fonts)


class TestDemoMidtermReport:
    def test_docx_and_pdf_read_back_with_title_statuses_and_cjk_glyphs(self, demo, tmp_path):
        docx_path, pdf_path = tmp_path / "mid.docx", tmp_path / "mid.pdf"
        call_command("report", "midterm", "--as-of", "2028-12", "--format", "docx", "--out", str(docx_path),
                     stdout=io.StringIO())
        call_command("report", "midterm", "--as-of", "2028-12", "--format", "pdf", "--out", str(pdf_path),
                     stdout=io.StringIO())

        document = Document(str(docx_path))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "中期评估报告" in document.paragraphs[0].text
        assert "含演示用模拟数据" in text
        region = OrgUnit.objects.get(code="150000")
        lagging = Assessment.objects.filter(unit=region, period="2028", status__in=["滞后", "严重滞后"])
        assert lagging.exists()
        for a in lagging:
            assert f"{a.indicator.code} {a.indicator.name}（{a.indicator.attribute}）：{a.status}" in text
        rfonts = document.styles["Normal"].element.rPr.rFonts
        assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"

        with pdfplumber.open(pdf_path) as pdf:
            pdf_text = "".join(page.extract_text() or "" for page in pdf.pages)
            first_chars = pdf.pages[0].chars
        flat = pdf_text.replace("\n", "").replace(" ", "")
        assert "中期评估报告" in flat
        for word in ("超前", "符合预期", "滞后", "严重滞后", "无法评估"):
            assert word in flat

        # A missing glyph is a CJK character drawn in a font that has no glyph for it: every character of the
        # first page must be in the font it is drawn with.
        installed = _installed_fonts()
        cjk = [c for c in first_chars if "\u4e00" <= c["text"] <= "\u9fff"]
        assert len(cjk) > 50
        for char in cjk:
            name = char["fontname"].split("+", 1)[-1]
            assert name in installed, f"{char['text']} drawn in {name}, which is not an installed font"
            assert _has_glyph(installed[name], char["text"]), f"{char['text']} has no glyph in {name}"

        image = tmp_path / "page"
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf_path), str(image)], check=True)
        from PIL import Image

        pixels = Image.open(next(tmp_path.glob("page*.png"))).convert("L")
        assert pixels.getextrema()[0] < 100  # something is drawn on the first page

    def test_monthly_briefing_names_what_lags_in_the_year(self, demo, tmp_path):
        out = tmp_path / "brief.html"
        call_command("report", "briefing", "--as-of", "2026-10", "--format", "html", "--out", str(out),
                     stdout=io.StringIO())
        html = out.read_text(encoding="utf-8")
        assert "月度研判（2026年10月）" in html and "年度目标进度表" in html
        region = OrgUnit.objects.get(code="150000")
        in_year = Assessment.objects.filter(unit=region, period="2026M10")
        assert in_year.exists()
        for a in in_year:
            assert a.explanation in html
