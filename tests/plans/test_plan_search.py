"""Full-text search: jieba segmentation of queries, matching on stored tokens, and highlighting."""

from __future__ import annotations

import subprocess
import sys

import pytest

from plantrack.plans.search import highlight_terms, search_plan
from plantrack.plans.segmentation import index_tokens, query_terms


class TestSegmentation:
    def test_a_query_is_cut_into_words_and_function_words_dropped(self):
        assert query_terms("氢能产业") == ["氢能", "产业"]
        assert query_terms("氢能的产业") == ["氢能", "产业"]
        assert query_terms("的") == ["的"]
        assert query_terms("，。") == []

    def test_index_tokens_hold_both_the_word_and_its_parts(self):
        tokens = index_tokens("推广新能源汽车。")
        assert " 新能源 " in tokens and " 能源 " in tokens and "。" not in tokens

    def test_the_parse_command_never_loads_jieba_or_django(self, plan_path):
        code = ("import sys; from plantrack.cli import main; main(['parse', sys.argv[1], '--json']); "
                "sys.stderr.write(str(sorted(m for m in sys.modules if m.split('.')[0] in {'jieba','django'})))")
        proc = subprocess.run([sys.executable, "-c", code, str(plan_path)], capture_output=True, text=True,
                              timeout=60)
        assert proc.stderr.strip().endswith("[]"), proc.stderr[-300:]


def test_highlighting_escapes_the_text():
    html = highlight_terms("<b>氢能</b> & 氢能产业", ["氢能"])
    assert html == "&lt;b&gt;<mark>氢能</mark>&lt;/b&gt; &amp; <mark>氢能</mark>产业"


@pytest.mark.django_db
class TestSearchPlan:
    def test_every_term_must_occur(self, seed_plan):
        version = seed_plan.version
        hydrogen = search_plan(version=version, query="氢能")
        both = search_plan(version=version, query="氢能 装备")
        assert hydrogen.total >= 3
        assert 0 < both.total < hydrogen.total
        assert all("装备" in h.sentence.text and "氢能" in h.sentence.text for h in both.hits)

    def test_hits_know_their_chapter_section_and_box(self, seed_plan):
        result = search_plan(version=seed_plan.version, query="氢能装备")
        hit = next(h for h in result.hits if h.box is not None)
        assert (hit.chapter.number, hit.section.number, hit.box.number) == (16, 4, 9)
        assert hit.exact and result.hits[0].exact

    def test_latin_words_match_whatever_their_case(self, seed_plan):
        assert search_plan(version=seed_plan.version, query="gdp").total > 0

    def test_an_empty_query_finds_nothing(self, seed_plan):
        assert search_plan(version=seed_plan.version, query="  ").hits == []
