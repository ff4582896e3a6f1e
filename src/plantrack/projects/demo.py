"""Demo projects: 60 synthetic major projects across the 12 盟市, their procedures in varied states and twelve
weeks of dispatch records with a few 堵点. Generated from a fixed seed, so running it again changes nothing.

Each kind of project serves the chapter whose title holds its words (`plans.demo.Place`), in the demo text and the
real plan alike; a kind whose chapter the plan lacks serves no node, and the returned lines say so."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from plantrack import clock
from plantrack.core.weeks import week_of
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.demo import Place, demo_plan, find_node
from plantrack.plans.selectors import current_version
from plantrack.projects.checklist import ensure_default_procedures
from plantrack.projects.models import ProcedureKind, Project, ProjectProcedure
from plantrack.projects.services import BlockerInput, ProcedureState, ProjectFields, record_dispatch, save_project

PROJECTS = 60
WEEKS = 12
# (category, name pattern, the chapter it serves by title words in order of preference, total investment in 万元)
KINDS = [
    ("新能源", "{place}{n}万千瓦风光储一体化项目", Place(("新能源", "能源")), (80000, 600000)),
    ("新能源", "{place}绿氢制备示范项目", Place(("氢能", "新能源")), (50000, 300000)),
    ("现代煤化工", "{place}煤制烯烃升级改造项目", Place(("传统产业", "能源")), (200000, 900000)),
    ("交通", "{place}至旗县公路改扩建工程", Place(("基础设施", "现代化产业体系")), (30000, 250000)),
    ("生态", "{place}防沙治沙和生态修复工程", Place(("生态保护",)), (10000, 80000)),
    ("水利", "{place}引水和灌区节水改造工程", Place(("基础设施", "农畜产品供给")), (20000, 150000)),
    ("社会民生", "{place}人民医院新院区建设项目", Place(("健康", "社会保障")), (15000, 90000)),
    ("产业园区", "{place}工业园区基础设施配套项目", Place(("新兴产业", "氢能")), (20000, 120000)),
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
    plan = demo_plan()
    version = current_version(plan) if plan else None
    chapters = {where: find_node(version, where) if version else None for _c, _p, where, _r in KINDS}
    investment = Indicator.objects.filter(plan=plan, name__contains="投资").first() if plan else None
    kinds = list(ProcedureKind.objects.filter(active=True))
    counties: dict[int, list[OrgUnit]] = {p.pk: list(p.children.filter(kind=OrgUnit.Kind.COUNTY).order_by("code"))
                                          for p in prefectures}
    today = clock.today()
    created = 0
    for i in range(PROJECTS):
        prefecture = prefectures[i % len(prefectures)]
        place = rng.choice(counties[prefecture.pk]) if counties[prefecture.pk] and rng.random() < 0.7 else prefecture
        category, pattern, place_in_plan, (low, high) = KINDS[i % len(KINDS)]
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
            node=chapters[place_in_plan], annual_plan_wan=(total * Decimal("0.3")).quantize(Decimal(1)),
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
    lines = [f"projects: {Project.objects.count()} major projects (重大项目, {created} new), "
             f"{open_count} with procedures still open (手续未办结)"]
    unplaced = [f"{pattern.format(place='…', n='…')} ({where})" for _c, pattern, where, _r in KINDS
                if chapters[where] is None]
    if unplaced:
        lines.append(f"projects serving no plan chapter (no chapter title holds their words): {'; '.join(unplaced)}")
    return lines
