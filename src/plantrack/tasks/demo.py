"""Demo tasks: work from several chapters of the demo's plan given to demo units, some progress, one task overdue.

Each task finds its chapter and section by title words (`plans.demo.Place`), so it lands on the right node in the
demo text and in the real plan alike; one whose chapter the plan lacks is attached to no node, and the returned
line says so.
"""

from __future__ import annotations

from datetime import timedelta

from plantrack import clock
from plantrack.indicators.models import Indicator
from plantrack.orgs.access import may_enter_values
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.demo import Place, demo_plan, find_node
from plantrack.plans.selectors import current_version
from plantrack.tasks.models import Task
from plantrack.tasks.services import create_task, report_progress, task_fields
from plantrack.tasks.supervision import due_period, run_supervision

OVERDUE = "overdue"
# (where in the plan, task, lead unit, supporting units, deadline, indicator name word, progress by the lead)
DEMO_TASKS = [
    (Place(("传统能源", "能源"), ("煤", "传统能源")), "推进煤矿智能化改造，稳定电煤供应", "150600", ["150000-GXT"],
     "2027年底", None, (40, "已完成12处煤矿智能化验收")),
    (Place(("新能源", "能源"), ("新能源",)), "建设库布其沙漠新能源基地一期工程", "150600", ["150200"], "2028年6月",
     "非化石能源", (25, "一期300万千瓦已开工，完成投资42亿元")),
    (Place(("氢能", "新能源"), ("氢",)), "推进风光制氢一体化示范项目", "150200", ["150600", "150000-FGW"],
     "2027年上半年", None, (60, "两个示范项目进入设备安装")),
    (Place(("储能", "新能源"), ("储能",)), "建设新型储能电站示范", "150200", [], "持续推进", None, None),
    (Place(("生态保护",), ("防沙", "三北")), "完成黄河“几字弯”攻坚战年度防沙治沙任务", "150600", ["150200"], "长期",
     "森林覆盖率", (70, "完成治理任务85万亩")),
    (Place(("农牧业综合生产能力", "农畜产品"), ("粮食",)), "新建高标准农田", "150000-FGW", ["150600", "150200"],
     "2030年底", "粮食", None),
    (Place(("就业",), ("就业",)), "开展重点群体就业帮扶专项行动", "150200", [], "2026年底", "城镇调查失业率",
     (90, "帮扶就业困难人员1.2万人")),
]
# This one's deadline is put 30 days before the demo is loaded, so the supervision list has something overdue.
OVERDUE_TASK = (Place(("污染", "减污"), ("污染防治", "蓝天")), "完成重点行业超低排放改造", "150600",
                ["150000-STHJT"])


def load(stdout=None) -> list[str]:
    """Create the demo tasks not there yet, report their progress and run the supervision check once."""
    plan = demo_plan()
    version = current_version(plan) if plan else None
    admin = User.objects.filter(username="planning_admin").first()
    if version is None or admin is None:
        return []
    units = {u.code: u for u in OrgUnit.objects.all()}
    # Each lead unit's first demo account that enters data reports its progress (the clerks orgs.demo created).
    clerks: dict[str, User] = {}
    for person in User.objects.filter(unit__isnull=False, is_active=True).select_related("unit").order_by("pk"):
        if may_enter_values(person):
            clerks.setdefault(person.unit.code, person)
    today = clock.today()
    period = due_period(frequency=Task.Frequency.QUARTERLY, today=today).code
    created = 0
    unplaced = []
    overdue = (*OVERDUE_TASK, (today - timedelta(days=30)).isoformat(), None, None)
    for place, title, lead, supporting, deadline, indicator_word, progress in [*DEMO_TASKS, overdue]:
        if Task.objects.filter(plan=plan, title=title).exists():
            continue
        node = find_node(version, place)
        if node is None:
            unplaced.append(f"{title} ({place})")
        indicators = list(Indicator.objects.filter(plan=plan, name__contains=indicator_word)[:1]) \
            if indicator_word else []
        fields = task_fields(plan=plan, title=title, lead_unit=units[lead],
                             supporting_units=[units[c] for c in supporting], deadline=deadline,
                             node=node, indicators=indicators)
        task = create_task(user=admin, plan=plan, fields=fields)
        created += 1
        reporter = clerks.get(lead)
        if progress is not None and reporter is not None:
            report_progress(user=reporter, task=task, unit=units[lead], period=period, text=progress[1],
                            percent=progress[0])
    run = run_supervision(today=today)
    lines = [f"tasks: {Task.objects.filter(plan=plan).count()} ({created} new), "
             f"{run.open_total} open supervision items (督办)"]
    if unplaced:
        lines.append(f"tasks attached to no plan node (no chapter title holds their words): {'; '.join(unplaced)}")
    return lines
