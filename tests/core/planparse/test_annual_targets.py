"""Annual targets (年度主要预期目标) read from a government work report and from a county newspaper page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plantrack.core.planparse.annual_targets import parse_annual_targets
from plantrack.core.planparse.serialize import annual_targets_json

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def seed_text(prefix: str) -> str:
    """A seed document's text (tests/conftest.py's `seed_path` convention: ../shared/seeds/<prefix>_*.txt)."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")

# Checked by hand against the list under "今年经济社会发展的主要预期目标" in seed 002.
REPORT_2026 = [
    ("地区生产总值增长", 5, None, "%", "~"),
    ("规模以上工业增加值增长", 6.5, None, "%", "~"),
    ("固定资产投资增长", 8, None, "%", "~"),
    ("一般公共预算收入增长", 1.5, None, "%", "~"),
    ("城镇调查失业率", 5.7, None, "%", "~"),
    ("城镇新增就业", 18, None, "万人", ">="),
    ("社会消费品零售总额增长", 4, None, "%", "~"),
    ("外贸进出口总值增长", 5, None, "%", "~"),
    ("居民消费价格指数", 2, None, "%", "~"),
    ("居民收入增长", None, None, None, "qualitative"),
    ("粮食产量", 840, None, "亿斤", ">="),
    ("降碳减排任务", None, None, None, "qualitative"),
]

# The same goals as one sentence in the party secretary's article on the county paper's front page (seed 000).
COUNTY_PAGE = [
    ("地区生产总值增长", 5, None, "%", "~"),
    ("城镇调查失业率", 5.7, None, "%", "~"),
    ("城镇新增就业", 18, None, "万人", ">="),
    ("居民消费价格指数涨幅", 2, None, "%", "~"),
    ("居民收入增长", None, None, None, "qualitative"),
    ("粮食产量", 840, None, "亿斤", ">="),
    ("降碳减排任务", None, None, None, "qualitative"),
]


def _rows(items):
    return [(t.subject, t.value, t.value_max, t.unit, t.comparator) for t in items]


class TestGovernmentWorkReport:
    def test_the_2026_list_is_read_in_full(self):
        assert _rows(parse_annual_targets(seed_text("002"))) == REPORT_2026

    def test_quotes_are_verbatim_and_qualitative_ones_are_marked(self):
        text = seed_text("002")
        items = parse_annual_targets(text)
        for t in items:
            assert t.quote in text
            assert t.qualitative == (t.value is None)
        assert items[0].quote == "地区生产总值增长**5%**左右"
        assert items[9].quote == "居民收入增长与经济增长同步"

    def test_a_remark_inside_the_list_is_not_a_target(self):
        assert not [t for t in parse_annual_targets(seed_text("002")) if "更好结果" in t.quote]

    def test_last_years_results_are_not_targets(self):
        # "2025年工作回顾" lists 增长4.7% etc. with no target heading: none of them may appear
        assert 4.7 not in {t.value for t in parse_annual_targets(seed_text("002"))}


class TestCountyNewspaper:
    def test_the_inline_list_is_read(self):
        text = seed_text("000")
        items = parse_annual_targets(text)
        assert _rows(items) == COUNTY_PAGE
        assert all(t.quote in text for t in items)


class TestOtherWordings:
    def test_ranges_bounds_and_steady_decline(self):
        text = ("2027年经济社会发展的主要预期目标是：地区生产总值增长4.5%—5%，单位地区生产总值能耗稳中有降，"
                "城镇调查失业率控制在5.5%以内，进出口增长5%以上，居民收入增长和经济增长基本同步。\n")
        assert _rows(parse_annual_targets(text)) == [
            ("地区生产总值增长", 4.5, 5, "%", "range"),
            ("单位地区生产总值能耗", None, None, None, "qualitative"),
            ("城镇调查失业率", 5.5, None, "%", "<="),
            ("进出口增长", 5, None, "%", ">="),
            ("居民收入增长", None, None, None, "qualitative"),
        ]

    def test_a_numbered_list_under_a_heading(self):
        text = ("今年主要预期目标\n\n（一）全县生产总值增长6%左右；\n（二）粮食产量稳定在30万吨以上。\n\n"
                "一、工作回顾\n增长7%\n")
        assert _rows(parse_annual_targets(text)) == [
            ("全县生产总值增长", 6, None, "%", "~"),
            ("粮食产量", 30, None, "万吨", ">="),
        ]

    def test_a_text_without_targets_gives_nothing(self):
        assert parse_annual_targets("会议总结了2025年工作，部署了2026年任务。") == []
        assert parse_annual_targets("明确了总体要求和主要目标，特别是要实现人均地区生产总值稳居全国上游。") == []


class TestJson:
    def test_the_cli_json_keys(self):
        rows = annual_targets_json(parse_annual_targets(seed_text("002")))
        assert set(rows[0]) >= {"subject", "value", "value_max", "unit", "comparator", "quote"}
        assert rows[0]["value"] == 5 and rows[0]["comparator"] == "~"
        assert json.loads(json.dumps(rows, ensure_ascii=False)) == rows

    @pytest.mark.parametrize("prefix", ["002", "000"])
    def test_every_item_has_a_subject(self, prefix):
        assert all(t.subject for t in parse_annual_targets(seed_text(prefix)))
