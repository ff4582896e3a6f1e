"""Targets the plan gives no number: judged against the figure a ministry assigns each year, against the series
they must keep pace with (收入增长与经济增长同步), or by a person's approved judgement (人工研判) — each marked as
such on the stored assessment, never mixed with computed ones."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from plantrack.assessment.judgements import (
    JudgementError,
    approve_judgement,
    judgement_history,
    return_judgement,
    submit_judgement,
    write_judgement,
)
from plantrack.assessment.models import Assessment, ManualJudgement
from plantrack.indicators.assigned_targets import AssignedTargetError, record_assigned_target
from plantrack.indicators.models import AnnualTarget, AssignedTarget, Indicator

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def energy(world):
    ind = Indicator.objects.create(
        plan=world.plan, code="14", name="单位地区生产总值能耗降低", unit="%", target_type="qualitative",
        attribute=Indicator.Attribute.BINDING, direction=Indicator.Direction.LOWER,
        target_text="完成国家下达目标",
    )
    ind.reporting_units.set([world.region, world.ordos, world.baotou])
    return ind


@pytest.fixture
def income(world):
    ind = Indicator.objects.create(
        plan=world.plan, code="8", name="居民人均可支配收入增长", unit="%", target_type="qualitative",
        target_text="与 GDP 增长同步",
    )
    ind.reporting_units.set([world.region, world.ordos, world.baotou])
    return ind


def assign(world, indicator, year, value, comparator=">=", **kw):
    kw.setdefault("document_number", f"发改环资〔{year}〕12号")
    kw.setdefault("document_title", f"关于下达{year}年能耗强度降低目标的通知")
    kw.setdefault("document_date", date(year, 3, 1))
    return record_assigned_target(user=kw.pop("user", world.admin), indicator=indicator, unit=world.region,
                                  year=year, value=value, comparator=comparator, **kw)


def stored(indicator, unit, period) -> Assessment:
    return Assessment.objects.get(indicator=indicator, unit=unit, period=period)


class TestAssignedFigure:
    def test_each_year_is_judged_against_its_assigned_figure(self, world, approve, energy):
        approve([("14", "150000", "2026", "3.1"), ("14", "150000", "2027", "2.5")])
        assert stored(energy, world.region, "2026").status == "无法评估"
        assert "国家下达的年度目标" in stored(energy, world.region, "2026").explanation  # says what would judge it
        assign(world, energy, 2026, "3.0")
        assign(world, energy, 2027, "3.0", file=("通知.pdf", io.BytesIO(PDF)))
        met = stored(energy, world.region, "2026")
        assert (met.status, met.method) == ("符合预期", "国家下达目标")
        assert met.explanation == "2026年3.1%，达到国家下达的年度目标≥3%（发改环资〔2026〕12号，2026-03-01）"
        assert met.result["source"] == "assigned" and met.result["assigned"]["value"] == 3.0
        missed = stored(energy, world.region, "2027")
        assert missed.status == "滞后"  # 2.5 of 3.0: a miss is never on track
        assert "未达到" in missed.explanation
        target = AssignedTarget.objects.get(indicator=energy, year=2027)
        assert target.file_name == "通知.pdf" and target.file_size == len(PDF)

    def test_a_sub_region_is_held_to_the_figure_assigned_above_it(self, world, approve, energy):
        assign(world, energy, 2026, "3.0")
        approve([("14", "150600", "2026", "1.2")])
        assert stored(energy, world.ordos, "2026").status == "严重滞后"  # 40% of the figure

    def test_at_most_figures_and_the_target_year(self, world, approve, energy):
        assign(world, energy, 2030, "25", comparator="<=")
        approve([("14", "150000", "2030", "24")])
        assert stored(energy, world.region, "2030").status == "已完成"

    def test_a_correction_keeps_the_earlier_figure_and_rejudges(self, world, approve, energy):
        approve([("14", "150000", "2026", "3.1")])
        assign(world, energy, 2026, "3.0")
        assert stored(energy, world.region, "2026").status == "符合预期"
        assign(world, energy, 2026, "3.2", document_number="发改环资〔2026〕20号")
        assert stored(energy, world.region, "2026").status == "滞后"
        target = AssignedTarget.objects.get(indicator=energy, year=2026)
        assert (target.value, target.document_number) == (Decimal("3.2"), "发改环资〔2026〕20号")
        assert [(e["value"], e["document_number"]) for e in target.earlier] == [("3", "发改环资〔2026〕12号")]

    def test_only_the_planning_office_records_a_figure(self, world, energy):
        with pytest.raises(PermissionDenied):
            assign(world, energy, 2026, "3.0", user=world.ordos_clerk)
        assert not AssignedTarget.objects.exists()

    @pytest.mark.parametrize(("change", "message"), [
        ({"value": "三"}, "不是数字"),
        ({"value": "1e400"}, "超出可记录的范围"),
        ({"comparator": "="}, "比较方式"),
        ({"document_number": "  "}, "请填写文号"),
        ({"document_date": date(2031, 2, 1)}, "晚于今天"),
        ({"year": 2024}, "不在规划期"),
        ({"file": ("通知.pdf", io.BytesIO(b"not a pdf"))}, "内容不是PDF文件"),
        ({"file": ("通知.exe", io.BytesIO(b"MZ"))}, "只接受"),
    ])
    def test_bad_input_is_refused_with_the_reason_and_nothing_stored(self, world, energy, change, message,
                                                                     data_dir):
        args = {"value": "3.0", "comparator": ">=", "document_number": "发改环资〔2026〕12号",
                "document_title": "通知", "document_date": date(2026, 3, 1), "year": 2026, **change}
        year = args.pop("year")
        with pytest.raises(AssignedTargetError, match=message):
            record_assigned_target(user=world.admin, indicator=energy, unit=world.region, year=year, **args)
        assert not AssignedTarget.objects.exists()
        assert not list(data_dir.rglob("*.pdf"))

    def test_a_target_with_a_number_takes_no_assigned_figure(self, world):
        with pytest.raises(AssignedTargetError, match="已有数值"):
            assign(world, world.urban, 2026, "72")


class TestInStep:
    def test_income_growth_is_compared_with_gdp_growth_of_the_same_unit_and_year(self, world, approve, income):
        approve([
            ("2", "150000", "2026", "5.2"), ("8", "150000", "2026", "5.5"),
            ("2", "150000", "2027", "5.0"), ("8", "150000", "2027", "4.6"),
            ("2", "150600", "2026", "6.0"), ("8", "150600", "2026", "6.0"),
            ("8", "150200", "2026", "5.0"),
        ])
        ahead = stored(income, world.region, "2026")
        assert (ahead.status, ahead.method) == ("符合预期", "同步比较")
        assert ahead.explanation == "2026年居民人均可支配收入增长5.5%，地区生产总值增长5.2%，快0.3个百分点，同步"
        behind = stored(income, world.region, "2027")
        assert behind.status == "滞后" and "慢0.4个百分点，未同步" in behind.explanation
        assert stored(income, world.ordos, "2026").explanation.endswith("与之持平，同步")
        no_gdp = stored(income, world.baotou, "2026")
        assert no_gdp.status == "无法评估" and "地区生产总值增长尚无审核数据" in no_gdp.explanation

    def test_a_gdp_figure_approved_later_refreshes_the_comparison(self, world, approve, income):
        approve([("8", "150000", "2026", "5.5")])
        assert stored(income, world.region, "2026").status == "无法评估"
        approve([("2", "150000", "2026", "5.2")])  # approving GDP re-judges the income target that follows it
        assert stored(income, world.region, "2026").status == "符合预期"


    def test_year_to_date_rates_are_compared_to_the_same_month(self, world, approve, income):
        Y = Indicator.ValueKind.YEAR_TO_DATE
        Indicator.objects.filter(pk=world.gdp.pk).update(frequency=Indicator.Frequency.MONTHLY, value_kind=Y)
        Indicator.objects.filter(pk=income.pk).update(frequency=Indicator.Frequency.QUARTERLY, value_kind=Y)
        AnnualTarget.objects.create(indicator=income, unit=world.region, year=2027, value=None, comparator="=",
                                    text="居民人均可支配收入增长与经济增长同步")
        approve([("2", "150000", "2027M9", "5.4"), ("8", "150000", "2027Q3", "5.6"),
                 ("8", "150000", "2027Q2", "5.0")])
        q3 = stored(income, world.region, "2027Q3")
        assert (q3.status, q3.method) == ("符合预期", "同步比较")
        assert q3.explanation == "2027年1–9月累计居民人均可支配收入增长5.6%，地区生产总值增长5.4%，快0.2个百分点，同步"
        q2 = stored(income, world.region, "2027Q2")
        assert q2.status == "无法评估" and "2027年1–6月累计地区生产总值增长尚无审核数据" in q2.explanation


def pdf() -> tuple[str, io.BytesIO]:
    return ("研判依据.pdf", io.BytesIO(PDF))


class TestManualJudgement:
    def write(self, world, who, unit, *, status="符合预期", year=2027, evidence=True):
        return write_judgement(user=who, indicator=world.national, unit=unit, year=year, status=status,
                               reasoning="据生态环境厅年度考核通报，全区完成国家下达的年度目标。",
                               evidence=pdf() if evidence else None)

    def test_written_submitted_and_approved_by_a_second_person_then_it_stands(self, world):
        draft = self.write(world, world.admin, world.region)
        assert (draft.version, draft.state) == (1, "draft")
        assert not Assessment.objects.filter(indicator=world.national).exists()
        submit_judgement(user=world.admin, judgement=draft)
        with pytest.raises(JudgementError, match="第二人"):
            approve_judgement(user=world.admin, judgement=draft)
        approve_judgement(user=world.region_reviewer, judgement=draft)
        a = stored(world.national, world.region, "2027")
        assert (a.status, a.method) == ("符合预期", "人工研判")
        assert a.explanation.startswith("人工研判（已审核）：据生态环境厅年度考核通报")
        assert "撰写：planning_admin" in a.explanation and "审核：region_reviewer" in a.explanation
        assert a.result["source"] == "manual" and a.result["judgement"]["evidence"] == "研判依据.pdf"

    def test_a_new_version_keeps_the_old_one_readable_and_stands_only_once_approved(self, world):
        first = self.write(world, world.ordos_clerk, world.ordos)
        submit_judgement(user=world.ordos_clerk, judgement=first)
        approve_judgement(user=world.ordos_reviewer, judgement=first)
        second = self.write(world, world.ordos_clerk, world.ordos, status="滞后", evidence=False)
        assert second.version == 2 and second.evidence_name == "研判依据.pdf"  # the evidence carries over
        assert stored(world.national, world.ordos, "2027").status == "符合预期"  # v1 still stands
        submit_judgement(user=world.ordos_clerk, judgement=second)
        return_judgement(user=world.ordos_reviewer, judgement=second, note="请补充考核通报原文")
        assert stored(world.national, world.ordos, "2027").status == "符合预期"
        third = self.write(world, world.ordos_clerk, world.ordos, status="滞后")
        submit_judgement(user=world.ordos_clerk, judgement=third)
        approve_judgement(user=world.ordos_reviewer, judgement=third)
        assert stored(world.national, world.ordos, "2027").status == "滞后"
        history = judgement_history(user=world.supervisor, indicator=world.national, unit=world.ordos)
        assert [(j.version, j.state) for j in history] == [(3, "approved"), (2, "returned"), (1, "approved")]
        assert history[1].review_note == "请补充考核通报原文"

    def test_a_computed_route_wins_over_a_judgement(self, world, approve, energy):
        j = write_judgement(user=world.admin, indicator=energy, unit=world.region, year=2026, status="滞后",
                            reasoning="据年度考核，能耗强度降低未达预期。", evidence=pdf())
        submit_judgement(user=world.admin, judgement=j)
        approve_judgement(user=world.region_reviewer, judgement=j)
        assert stored(energy, world.region, "2026").method == "人工研判"
        approve([("14", "150000", "2026", "3.1")])
        assign(world, energy, 2026, "3.0")
        assert stored(energy, world.region, "2026").method == "国家下达目标"

    def test_who_may_write_and_approve(self, world):
        with pytest.raises(PermissionDenied):
            self.write(world, world.baotou_clerk, world.ordos)
        j = self.write(world, world.ordos_clerk, world.ordos)
        with pytest.raises(JudgementError, match="佐证材料"):
            submit_judgement(user=world.ordos_clerk, judgement=self.write(world, world.ordos_clerk, world.ordos,
                                                                          year=2028, evidence=False))
        submit_judgement(user=world.ordos_clerk, judgement=j)
        with pytest.raises(PermissionDenied):
            approve_judgement(user=world.baotou_clerk, judgement=j)
        with pytest.raises(JudgementError, match="退回须写明原因"):
            return_judgement(user=world.ordos_reviewer, judgement=j, note=" ")
        assert ManualJudgement.objects.get(pk=j.pk).state == "submitted"

    @pytest.mark.parametrize(("change", "message"), [
        ({"status": "无法评估"}, "研判结论应为"),
        ({"reasoning": "很好"}, "至少10个字"),
        ({"reasoning": "理由" * 5 + "\x0b" + "理由" * 5}, "控制字符"),
        ({"year": 2031}, "不在规划期"),
        ({"evidence": ("依据.pdf", io.BytesIO(b""))}, "空文件"),
    ])
    def test_bad_input_is_refused_and_nothing_written(self, world, change, message):
        args = {"status": "符合预期", "reasoning": "据年度考核通报，完成国家下达目标任务。", "year": 2027,
                "evidence": pdf(), **change}
        with pytest.raises(JudgementError, match=message):
            write_judgement(user=world.admin, indicator=world.national, unit=world.region, **args)
        assert not ManualJudgement.objects.exists()

    def test_a_target_with_a_number_is_not_judged_by_hand(self, world):
        with pytest.raises(JudgementError, match="按数据计算"):
            write_judgement(user=world.admin, indicator=world.urban, unit=world.region, year=2027,
                            status="符合预期", reasoning="据年度考核通报，进展顺利。", evidence=pdf())

