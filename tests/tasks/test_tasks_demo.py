"""The demo tasks: several chapters' work given to demo units, some progress, one task overdue and supervised."""

from __future__ import annotations

import io
from importlib import import_module

import pytest

from plantrack.tasks.models import SupervisionItem, Task, TaskProgress


@pytest.mark.django_db
def test_demo_tasks_are_loaded_once_with_progress_and_one_overdue_task(settings):
    settings.PLANTRACK_TODAY = "2026-11-20"  # the demo's day: its tasks run to 2027 and later, one is made overdue
    out = io.StringIO()
    for part in ("plans", "orgs", "indicators"):
        import_module(f"plantrack.{part}.demo").load(out)
    from plantrack.tasks import demo

    lines = demo.load(out)
    assert lines and lines[0].startswith("tasks: 8 (8 new)")
    assert len(set(Task.objects.values_list("chapter_number", flat=True))) >= 5
    # Found by title words, each on the demo text's section (chapter, section) that is about it.
    placed = {t.title: (t.node.kind, t.node.chapter_number, t.node.number) for t in Task.objects.select_related("node")}
    assert placed == {
        "推进煤矿智能化改造，稳定电煤供应": ("section", 4, 1), "建设库布其沙漠新能源基地一期工程": ("section", 4, 2),
        "推进风光制氢一体化示范项目": ("section", 5, 1), "建设新型储能电站示范": ("section", 5, 3),
        "完成黄河“几字弯”攻坚战年度防沙治沙任务": ("section", 7, 1), "完成重点行业超低排放改造": ("section", 8, 1),
        "新建高标准农田": ("section", 9, 1), "开展重点群体就业帮扶专项行动": ("section", 11, 1),
    }
    assert {"150600", "150200"} <= set(Task.objects.values_list("lead_unit__code", flat=True))
    assert TaskProgress.objects.count() >= 4 and Task.objects.exclude(last_period="").count() >= 4
    item = SupervisionItem.objects.get(closed_at__isnull=True)
    assert item.reason == SupervisionItem.Reason.OVERDUE and item.task.title == "完成重点行业超低排放改造"
    assert Task.objects.filter(indicators__isnull=False).exists()

    reports = TaskProgress.objects.count()
    assert demo.load(out)[0].startswith("tasks: 8 (0 new)")
    assert TaskProgress.objects.count() == reports and SupervisionItem.objects.count() == 1


@pytest.mark.django_db
def test_a_demo_task_or_project_whose_chapter_the_plan_lacks_stands_on_no_node_and_says_so(settings, monkeypatch):
    settings.PLANTRACK_TODAY = "2026-11-20"
    out = io.StringIO()
    for part in ("plans", "orgs", "indicators"):
        import_module(f"plantrack.{part}.demo").load(out)
    from plantrack.plans.demo import Place
    from plantrack.projects import demo as projects_demo
    from plantrack.projects.models import Project
    from plantrack.tasks import demo

    # The demo text has no chapter on spaceflight: the task is still created, on no node.
    monkeypatch.setattr(demo, "DEMO_TASKS", [
        *demo.DEMO_TASKS[:1],
        (Place(("航天",), ("卫星",)), "建设商业航天发射场", "150600", [], "2028年底", None, None),
    ])
    lines = demo.load(out)
    assert lines[0].startswith("tasks: 3 (3 new)")
    assert lines[1] == ("tasks attached to no plan node (no chapter title holds their words): "
                        "建设商业航天发射场 (航天 › 卫星)")
    assert Task.objects.get(title="建设商业航天发射场").node is None
    assert Task.objects.get(title="推进煤矿智能化改造，稳定电煤供应").node.title == "稳定传统能源供应"

    kinds = [*projects_demo.KINDS[:7], ("航天", "{place}航天产业园项目", Place(("航天",)), (20000, 120000))]
    monkeypatch.setattr(projects_demo, "KINDS", kinds)
    lines = projects_demo.load(out)
    assert lines[1] == "projects serving no plan chapter (no chapter title holds their words): …航天产业园项目 (航天)"
    space = Project.objects.filter(category="航天")
    assert space.count() == 7 and not space.exclude(node=None).exists()
    assert not Project.objects.exclude(category="航天").filter(node=None).exists()
