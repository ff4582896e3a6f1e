"""A document holding the plan text twice, or two plans, is refused with a one-line message naming where each copy
starts; a table of contents without page numbers is not a second copy."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from plantrack.core.planparse import PlanParseError, parse_plan

PLANS = Path(__file__).parent / "plans"
PLANTRACK = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "plantrack"


def _body_line(text: str, heading: str) -> int:
    """The 1-based line of the last line starting with `heading` that is no TOC entry (no tab before a page)."""
    lines = text.split("\n")
    return max(i + 1 for i, line in enumerate(lines) if line.startswith(heading) and "\t" not in line)


class TestRefused:
    def test_the_plan_text_twice(self, plan_text):
        first = _body_line(plan_text, "第一篇 沿着习近平总书记指引的方向坚定前行")
        doubled = plan_text + "\n" + plan_text
        with pytest.raises(PlanParseError) as err:
            parse_plan(doubled)
        second = first + len(plan_text.split("\n"))
        assert str(err.value) == (
            f"the plan text appears twice (from line {first} and again from line {second}): "
            "remove one copy and parse again"
        )

    @pytest.mark.parametrize("order", ["seed-first", "banner-first"])
    def test_two_different_plans(self, plan_text, order):
        banner = (PLANS / "banner_plan.txt").read_text(encoding="utf-8")
        text = plan_text + "\n" + banner if order == "seed-first" else banner + "\n" + plan_text
        with pytest.raises(PlanParseError, match=r"^the document holds more than one plan \(one from line \d+, "
                                                 r"another from line \d+\): parse each plan from its own file$"):
            parse_plan(text)

    def test_two_plans_without_parts(self):
        banner = (PLANS / "banner_plan.txt").read_text(encoding="utf-8")
        other = banner.replace("青格尔旗", "乌兰敖包旗").replace("壮大清洁能源产业", "发展文化旅游")
        with pytest.raises(PlanParseError, match="more than one plan"):
            parse_plan(banner + "\n" + other)

    def test_the_command_says_so_in_one_line(self, plan_path, tmp_path):
        doubled = tmp_path / "doubled.txt"
        doubled.write_text(plan_path.read_text(encoding="utf-8") * 2, encoding="utf-8")
        done = subprocess.run([str(PLANTRACK), "parse", str(doubled), "--json"], capture_output=True, timeout=60)
        assert done.returncode == 2 and done.stdout == b""
        message = done.stderr.decode()
        assert message.count("\n") == 1 and "the plan text appears twice" in message


class TestNotRefused:
    def test_a_toc_without_page_numbers_is_no_second_copy(self):
        doc = parse_plan((PLANS / "national_outline.txt").read_text(encoding="utf-8"))
        assert [p.number for p in doc.parts] == [1, 2, 3] and len(doc.chapters()) == 6

    def test_chapters_restarting_in_each_part_are_one_plan(self):
        text = "\n".join([
            "某市“十五五”规划纲要", "",
            "第一篇 发展基础", "", "第一章 成就", "", "经济持续增长。", "", "第二章 形势", "", "机遇与挑战并存。", "",
            "第二篇 主要任务", "", "第一章 产业", "", "做强主导产业。", "", "第二章 民生", "", "办好民生实事。",
        ])
        doc = parse_plan(text)
        assert [[c.title for c in p.chapters] for p in doc.parts] == [["成就", "形势"], ["产业", "民生"]]
