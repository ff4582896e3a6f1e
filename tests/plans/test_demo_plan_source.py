"""Which plan the demo loads: the file PLANTRACK_DEMO_PLAN names, else the first five-year plan outline in
../shared/seeds beside the checkout, else the shipped demo text; a named file that is missing or no plan falls back
to the demo text, and the printed line says which document was loaded and why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plantrack.plans import demo
from plantrack.plans.models import Plan, PlanNode


def _fake_checkout(root: Path) -> Path:
    """A source tree (pyproject.toml, src/plantrack) with an empty shared/seeds beside it; its package folder."""
    package = root / "checkout" / "src" / "plantrack"
    package.mkdir(parents=True)
    (root / "checkout" / "pyproject.toml").write_text("[project]\nname = 'plantrack'\n", encoding="utf-8")
    (root / "shared" / "seeds").mkdir(parents=True)
    return package


class TestChoosingTheDocument:
    def test_without_a_setting_the_real_plan_beside_this_checkout_is_found_among_the_seeds(self, settings,
                                                                                         plan_path):
        settings.PLANTRACK_DEMO_PLAN = ""
        if not demo.checkout_root() or not (demo.checkout_root() / demo.SEEDS_BESIDE_CHECKOUT).is_dir():
            pytest.skip("no ../shared/seeds beside this checkout")
        source = demo.demo_plan_source()
        assert not source.bundled and source.path.resolve() == plan_path.resolve()
        assert source.title == "内蒙古自治区国民经济和社会发展第十五个五年规划纲要"
        # The seeds before it are articles and a communiqué: read by the parser and refused, each with its reason.
        earlier = sorted(p for p in plan_path.parent.glob("*.txt") if p.name < plan_path.name)
        assert earlier
        for path in earlier:
            assert "no chapter headings" in demo.read_five_year_plan(path)

    def test_the_first_five_year_plan_in_the_seed_folder_is_taken_by_what_the_parser_reads(self, settings,
                                                                                            tmp_path):
        settings.PLANTRACK_DEMO_PLAN = ""
        settings.BASE_DIR = _fake_checkout(tmp_path)
        seeds = tmp_path / "shared" / "seeds"
        (seeds / "000_a.txt").write_text("一篇讲话\n\n没有篇章结构的正文。\n", encoding="utf-8")
        text = demo.DEMO_PLAN_PATH.read_text(encoding="utf-8")
        # A plan outline whose title names no five-year plan (a work plan) is not taken either.
        (seeds / "001_b.txt").write_text(text.replace("国民经济和社会发展第十五个五年规划纲要（演示文本）",
                                                      "2026—2030年重点工作安排"), encoding="utf-8")
        assert "不是五年规划纲要" in demo.read_five_year_plan(seeds / "001_b.txt")
        shutil.copy(demo.DEMO_PLAN_PATH, seeds / "002_c.txt")
        shutil.copy(demo.DEMO_PLAN_PATH, seeds / "003_d.txt")
        source = demo.demo_plan_source()
        assert source.path == seeds / "002_c.txt" and not source.bundled

    def test_an_empty_seed_folder_or_an_installed_package_gives_the_demo_text_and_says_why(self, settings,
                                                                                          tmp_path):
        settings.PLANTRACK_DEMO_PLAN = ""
        settings.BASE_DIR = _fake_checkout(tmp_path)
        (tmp_path / "shared" / "seeds" / "000_a.txt").write_text("不是规划", encoding="utf-8")
        source = demo.demo_plan_source()
        assert source.bundled and source.path == demo.DEMO_PLAN_PATH
        assert "中没有五年规划纲要" in source.describe() and str(tmp_path / "shared" / "seeds") in source.describe()

        installed = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "plantrack"
        installed.mkdir(parents=True)
        settings.BASE_DIR = installed
        assert demo.checkout_root() is None
        source = demo.demo_plan_source()
        assert source.bundled and "未在源码目录中运行" in source.describe()


@pytest.mark.django_db
class TestLoading:
    @pytest.mark.parametrize("named", ["missing.txt", "not-a-plan.txt", "folder"])
    def test_a_named_file_that_is_missing_or_no_plan_falls_back_to_the_demo_text(self, settings, tmp_path, named):
        (tmp_path / "not-a-plan.txt").write_text("二〇二六年工作要点\n\n一、稳增长\n", encoding="utf-8")
        (tmp_path / "folder").mkdir()
        settings.PLANTRACK_DEMO_PLAN = str(tmp_path / named)
        [line] = demo.load(None)
        assert line.startswith("演示规划：已导入《内蒙古自治区国民经济和社会发展第十五个五年规划纲要（演示文本）》")
        assert f"内置演示文本，PLANTRACK_DEMO_PLAN 指定的 {tmp_path / named} 不能作为规划载入：" in line
        plan = Plan.objects.get()
        assert demo.demo_plan() == plan
        assert PlanNode.objects.filter(kind=PlanNode.Kind.CHAPTER).count() == 12

    def test_the_named_seed_plan_loads_its_53_chapters_and_says_where_it_came_from(self, settings, plan_path):
        settings.PLANTRACK_DEMO_PLAN = str(plan_path)
        [line] = demo.load(None)
        assert "已导入《内蒙古自治区国民经济和社会发展第十五个五年规划纲要》第1版" in line and "53章" in line
        assert line.endswith(f"（来源：规划文本 {plan_path}）")
        plan = demo.demo_plan()
        assert plan.title == "内蒙古自治区国民经济和社会发展第十五个五年规划纲要" and plan.region == "内蒙古自治区"
        assert plan.versions.get().nodes.filter(kind=PlanNode.Kind.CHAPTER).count() == 53
        assert "已导入过" in demo.load(None)[0] and Plan.objects.count() == 1

    def test_the_demo_plan_is_the_one_the_setting_names_when_both_are_stored_with_a_warning(self, settings,
                                                                                           plan_path):
        settings.PLANTRACK_DEMO_PLAN = str(demo.DEMO_PLAN_PATH)
        demo.load(None)
        settings.PLANTRACK_DEMO_PLAN = str(plan_path)
        demo.load(None)
        real = demo.demo_plan()
        assert "演示" not in real.title
        settings.PLANTRACK_DEMO_PLAN = str(demo.DEMO_PLAN_PATH)
        line, warning = demo.load(None)
        assert "已导入过" in line and line.endswith("（来源：内置演示文本）")
        assert f"已有另一份演示规划《{real.title}》" in warning and "从空的数据目录开始" in warning
        assert demo.demo_plan() != real and "演示文本" in demo.demo_plan().title


@pytest.mark.django_db
class TestFindingNodesByTitle:
    def test_a_place_finds_the_section_in_the_demo_text_and_in_the_real_plan(self, plan_path):
        from plantrack.plans.importing import import_plan

        text = import_plan(path=demo.DEMO_PLAN_PATH, region="甲").version
        real = import_plan(path=plan_path, region="乙").version
        hydrogen = demo.Place(("氢能", "新能源"), ("氢",))
        assert (demo.find_node(text, hydrogen).chapter_number, demo.find_node(text, hydrogen).title) == \
            (5, "推进绿氢规模化制备")
        assert (demo.find_node(real, hydrogen).chapter_number, demo.find_node(real, hydrogen).title) == \
            (16, "做大做强氢能储能产业")
        # No section word found: the first chapter of the first word that matched.
        node = demo.find_node(real, demo.Place(("航天", "就业"), ("航天",)))
        assert node.kind == PlanNode.Kind.CHAPTER and node.title == "促进高质量充分就业"
        assert demo.find_node(real, demo.Place(("航天",))) is None
