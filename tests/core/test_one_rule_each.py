"""One rule each, in the core: percent units, simulated figures, Chinese numerals, figure text. Each is written
once, here tested once, and the rest of the code calls it (a test below fails when a copy of a rule is written
again)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from plantrack.core.numerals import chinese_number, chinese_ordinal, parse_chinese_number
from plantrack.core.simulated import DEMO_SOURCE, SIMULATED_SOURCE, is_simulated_source
from plantrack.core.units import is_percent_unit, normalise_unit

SRC = Path(__file__).resolve().parents[2] / "src" / "plantrack"


class TestPercentUnit:
    @pytest.mark.parametrize("unit", ["%", "％", " % ", "（%）", "(%)", "[％]", "百分比", "pct"])
    def test_every_way_a_percentage_is_written(self, unit):
        assert is_percent_unit(unit)

    @pytest.mark.parametrize("unit", ["百分点", "个百分点", "‰", "亿元", "万人", "", None, "%/年"])
    def test_points_per_mille_and_amounts_are_not_percentages(self, unit):
        assert not is_percent_unit(unit)

    def test_units_are_compared_in_the_registry_form(self):
        assert normalise_unit("（亿元）") == "亿元"
        assert normalise_unit("个百分点") == normalise_unit("百分点") == "百分点"
        assert normalise_unit(None) == ""


class TestSimulated:
    def test_both_demo_labels_count_as_simulated(self):
        assert is_simulated_source(SIMULATED_SOURCE) and is_simulated_source(DEMO_SOURCE)
        assert {SIMULATED_SOURCE, DEMO_SOURCE} == {"模拟数据", "演示数据"}

    @pytest.mark.parametrize("source", ["", None, "统计局快报", "模拟"])
    def test_other_sources_are_real_figures(self, source):
        assert not is_simulated_source(source)


class TestChineseNumerals:
    @pytest.mark.parametrize(("text", "value"), [
        ("一", 1), ("十", 10), ("十二", 12), ("五十三", 53), ("一百零五", 105), ("两千", 2000), ("三千万", 3e7),
        ("一亿二千万", 1.2e8), ("二〇三〇", 2030), ("三点五", 3.5), ("零", 0), ("万", 1e4),
    ])
    def test_reading(self, text, value):
        assert parse_chinese_number(text) == value

    @pytest.mark.parametrize("text", ["", "五A", "点", "三点", "abc", "第五"])
    def test_not_a_numeral(self, text):
        assert parse_chinese_number(text) is None

    def test_ordinals_are_whole_numbers_in_either_script(self):
        assert [chinese_ordinal(t) for t in ("五十三", "12", " 三 ", "二十")] == [53, 12, 3, 20]
        for bad in ("", "三点五", "x", "１２"):
            with pytest.raises(ValueError):
                chinese_ordinal(bad)

    @pytest.mark.parametrize("n", [*range(0, 200), 305, 999, 1000, 2030])
    def test_what_is_written_reads_back(self, n):
        written = chinese_number(n)
        assert chinese_ordinal(written) == n

    def test_writing(self):
        assert [chinese_number(n) for n in (1, 10, 11, 20, 53, 100, 105, 110, 1000)] == [
            "一", "十", "十一", "二十", "五十三", "一百", "一百零五", "一百一十", "1000"]
        with pytest.raises(ValueError):
            chinese_number(-1)


def test_the_rules_do_not_import_django():
    code = ("import sys, plantrack.core.units, plantrack.core.simulated, plantrack.core.numerals; "
            "print(any(m.startswith('django') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# The spellings each rule replaced; a module that writes one again has made a second copy of the rule.
COPIES = {
    "a percentage unit": re.compile(r"""in \(?\{?\s*["']%["'],\s*["']％["']|["']％["']\s*[,)}]"""),
    # (the word shown on a page, through gettext, is not the rule)
    "a simulated-data label": re.compile(r"""(?<!_\()["'](?:模拟数据|演示数据)["']\s*[,)}\n]"""),
    "a Chinese numeral table": re.compile(r"""["']一二三四五六七八九|\{\s*["']一["']\s*:\s*1"""),
    # zeros stripped by hand, a ratio times 100 with a "%", significant digits (5E+4 shown as 5e+04), separators
    "a figure's text": re.compile(r"""\.normalize\(\), "f"\)|\.rstrip\("0"\)|100:\.\d+f\}%|:\.\d+g\}|:,\.\d+f\}"""),
}
HOMES = {"core/units.py", "core/simulated.py", "core/numerals.py", "core/figures.py"}


@pytest.mark.parametrize("rule", sorted(COPIES))
def test_no_module_writes_the_rule_again(rule):
    copies = [
        str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
        if str(path.relative_to(SRC)) not in HOMES and "migrations" not in path.parts
        and COPIES[rule].search(path.read_text(encoding="utf-8"))
    ]
    assert copies == [], f"{rule} is decided in plantrack.core; these modules spell it again: {copies}"
