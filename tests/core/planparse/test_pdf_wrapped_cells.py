"""Table cells that wrap in a PDF's text layer: the seed plan printed with its main-indicator table in narrow
columns, written one printed line at a time across each row (as word processors print), so "6.数字经济核心产业增加"
and "值占地区生产总值 比重" stand on two lines with other rows' cells between them. Without a grid, with rules
between rows only, with cells at the top of their rows or centred: every indicator field comes out as from the
text, and so do the outline and the boxes."""

from __future__ import annotations

import pytest
from renderings import write_pdf

from plantrack.core.planparse import parse_plan, read_document_text, to_contract_json

RENDERINGS = {  # rules between rows, cell alignment
    "no-lines-top": (False, "TOP"),
    "no-lines-centred": (False, "MIDDLE"),
    "row-rules-top": (True, "TOP"),
    "row-rules-centred": (True, "MIDDLE"),
}


@pytest.fixture(scope="module")
def clean(plan_doc) -> dict:
    return to_contract_json(plan_doc)


@pytest.fixture(scope="module", params=sorted(RENDERINGS))
def printed(request, plan_text, tmp_path_factory) -> str:
    rules, valign = RENDERINGS[request.param]
    path = write_pdf(plan_text, tmp_path_factory.mktemp("wrapped") / "plan.pdf", ruled=rules, by_line=valign)
    return read_document_text(path)


def test_the_rendering_does_wrap_the_cells(plan_text, tmp_path):
    """The premise: the text layer itself carries a name cut over lines, and no tab."""
    import pypdfium2

    path = write_pdf(plan_text, tmp_path / "plan.pdf", ruled=False, by_line="TOP")
    pages = pypdfium2.PdfDocument(str(path))
    raw = "\n".join(pages[i].get_textpage().get_text_bounded() for i in range(len(pages)))
    assert "6.数字经济核心产业增加值占地区生产总值" not in raw.replace(" ", "")
    assert "数字经济核心" in raw and "\t" not in raw


def test_every_indicator_field(printed, clean):
    got = to_contract_json(parse_plan(printed))
    assert got["indicators"] == clean["indicators"]


def test_the_outline_and_boxes(printed, clean):
    got = to_contract_json(parse_plan(printed))
    assert (got["title"], got["period"], got["parts"], got["boxes"]) == (
        clean["title"], clean["period"], clean["parts"], clean["boxes"])


def test_rows_come_back_as_cells(printed):
    rows = [line for line in printed.split("\n") if line.count("\t") >= 4]
    assert len(rows) == 1 + 21  # the header and one line a row
    sixth = next(line for line in rows if "数字经济核心" in line)
    cells = [c for c in sixth.split("\t") if c]
    assert cells[0].replace(" ", "") == "6.数字经济核心产业增加值占地区生产总值比重(%)"
    assert cells[1:] == ["—", "5", "—", "预期性"]
