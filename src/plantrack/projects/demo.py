"""Demo projects: 60 synthetic major projects across the 12 盟市, their procedures in varied states and twelve
weeks of dispatch records with a few 堵点. Generated from a fixed seed, so running it again changes nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from plantrack import clock
from plantrack.core.weeks import week_of
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.demo import DEMO_REGION
from plantrack.plans.models import Plan, PlanNode
from plantrack.plans.selectors import current_version
from plantrack.projects.checklist import ensure_default_procedures
from plantrack.projects.models import ProcedureKind, Project, ProjectProcedure
from plantrack.projects.services import BlockerInput, ProcedureState, ProjectFields, record_dispatch, save_project

PROJECTS = 60
WEEKS = 12
# (category, name pattern, chapter of the demo plan it serves, total investment range in 万元)
KINDS = [
    ("新能源", "{place}{n}万千瓦风光储一体化项目", 4, (80000, 600000)),
    ("新能源", "{place}绿氢制备示范项目", 5, (50000, 300000)),
    ("现代煤化工", "{place}煤制烯烃升级改造项目", 4, (200000, 900000)),
    ("交通", "{place}至旗县公路改扩建工程", 6, (30000, 250000)),
    ("生态", "{place}防沙治沙和生态修复工程", 7, (10000, 80000)),
    ("水利", "{place}引水和灌区节水改造工程", 9, (20000, 150000)),
    ("社会民生", "{place}人民医院新院区建设项目", 11, (15000, 90000)),
    ("产业园区", "{place}工业园区基础设施配套项目", 5, (20000, 120000)),
]
BLOCKERS = [("林地审批未批复", "自治区林草局"), ("用地指标未落实", "自然资源局"), ("能耗指标待调剂", "发展改革委"),
            ("配套资金未到位", "财政局"), ("并网接入方案未批复", "电网公司")]


def load(stdout=None) -> list[str]:
    admin = User.objects.filter(username="planning_admin").first()
    prefectures = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE).order_by("code"))
    if admin is None or not prefectures:
        return []
    if Project.objects.filter(owner_company__startswith="示例").count() >= PROJECTS:
        return [f"projects: {Project.objects.count()} major projects (重大项目), none new"]
    ensure_default_procedures()
    rng = random.Random(2026)
    plan = Plan.objects.filter(region=DEMO_REGION).order_by("pk").first()
    version = current_version(plan) if plan else None
    chapters = {n.number: n for n in version.nodes.filter(kind=PlanNode.Kind.CHAPTER)} if version else {}
    investment = Indicator.objects.filter(plan=plan, name__contains="投资").first() if plan else None
    kinds = list(ProcedureKind.objects.filter(active=True))
    counties: dict[int, list[OrgUnit]] = {p.pk: list(p.children.filter(kind=OrgUnit.Kind.COUNTY).order_by("code"))
                                          for p in prefectures}
    today = clock.today()
    created = 0
    for i in range(PROJECTS):
        prefecture = prefectures[i % len(prefectures)]
        place = rng.choice(counties[prefecture.pk]) if counties[prefecture.pk] and rng.random() < 0.7 else prefecture
        category, pattern, chapter, (low, high) = KINDS[i % len(KINDS)]
        name = pattern.format(place=place.name, n=rng.choice([50, 100, 200, 300]))
        total = Decimal(rng.randrange(low, high, 1000))
        status = rng.choices(list(Project.Status), weights=[1, 3, 5, 1])[0]
        done_share = {"planning": 0, "preparing": 0, "building": rng.uniform(0.1, 0.8), "completed": 1}[status]
        procedures = {}
        for kind in kinds:
            if status in ("completed",) or rng.random() < 0.15:
                state = ProjectProcedure.State.DONE if rng.random() < 0.9 else ProjectProcedure.State.NOT_NEEDED
            elif status == "planning":
                state = rng.choice([ProjectProcedure.State.NOT_STARTED, ProjectProcedure.State.NOT_NEEDED])
            else:
                state = rng.choices([ProjectProcedure.State.DONE, ProjectProcedure.State.IN_PROGRESS,
                                     ProjectProcedure.State.NOT_STARTED, ProjectProcedure.State.NOT_NEEDED],
                                    weights=[6, 2, 1, 1])[0]
            done_on = today - timedelta(days=rng.randrange(30, 500)) if state == "done" else None
            procedures[kind.pk] = ProcedureState(state, done_on)
        code = None
        if status != "planning":
            code = (f"{(today.year - 1) % 100:02d}{rng.randrange(1, 13):02d}-{place.code}-"
                    f"{rng.choice(['04', '13', '44'])}-0{rng.randrange(1, 4)}-{100000 + i:06d}")
        fields = ProjectFields(
            name=name, region=place, total_investment_wan=total, code=code,
            owner_company=f"示例{category}建设有限公司", category=category, content=f"{category}建设（示例数据）",
            node=chapters.get(chapter), annual_plan_wan=(total * Decimal("0.3")).quantize(Decimal(1)),
            plan_year=today.year,
            completed_wan=total if status == "completed" else (
                total * Decimal(str(round(done_share * 0.6, 2)))).quantize(Decimal(1)),
            planned_start=date(today.year, rng.randrange(3, 10), 1),
            planned_completion=date(today.year + rng.randrange(1, 4), 12, 31), status=status, procedures=procedures,
        )
        phase = 1
        while Project.objects.filter(region=place, name=fields.name).exists():  # the same kind twice in one place
            phase += 1
            fields.name = f"{name}（{phase}期）"
        project, _changed = save_project(user=admin, fields=fields)
        created += 1
        if investment is not None and category in ("新能源", "现代煤化工", "产业园区"):
            project.indicators.add(investment)
        if status != "building":
            continue
        completed = fields.completed_wan
        for back in range(WEEKS, 0, -1):
            completed = min(total, completed + (total * Decimal("0.01")).quantize(Decimal(1)))
            blockers = []
            if back <= 2 and rng.random() < 0.3:
                description, owner = rng.choice(BLOCKERS)
                blockers.append(BlockerInput(description, owner, today + timedelta(days=rng.randrange(-10, 40))))
            record_dispatch(user=admin, project=project, week=week_of(today - timedelta(weeks=back - 1)),
                            progress=rng.choice(["主体工程施工", "设备安装调试", "场平和基础施工", "土建收尾"]),
                            completed_wan=completed, blockers=blockers)
    open_count = Project.objects.filter(has_open_procedures=True).count()
    return [f"projects: {Project.objects.count()} major projects (重大项目, {created} new), "
            f"{open_count} with procedures still open (手续未办结)"]
