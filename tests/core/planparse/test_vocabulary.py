"""The plan vocabulary kept in one place: comparison words and signs, change words, five-year plan years; and the
readers that use it (quantities, table cells, the registry's comparator) agree with it."""

from __future__ import annotations

import pytest

from plantrack.core.planparse import parse_plan
from plantrack.core.planparse.indicator_table import direction, target_type
from plantrack.core.planparse.model import AnnualOrCumulative, Target
from plantrack.core.planparse.numbers import find_quantities
from plantrack.core.planparse.parser import plan_period
from plantrack.core.planparse.vocabulary import (
    CHANGE_WORDS,
    comparator_for,
    comparator_in,
    five_year_plan_end,
    five_year_plan_years,
)


@pytest.mark.parametrize(
    ("word", "comparator"),
    [
        ("左右", "~"), ("以上", ">="), ("以下", "<="), ("不低于", ">="), ("不超过", "<="), ("超过", ">="),
        ("达到", "="), ("突破", ">="), ("力争", "="), ("新增", "+"), ("累计", "+"), (None, "="), ("同步", "~"),
        ("≥", ">="), ("＞", ">="), ("＜", "<="), ("守住", ">="), ("控制在", "<="),
    ],
)
def test_comparator_for_a_word(word, comparator):
    assert comparator_for(word) == comparator


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("左右",), "~"),
        (("不低于90%",), ">="),
        (("不超过",), "<="),
        (("", "低于 5"), "<="),
        (("与 GDP 增长同步",), "~"),
        ((None, "达到国家要求"), ""),
        (("＞7",), ">="),
        (("控制在国家下达指标以内",), "<="),
        # one character or a word with another meaning is no tolerance word inside other text
        (("节约集约利用",), ""),
        (("上下游协同",), ""),
    ],
)
def test_comparator_in_a_text(texts, expected):
    assert comparator_in(*texts) == expected


@pytest.mark.parametrize(
    ("ordinal", "years"),
    [(1, (1953, 1957)), (2, (1958, 1962)), (3, (1966, 1970)), (13, (2016, 2020)), (14, (2021, 2025)),
     (15, (2026, 2030)), (16, (2031, 2035))],
)
def test_five_year_plan_years(ordinal, years):
    assert five_year_plan_years(ordinal) == years
    assert five_year_plan_end(ordinal) == years[1]


def test_there_is_no_plan_zero():
    with pytest.raises(ValueError, match="no five-year plan number 0"):
        five_year_plan_years(0)


class TestTheReadersAgree:
    def test_the_plan_period_of_the_first_two_plans(self):
        # The parser once knew only plans from the third on; the commitment reader knew the first two as well.
        assert plan_period("中华人民共和国发展国民经济的第一个五年计划") == (1953, 1957)
        assert plan_period("第二个五年计划") == (1958, 1962)

    def test_a_deadline_from_the_plan_ordinal(self):
        text = "某市“十六五”规划纲要\n\n第一章 目标\n\n到“十六五”末，森林覆盖率达到30%。\n"
        assert [c.deadline for c in parse_plan(text).commitments] == [2035]

    @pytest.mark.parametrize("word", ["不少于", "至少", "≥", "＞", "以上"])
    def test_every_bound_word_makes_a_table_target_a_bound(self, word):
        cell = f"{word}90" if word not in ("以上",) else f"90{word}"
        target = Target(year=2030, value=90.0, text=cell)
        assert target_type("优良天数比率", target, AnnualOrCumulative(kind=None)) == "bound"

    @pytest.mark.parametrize("word", CHANGE_WORDS)
    def test_every_change_word_makes_a_growth_target(self, word):
        annual = AnnualOrCumulative(kind="annual", value=5.0, qualifier="左右")
        assert target_type(f"工业增加值{word}", Target(year=2030, value=None), annual) == "annual_growth"

    def test_a_reduction_is_better_when_higher(self):
        assert direction("单位地区生产总值能耗降低") == "higher"
        assert direction("单位地区生产总值能耗") == "lower"

    def test_quantities_use_the_same_words(self):
        assert [q.comparator for q in find_quantities("不少于20名，5%以下，守住18亿亩")] == [">=", "<=", ">="]
