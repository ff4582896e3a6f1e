"""Annual targets: linking a work report's targets to indicators (automatic or given links), and hand entry."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from plantrack.core.planparse.model import AnnualTargetItem
from plantrack.indicators.annual_targets import (
    AnnualTargetError,
    import_annual_targets,
    link_annual_targets,
    set_annual_target,
    similarity,
)
from plantrack.indicators.models import AnnualTarget
from plantrack.indicators.registry import build_registry

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def work_report() -> Path:
    return sorted(SEEDS.glob("002_*.txt"))[0]


def item(subject, value, unit="%", comparator="~", quote=None, qualitative=False):
    return AnnualTargetItem(
        subject=subject,
        value=value,
        value_max=None,
        unit=unit,
        comparator=comparator,
        quote=quote or f"{subject}{value}{unit}",
        qualitative=qualitative,
    )


@pytest.fixture
def registry(demo_version):
    return {i.name: i for i in build_registry(version=demo_version)}


@pytest.mark.django_db
class TestImportFromWorkReport:
    def test_the_2026_report_links_its_targets_by_name(self, registry, people, tree, demo_version):
        result = import_annual_targets(
            plan=demo_version.plan, report_path=work_report(), year=2026, unit=tree["150000"], user=people.admin
        )
        matched = {i.subject: ind.name for i, ind in result.matched}
        assert matched["地区生产总值增长"] == "地区生产总值增长"
        assert matched["城镇调查失业率"] == "城镇调查失业率"
        unmatched = {i.subject for i in result.unmatched}
        assert {"固定资产投资增长", "粮食产量"} <= unmatched  # the demo plan has no such main indicator
        gdp = AnnualTarget.objects.get(indicator=registry["地区生产总值增长"], unit=tree["150000"], year=2026)
        assert (gdp.value, gdp.comparator, gdp.source) == (Decimal("5"), "~", "report")
        assert "5%" in gdp.source_quote.replace("*", "")
        assert AnnualTarget.objects.count() == len(result.matched)

    def test_importing_again_changes_nothing(self, registry, people, tree, demo_version):
        args = dict(
            plan=demo_version.plan, report_path=work_report(), year=2026, unit=tree["150000"], user=people.admin
        )
        import_annual_targets(**args)
        before = list(AnnualTarget.objects.order_by("pk").values("pk", "indicator", "value", "comparator", "text"))
        import_annual_targets(**args)
        assert (
            list(AnnualTarget.objects.order_by("pk").values("pk", "indicator", "value", "comparator", "text")) == before
        )

    def test_a_link_ties_a_subject_the_names_do_not_match(self, registry, people, tree, demo_version):
        income = registry["居民人均可支配收入增长"]
        result = import_annual_targets(
            plan=demo_version.plan,
            report_path=work_report(),
            year=2026,
            unit=tree["150000"],
            user=people.admin,
            links={"居民收入增长": income.code},
        )
        assert ("居民收入增长", income.code) in {(i.subject, ind.code) for i, ind in result.matched}
        target = AnnualTarget.objects.get(indicator=income, year=2026)
        assert target.comparator == "qualitative" and "同步" in target.text

    def test_the_command_prints_matched_and_unmatched(self, registry, people, tree):
        out = StringIO()
        call_command("import_annual_targets", str(work_report()), year=2026, stdout=out)
        text = out.getvalue()
        assert "matched (" in text and "地区生产总值增长 → 1 地区生产总值增长" in text
        assert "unmatched (" in text and "  粮食产量:" in text

    def test_the_command_refuses_an_unknown_link(self, registry, people, tree):
        with pytest.raises(CommandError, match="没有编码为 99 的指标"):
            call_command("import_annual_targets", str(work_report()), year=2026, link=["粮食产量=99"])
        assert not AnnualTarget.objects.exists()


@pytest.mark.django_db
class TestLinking:
    def test_a_year_outside_the_plan_is_refused(self, registry, people, tree, demo_version):
        with pytest.raises(AnnualTargetError, match="年份 2031 不在规划期 2026–2030 内"):
            link_annual_targets(
                plan=demo_version.plan,
                items=[item("城镇调查失业率", 5.5)],
                year=2031,
                unit=tree["150000"],
                user=people.admin,
            )
        assert not AnnualTarget.objects.exists()

    def test_a_target_in_another_unit_is_not_stored(self, registry, people, tree, demo_version):
        result = link_annual_targets(
            plan=demo_version.plan,
            items=[item("能源综合生产能力", 8.3, unit="亿吨"), item("森林覆盖率", 22.0)],
            year=2026,
            unit=tree["150000"],
            user=people.admin,
        )
        assert [(i.subject, ind.name) for i, ind in result.unit_mismatch] == [("能源综合生产能力", "能源综合生产能力")]
        assert [ind.name for _i, ind in result.matched] == ["森林覆盖率"]
        assert AnnualTarget.objects.get().indicator.name == "森林覆盖率"

    def test_the_closer_of_two_subjects_wins_an_indicator(self, registry, people, tree, demo_version):
        result = link_annual_targets(
            plan=demo_version.plan,
            items=[item("失业率", 5.6), item("城镇调查失业率", 5.5)],
            year=2026,
            unit=tree["150000"],
            user=people.admin,
        )
        assert [i.subject for i, _ind in result.matched] == ["城镇调查失业率"]
        assert [i.subject for i in result.unmatched] == ["失业率"]

    def test_a_report_replacing_a_hand_entry_says_so(self, registry, people, tree, demo_version):
        set_annual_target(
            indicator=registry["城镇调查失业率"],
            unit=tree["150000"],
            year=2026,
            comparator="<=",
            value=Decimal("5.5"),
            user=people.admin,
        )
        result = link_annual_targets(
            plan=demo_version.plan,
            items=[item("城镇调查失业率", 5.7)],
            year=2026,
            unit=tree["150000"],
            user=people.admin,
        )
        assert [t.indicator.name for t in result.replaced] == ["城镇调查失业率"]
        assert AnnualTarget.objects.get().value == Decimal("5.7")

    def test_only_admins_import(self, registry, people, tree, demo_version):
        with pytest.raises(PermissionDenied):
            link_annual_targets(
                plan=demo_version.plan,
                items=[item("城镇调查失业率", 5.7)],
                year=2026,
                unit=tree["150600"],
                user=people.ordos_clerk,
            )
        assert not AnnualTarget.objects.exists()


@pytest.mark.parametrize(
    "subject, name, passes",
    [
        ("地区生产总值增长", "地区生产总值增长", True),
        ("规上工业增加值增长", "规模以上工业增加值增长", True),
        ("失业率", "城镇调查失业率", True),
        ("地区生产总值", "数字经济核心产业增加值占地区生产总值比重", False),
        ("居民消费价格指数", "居民人均可支配收入增长", False),
    ],
)
def test_similarity(subject, name, passes):
    assert (similarity(subject, name) >= 0.6) is passes


@pytest.mark.django_db
class TestHandEntry:
    def test_an_admin_enters_a_target_per_unit_and_year(self, registry, people, tree):
        target = set_annual_target(
            indicator=registry["地区生产总值增长"],
            unit=tree["150600"],
            year=2027,
            comparator="range",
            value=Decimal("5"),
            value_max=Decimal("5.5"),
            user=people.admin,
        )
        assert (target.unit.code, target.year, target.value_max, target.source) == (
            "150600",
            2027,
            Decimal("5.5"),
            "hand",
        )
        assert target.entered_by == people.admin

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            (dict(comparator="~", value=None), "请填写目标值"),
            (dict(comparator="range", value=Decimal("5"), value_max=Decimal("4")), "上限须不小于下限"),
            (dict(comparator="qualitative", value=None, text=" "), "请填写说明"),
            (dict(comparator="about", value=Decimal("5")), "比较方式 “about” 不认识"),
        ],
    )
    def test_incomplete_entries_are_refused(self, registry, people, tree, kwargs, message):
        with pytest.raises(AnnualTargetError, match=message):
            set_annual_target(
                indicator=registry["地区生产总值增长"], unit=tree["150000"], year=2026, user=people.admin, **kwargs
            )
        assert not AnnualTarget.objects.exists()


@pytest.mark.django_db
class TestReportFormats:
    """`import-annual-targets` reads a work report as .docx or .pdf, exactly as `plantrack parse --annual-targets`."""

    @pytest.mark.parametrize("suffix", [".docx", ".pdf"])
    def test_the_command_reads_word_and_pdf(self, registry, people, tree, tmp_path, suffix):
        from core.planparse.renderings import write_docx, write_pdf

        text = work_report().read_text(encoding="utf-8")
        path = (write_docx if suffix == ".docx" else write_pdf)(text, tmp_path / f"report{suffix}")
        out = StringIO()
        call_command("import_annual_targets", str(path), year=2026, stdout=out)
        assert "地区生产总值增长 → 1 地区生产总值增长" in out.getvalue()
        assert AnnualTarget.objects.filter(indicator=registry["地区生产总值增长"], year=2026).exists()

    def test_a_gb18030_text_report_is_read(self, registry, people, tree, tmp_path):
        path = tmp_path / "report.txt"
        path.write_bytes(work_report().read_text(encoding="utf-8").encode("gb18030"))
        call_command("import_annual_targets", str(path), year=2026, stdout=StringIO())
        assert AnnualTarget.objects.filter(indicator=registry["地区生产总值增长"], year=2026).exists()

    def test_a_bomb_is_one_clear_line_and_nothing_is_stored(self, registry, people, tree, tmp_path):
        from core.files.bombs import flate_bomb_pdf

        path = flate_bomb_pdf(tmp_path / "report.pdf", megabytes=100)
        with pytest.raises(CommandError) as info:
            call_command("import_annual_targets", str(path), year=2026, stdout=StringIO())
        assert "\n" not in str(info.value) and "疑似压缩炸弹" in str(info.value)
        assert not AnnualTarget.objects.exists()

    def test_the_admin_right_is_checked_before_the_file_is_read(self, registry, people, tree, demo_version,
                                                                 tmp_path):
        with pytest.raises(PermissionDenied):  # not "no such file": the file is never opened
            import_annual_targets(plan=demo_version.plan, report_path=tmp_path / "missing.pdf", year=2026,
                                  unit=tree["150000"], user=people.ordos_clerk)
