"""The demo ends with every binding (约束性) indicator judged — computed, against a nationally assigned figure, or
by an approved 人工研判 — and its base-year figures entered through the one write door and approved."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from plantrack.assessment.models import Assessment, ManualJudgement
from plantrack.indicators.models import AssignedTarget, Indicator
from plantrack.orgs.models import OrgUnit
from plantrack.reporting.models import DataValue, DataValueChange


@pytest.fixture
def demo(db, settings, tmp_path, request) -> str:
    settings.DATA_DIR = tmp_path
    return request.getfixturevalue("demo_data")


def test_every_binding_indicator_ends_judged_and_base_years_went_through_review(demo):
    region = OrgUnit.objects.get(kind=OrgUnit.Kind.REGION)
    binding = Indicator.objects.filter(attribute=Indicator.Attribute.BINDING, is_active=True)
    assert binding.count() == 8
    latest = {a.indicator.code: a for a in Assessment.objects.filter(indicator__in=binding, unit=region,
                                                                     period="2028")}
    assert sorted(latest) == sorted(binding.values_list("code", flat=True))
    assert not [code for code, a in latest.items() if a.status == "无法评估"]
    methods = {code: a.method for code, a in latest.items()}
    assert methods["14"] == methods["15"] == methods["16"] == "国家下达目标"
    assert methods["17"] == methods["19"] == "人工研判"
    for code in ("17", "19"):
        assert latest[code].explanation.startswith("人工研判（已审核）：（演示数据）")
        j = ManualJudgement.objects.get(indicator__code=code, state="approved")
        assert j.author != j.reviewed_by and j.evidence_name.startswith("演示数据_")
    assert all("模拟" in t.document_number for t in AssignedTarget.objects.all())
    # Income growth keeps pace with GDP growth: compared, not left unjudged.
    assert Assessment.objects.get(indicator__code="8", unit=region, period="2028").method == "同步比较"

    base = DataValue.objects.filter(period="2025")
    assert base.exists() and not base.exclude(state=DataValue.State.APPROVED).exists()
    assert not base.filter(approved_by=None).exists()
    assert not base.filter(approved_by__role="admin").exists()  # entered by the office, approved by a reviewer
    assert DataValueChange.objects.filter(data_value__in=base, action="enter").count() == base.count()
    ordos_urban = Assessment.objects.get(indicator__code="3", unit__code="150600", period="2028")
    assert ordos_urban.status != "无法评估"  # judged from its own base-year figure


def test_the_midterm_report_counts_the_unjudged_openly_with_each_reason(demo, tmp_path):
    out = tmp_path / "mid.html"
    call_command("report", "midterm", "--as-of", "2028-12", "--format", "html", "--out", str(out),
                 stdout=StringIO())
    text = re.sub(r"<[^>]+>", "", out.read_text(encoding="utf-8"))
    binding = re.search(r"约束性指标8项：([^；]*)；", text).group(1)
    assert "滞后" in binding and "无法评估" not in binding  # none of the eight left 无法评估
    assert "按国家下达的年度目标评估3项、与所对照指标同步比较1项、人工研判（已审核）2项" in text
    region = OrgUnit.objects.get(kind=OrgUnit.Kind.REGION)
    unjudged = Assessment.objects.filter(unit=region, period="2028", status="无法评估",
                                         indicator__source_row__isnull=False)
    assert unjudged.exists()
    section = text.split("无法评估的指标", 1)[1]
    for a in unjudged:
        assert a.indicator.name in section and a.explanation in section
        assert a.explanation.startswith("无法评估：") and len(a.explanation) > len("无法评估：")


def test_loading_the_demo_again_changes_nothing(demo):
    before = (AssignedTarget.objects.count(), ManualJudgement.objects.count(), DataValue.objects.count())
    out = StringIO()
    call_command("setup_demo", stdout=out)
    assert (AssignedTarget.objects.count(), ManualJudgement.objects.count(), DataValue.objects.count()) == before
    assert "already loaded" in out.getvalue()
