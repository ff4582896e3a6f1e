"""A small world of projects for the monthly review (月研判) of June 2027, seen on 10 July 2027, with every figure
the review should show worked out by hand.

June's end is 6/12 = 50% of the year; the lag threshold is 0.8 × 50% = 40%.

| project | place | category | status | start: planned / actual | plan | done | started / due | lagging |
|---|---|---|---|---|---|---|---|---|
| 达拉特旗光伏治沙 | 达拉特旗 | 新能源 | 在建 | 03-01 / 03-20 | 10000 | 6000 (year record) | yes / yes | no (60%) |
| =HYPERLINK(…) | 达拉特旗 | 新能源 | 前期 | 05-01 / — | 5000 (ledger) | 500 (W20's) | no / yes | 10%, not started |
| 东胜区城市更新 | 东胜区 | 基础设施 | 前期 | 09-01 / — | 8000 | 4000 | no / no | no (50%) |
| 杭锦旗风电 | 杭锦旗 | 新能源 | 竣工 | — / — | 20000 | 5000 | yes / yes | no: completed |
| 东胜区谋划项目 | 东胜区 | 基础设施 | 谋划 | — | — | — | not reviewed | — |
| 包头市稀土产业园 | 昆都仑区 | 产业 | 在建 | 01-15 / 02-01 | 30000 | 3000 | yes / yes | yes: 10% |

鄂尔多斯市 (4 reviewed): due 3, started 2 → 开复工率 66.7%; plan 43000, done 15500 → 36.0%.
The region (5 reviewed): due 4, started 3 → 75.0%; plan 73000, done 18500 → 25.3%.
东胜区城市更新's 环评 has been open since 10 January (171 days by 30 June); its 能耗审查 since 1 May (60 days).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

TODAY = "2027-07-10"
FORMULA_NAME = '=HYPERLINK("http://x","达拉特旗储能")'


def build_review_world(tree) -> dict:
    from plantrack.projects.checklist import ensure_default_procedures
    from plantrack.projects.models import (
        Blocker,
        DispatchRecord,
        ProcedureKind,
        Project,
        ProjectInvestment,
        ProjectProcedure,
    )

    ensure_default_procedures()

    def project(name, code, category, status, plan=None, planned=None, actual=None, **fields):
        return Project.objects.create(name=name, region=tree[code], category=category, status=status,
                                      total_investment_wan=Decimal(100000), annual_plan_wan=plan,
                                      planned_start=planned, actual_start=actual, **fields)

    def year(p, planned, completed):
        ProjectInvestment.objects.create(project=p, year=2027, planned_wan=Decimal(planned),
                                         completed_wan=Decimal(completed))

    solar = project("达拉特旗光伏治沙", "150621", "新能源", "building", planned=date(2027, 3, 1),
                    actual=date(2027, 3, 20), liaison_leader="李副旗长")
    year(solar, 10000, 6000)
    storage = project(FORMULA_NAME, "150621", "新能源", "preparing", plan=Decimal(5000), planned=date(2027, 5, 1),
                      liaison_leader="王副旗长", responsible_unit="达拉特旗发展和改革委员会",
                      problems="电网接入方案未批复")
    DispatchRecord.objects.create(project=storage, week="2027-W20", progress="场平", week_completed_wan=500)
    DispatchRecord.objects.create(project=storage, week="2027-W27", progress="桩基", week_completed_wan=1000)
    Blocker.objects.create(project=storage, description="征地未完成", owner="达拉特旗自然资源局",
                           due_date=date(2027, 6, 20), raised_week="2027-W22")
    Blocker.objects.create(project=storage, description="施工用水未落实", owner="达拉特旗水利局",
                           due_date=date(2027, 6, 15), raised_week="2027-W21", resolved_on=date(2027, 6, 10))
    renewal = project("东胜区城市更新", "150602", "基础设施", "preparing", planned=date(2027, 9, 1))
    year(renewal, 8000, 4000)
    eia = ProcedureKind.objects.get(name="环评批复")
    energy = ProcedureKind.objects.get(name="能耗审查")
    ProjectProcedure.objects.create(project=renewal, kind=eia, state="in_progress", opened_on=date(2027, 1, 10),
                                    department="鄂尔多斯市生态环境局", expected_on=date(2027, 8, 1))
    ProjectProcedure.objects.create(project=renewal, kind=energy, state="not_started", opened_on=date(2027, 5, 1))
    wind = project("杭锦旗风电", "150625", "新能源", "completed")
    year(wind, 20000, 5000)
    project("东胜区谋划项目", "150602", "基础设施", "planning", plan=Decimal(9000))
    rare_earth = project("包头市稀土产业园", "150203", "产业", "building", planned=date(2027, 1, 15),
                         actual=date(2027, 2, 1))
    year(rare_earth, 30000, 3000)
    return {"solar": solar, "storage": storage, "renewal": renewal, "wind": wind, "rare_earth": rare_earth}
