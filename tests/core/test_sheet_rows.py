"""The shapes of rows among a sheet's data: totals, notes and headings as offices write them; a data row is none."""

from __future__ import annotations

import pytest

from plantrack.core.sheet_rows import HEADING, NOTE, TOTAL, row_shape


@pytest.mark.parametrize("text, shape", [
    ("合计", TOTAL), ("合计（9个项目）", TOTAL), ("小 计", TOTAL), ("总计", TOTAL),
    ("注：数据为快报数", NOTE), ("注1.单位为亿元", NOTE), ("填表说明：", NOTE), ("备注：见附件", NOTE),
    ("一、经济发展", HEADING), ("（二）社会民生", HEADING), ("3、生态环境", HEADING),
    ("1", None), ("150600", None), ("2026M10", None), ("备注", None), ("注册企业数", None), ("地区生产总值", None),
])
def test_row_shape(text, shape):
    assert row_shape(text) == shape
