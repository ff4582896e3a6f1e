"""The tasks world: the demo plan (imported once per module), the shipped org tree and its named people
(the planning office, clerks of 鄂尔多斯市 and 包头市, a supervisor), a registry indicator and small helpers."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plantrack.indicators.models import Indicator
from plantrack.plans.demo import DEMO_PLAN_PATH
from plantrack.plans.importing import import_plan
from plantrack.plans.models import PlanNode
from plantrack.tasks.services import create_task, task_fields


@pytest.fixture(scope="module")
def plan_import(django_db_setup, django_db_blocker):
    """The demo plan imported once per module and committed; each test's own writes are rolled back around it."""
    with django_db_blocker.unblock():
        result = import_plan(path=DEMO_PLAN_PATH, region="任务测试区")
    yield result
    with django_db_blocker.unblock():
        result.plan.delete()


@pytest.fixture
def office(db, plan_import, people, settings, tmp_path) -> SimpleNamespace:
    """Everything a task test needs, on a day late in the plan's first year (the one clock: tasks due 2027年底 have
    not started, those due 2020 are overdue); evidence files go to a fresh data dir."""
    settings.DATA_DIR = tmp_path
    settings.PLANTRACK_TODAY = "2026-11-20"
    version = plan_import.version
    nodes = {(n.kind, n.chapter_number, n.number): n for n in version.nodes.all()}
    forest = Indicator.objects.create(plan=plan_import.plan, code="16", name="森林覆盖率", unit="%",
                                      target_type=Indicator.TargetType.LEVEL)
    return SimpleNamespace(
        plan=plan_import.plan, version=version, forest=forest,
        chapter4=nodes[(PlanNode.Kind.CHAPTER, 4, 4)], section4_2=nodes[(PlanNode.Kind.SECTION, 4, 2)],
        section7_1=nodes[(PlanNode.Kind.SECTION, 7, 1)],
        **vars(people),
    )


@pytest.fixture
def give_task(office, tree):
    """give_task("任务", lead="150600", supporting=["150200"], deadline="2027年底", node=…) as the planning office."""

    def make(title: str = "建设库布其沙漠新能源基地", *, lead: str = "150600", supporting=(), deadline="2027年底",
             node=None, indicators=(), frequency="Q"):
        fields = task_fields(plan=office.plan, title=title, lead_unit=tree[lead],
                             supporting_units=[tree[c] for c in supporting], deadline=deadline,
                             node=node or office.section4_2, indicators=indicators, report_frequency=frequency)
        return create_task(user=office.admin, plan=office.plan, fields=fields)

    return make
