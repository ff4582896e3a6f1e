"""The one rule for a text file's encoding: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030."""

from __future__ import annotations

import subprocess
import sys

import pytest

from plantrack.core.files import decode_text, encoding_of

TEXT = "第一章 总则\n地区生产总值年均增长5%左右。\n"


@pytest.mark.parametrize(("encoding", "named"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                                 ("utf-16", "utf-16"), ("gbk", "gb18030"), ("gb18030", "gb18030")])
def test_each_encoding_is_named_and_read(encoding, named):
    data = TEXT.encode(encoding)
    assert encoding_of(data) == named
    assert decode_text(data) == TEXT


def test_a_utf8_head_cut_inside_a_character_is_still_utf8():
    data = TEXT.encode("utf-8")
    assert encoding_of(data[:4]) == "utf-8"  # "第" is three bytes; the fourth starts "一"


def test_a_file_cut_inside_its_last_character_keeps_what_came_before():
    cut = TEXT.encode("utf-8")[:-2]  # the newline and the last byte of "。" gone
    assert decode_text(cut) == TEXT[:-2]


def test_gb18030_characters_outside_gbk():
    text = "𠀀内蒙古"  # a four-byte GB18030 character
    assert decode_text(text.encode("gb18030")) == text


def test_the_core_module_never_imports_django():
    code = "import sys, plantrack.core.files; print('django' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
