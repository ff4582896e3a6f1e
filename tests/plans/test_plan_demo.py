"""The demo plan shipped with PlanTrack: it parses with the real parser into exactly what it was written to hold.

Labelling rules for its commitments (量化目标), applied by hand to demo_plan.txt: every clause in the body that sets
a figure to reach, keep, add, exceed or stay under during the plan period is one commitment (value + unit, in the
chapter where it stands). Not commitments: the past figures in 第一节 发展成就 ("达到了", "增长到"), years of events
(2028年开展中期评估), scopes (3岁以下), and the main-indicator table (专栏1), which is read as indicators.
"""

from __future__ import annotations

from collections import Counter

import pytest

from plantrack.core.planparse import parse_file
from plantrack.plans import demo
from plantrack.plans.models import Plan, PlanNode, PlanVersion

EXPECTED_COMMITMENTS = Counter(
    [
        (4, 12, "亿吨"), (4, 90, "%"), (4, 3, "亿千瓦"), (4, 50, "%"), (4, 1000, "万千瓦"), (4, 2, "条"),
        (4, 3000, "亿千瓦时"),
        (5, 50, "万吨"), (5, 800, "亿元"), (5, 1, "万辆"), (5, 100, "座"), (5, 400, "公里"), (5, 5000, "万千瓦"),
        (6, 80, "%"), (6, 30, "%"), (6, 15, "%"), (6, 50, "家"),
        (7, 3000, "万亩"), (7, 500, "万亩"), (7, 46, "%"), (7, 22.24, "%"),
        (8, 90, "%"), (8, 25, "%"),
        (9, 1.03, "亿亩"), (9, 850, "亿斤"), (9, 2000, "万亩"), (9, 1000, "万吨"), (9, 200, "万吨"),
        (10, 85, "%"), (10, 6, "%"),
        (11, 20, "万人"), (11, 5.7, "%"), (11, 96, "%"), (11, 95, "%"), (11, 1.5, "万张"), (11, 3, "万个"),
        (11, 4.5, "个"),
    ]
)


class TestDemoPlanText:
    def test_it_parses_into_the_outline_it_was_written_with(self):
        doc = parse_file(demo.DEMO_PLAN_PATH)
        assert doc.title == "内蒙古自治区国民经济和社会发展第十五个五年规划纲要（演示文本）"
        assert tuple(doc.period) == (2026, 2030)
        assert [len(p.chapters) for p in doc.parts] == [3, 3, 2, 2, 2]
        assert [len(c.sections) for c in doc.chapters()] == [2, 2, 0, 2, 3, 2, 2, 2, 2, 2, 2, 2]
        assert [(b.number, b.chapter, b.section, len(b.items)) for b in doc.boxes] == [
            (1, 3, None, 0), (2, 4, 2, 3), (3, 5, 2, 4), (4, 7, 1, 3), (5, 9, 1, 2), (6, 11, 2, 2),
        ]
        assert len(doc.indicators) == 21
        assert "氢能" in doc.chapters()[4].title

    def test_its_commitments_are_the_hand_labelled_ones(self):
        doc = parse_file(demo.DEMO_PLAN_PATH)
        found = Counter((c.chapter, round(c.value, 4), c.unit) for c in doc.commitments)
        assert found == EXPECTED_COMMITMENTS

    def test_it_mentions_hydrogen_where_search_should_find_it(self):
        text = demo.DEMO_PLAN_PATH.read_text(encoding="utf-8")
        assert text.count("氢能") >= 5


@pytest.mark.django_db
class TestDemoLoad:
    def test_loading_twice_changes_nothing(self):
        lines = demo.load(None)
        assert len(lines) == 1 and "内蒙古自治区" in lines[0]
        version = PlanVersion.objects.get()
        nodes = PlanNode.objects.count()
        again = demo.load(None)
        assert "已导入过" in again[0]
        assert Plan.objects.count() == 1 and PlanVersion.objects.get().pk == version.pk
        assert PlanNode.objects.count() == nodes
        assert version.plan.region == demo.DEMO_REGION
        assert version.commitments.count() == sum(EXPECTED_COMMITMENTS.values())

    def test_the_plan_is_for_the_region_of_the_demo_org_tree(self):
        from plantrack.orgs import demo as orgs_demo
        from plantrack.orgs.models import OrgUnit

        orgs_demo.load(None)
        demo.load(None)
        plan = Plan.objects.get()
        [region] = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION)
        assert plan.region == region.name == "内蒙古自治区"
        assert plan.title.startswith(region.name) and "演示" in plan.title
