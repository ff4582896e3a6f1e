"""Control characters that no stored text may hold: found with their position, written as escapes."""

from __future__ import annotations

import pytest

from plantrack.core.control_chars import escape_control_characters, first_control_character, has_control_character


class TestControlCharacters:
    @pytest.mark.parametrize("text, found", [
        ("备注\x0b", (2, "\\x0b")), ("\x00", (0, "\\x00")), ("ab\x7f", (2, "\\x7f")), ("x\x1f", (1, "\\x1f")),
        ("a\ud800", (1, "\\ud800")), ("\ufffe", (0, "\\ufffe")),
    ])
    def test_it_finds_the_first_one_and_where(self, text, found):
        assert first_control_character(text) == found
        assert has_control_character(text)

    @pytest.mark.parametrize("text", ["第一行\r\n第二行", "列\t列", "普通文字 123 ½ €", ""])
    def test_line_breaks_tabs_and_ordinary_text_are_fine(self, text):
        assert first_control_character(text) is None
        assert not has_control_character(text)

    def test_escaping_writes_every_one_so_a_message_can_show_it(self):
        assert escape_control_characters("a\x00b\x0bc") == "a\\x00b\\x0bc"
