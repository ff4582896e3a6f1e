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
    assert {"150600", "150200"} <= set(Task.objects.values_list("lead_unit__code", flat=True))
    assert TaskProgress.objects.count() >= 4 and Task.objects.exclude(last_period="").count() >= 4
    item = SupervisionItem.objects.get(closed_at__isnull=True)
    assert item.reason == SupervisionItem.Reason.OVERDUE and item.task.title == "完成重点行业超低排放改造"
    assert Task.objects.filter(indicators__isnull=False).exists()

    reports = TaskProgress.objects.count()
    assert demo.load(out)[0].startswith("tasks: 8 (0 new)")
    assert TaskProgress.objects.count() == reports and SupervisionItem.objects.count() == 1
