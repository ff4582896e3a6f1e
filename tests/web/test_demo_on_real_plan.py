"""`plantrack setup-demo` on the real plan (../shared/seeds, 53 chapters): every demo part works on it — the 21 main
indicators of 专栏1 with their targets, base-year figures and simulated years, every binding indicator judged, the
tasks and projects on the chapters and sections their title words name — and the pages and the mid-term report
come out of it."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from plantrack.assessment.models import Assessment
from plantrack.core.simulated import SIMULATED_SOURCE
from plantrack.indicators.models import Indicator
from plantrack.orgs.models import OrgUnit, User
from plantrack.plans.demo import demo_plan
from plantrack.plans.models import PlanIndicator, PlanNode
from plantrack.projects.models import Project
from plantrack.reporting.models import DataValue
from plantrack.reports.models import Report
from plantrack.reports.services import generate_report, report_file_path
from plantrack.tasks.demo import DEMO_TASKS
from plantrack.tasks.models import Task
from plantrack.web.demo import SCENARIOS, YEARS

# Where each demo task lands in the real plan: (chapter title, section title).
REAL_PLACES = {
    "推进煤矿智能化改造，稳定电煤供应": ("增强传统能源兜底保障能力", "保障煤炭煤电安全稳定供应"),
    "建设库布其沙漠新能源基地一期工程": ("提高新能源开发利用水平", "推动新能源大规模开发建设"),
    "推进风光制氢一体化示范项目": ("提高新能源开发利用水平", "做大做强氢能储能产业"),
    "建设新型储能电站示范": ("提高新能源开发利用水平", "做大做强氢能储能产业"),
    "完成黄河“几字弯”攻坚战年度防沙治沙任务": ("持续推进生态保护修复", "如期打赢“三北”工程攻坚战"),
    "新建高标准农田": ("提升农牧业综合生产能力和质量效益", "提升粮食等重要农产品供给保障能力"),
    "开展重点群体就业帮扶专项行动": ("促进高质量充分就业", "着力扩大就业容量"),
    "完成重点行业超低排放改造": ("全力打好污染防治攻坚战", "深入打好蓝天、碧水、净土保卫战"),
}


@pytest.fixture
def real_demo(db, settings, tmp_path, plan_path) -> str:
    settings.PLANTRACK_DEMO_PLAN = str(plan_path)  # the real plan, named (not left to what ../shared holds)
    settings.PLANTRACK_TODAY = "2029-01-10"  # as `make demo` runs it: the simulated world ends with 2028
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("setup_demo", stdout=out)
    return out.getvalue()


def test_the_demo_loads_and_judges_everything_on_the_real_plan(real_demo, plan_path, client):
    first = real_demo.splitlines()[0]
    assert "《内蒙古自治区国民经济和社会发展第十五个五年规划纲要》" in first and "53章" in first
    assert f"来源：规划文本 {plan_path}" in first
    assert "attached to no plan node" not in real_demo and "serving no plan chapter" not in real_demo
    plan = demo_plan()
    version = plan.versions.get(is_current=True)
    assert version.nodes.filter(kind=PlanNode.Kind.CHAPTER).count() == 53

    # 专栏1's 21 main indicators, each with its row's targets and baseline.
    main = {i.code: i for i in Indicator.objects.filter(plan=plan, source_row__isnull=False)}
    assert len(main) == 21
    for row in PlanIndicator.objects.filter(version=version):
        indicator = main[row.code]
        # The end-year level, or for a rate or five-year total the 年均/累计 column.
        assert indicator.target_value in {row.target_value, row.period_value}, row.code
        assert (indicator.target_value is None) == (row.target_value is None and row.period_value is None), row.code
        assert (indicator.baseline_value, indicator.baseline_year) == (row.baseline_value, row.baseline_year)

    # Base-year figures for every unit of the level targets, and the simulated years, all approved.
    region = OrgUnit.objects.get(kind=OrgUnit.Kind.REGION)
    units = {region.code, *OrgUnit.objects.filter(kind=OrgUnit.Kind.PREFECTURE).values_list("code", flat=True)}
    simulated = DataValue.objects.filter(indicator__plan=plan, source=SIMULATED_SOURCE)
    assert not simulated.exclude(state=DataValue.State.APPROVED).exists()
    for code in SCENARIOS:
        indicator = main[code]
        # 2028's months and quarters came in through reporting rounds (labelled 演示数据), the earlier years simulated.
        years = set(DataValue.objects.filter(indicator=indicator, unit=region, state=DataValue.State.APPROVED)
                    .values_list("year", flat=True))
        assert set(YEARS) <= years, code
        if indicator.target_type == Indicator.TargetType.LEVEL and indicator.baseline_value is not None:
            based = simulated.filter(indicator=indicator, period=str(indicator.baseline_year))
            assert set(based.values_list("unit__code", flat=True)) == units, code

    # Every binding indicator judged: computed, against a nationally assigned figure, or by approved 人工研判.
    binding = [i for i in main.values() if i.attribute == Indicator.Attribute.BINDING]
    assert len(binding) == 8
    latest = {a.indicator.code: a for a in Assessment.objects.filter(indicator__in=binding, unit=region,
                                                                     period=str(YEARS[-1]))}
    assert sorted(latest) == sorted(i.code for i in binding)
    assert not [code for code, a in latest.items() if a.status == "无法评估"]
    assert {latest[c].method for c in ("14", "15", "16")} == {"国家下达目标"}
    assert {latest[c].method for c in ("17", "19")} == {"人工研判"}

    # Tasks and projects stand on the real plan's chapters and sections their words name.
    tasks = {t.title: t for t in Task.objects.filter(plan=plan).select_related("node__parent")}
    assert len(tasks) == len(DEMO_TASKS) + 1
    for title, (chapter, section) in REAL_PLACES.items():
        node = tasks[title].node
        assert (node.parent.title, node.title) == (chapter, section), title
    assert not Project.objects.filter(node=None).exists()
    served = set(Project.objects.values_list("node__title", flat=True))
    assert {"推进健康内蒙古建设", "提高新能源开发利用水平", "推动传统产业焕新发展"} <= served

    # The pages open on it: home, dashboard, an indicator page, tasks, projects, a chapter page.
    client.force_login(User.objects.get(username="planning_admin"))
    chapter = tasks["新建高标准农田"].node.parent
    for url in ("/", "/dashboard/", f"/dashboard/indicators/{main['18'].pk}/", f"/indicators/{main['1'].pk}/",
                "/tasks/", "/projects/", f"/plans/{plan.pk}/v{version.number}/chapters/{chapter.number}/"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/plans/{plan.pk}/v{version.number}/chapters/{chapter.number}/").content.decode()
    assert "提升农牧业综合生产能力和质量效益" in page and "新建高标准农田" in page
    assert "模拟" in client.get(f"/dashboard/indicators/{main['18'].pk}/").content.decode()

    # The mid-term evaluation as of the last simulated month.
    report = generate_report(user=None, plan=plan, kind="midterm", as_of="2028-12", formats=["html"])
    assert report.state == Report.State.DONE, report.error
    assert {row["code"] for row in report.snapshot["indicators"]} == set(main)
    html = report_file_path(report.files.get(format="html", annex="")).read_text(encoding="utf-8")
    binding_line = re.search(r"约束性指标8项：([^；]*)；", re.sub(r"<[^>]+>", "", html))
    assert binding_line and "无法评估" not in binding_line.group(1)
