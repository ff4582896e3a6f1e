"""Importing a plan outline: what is stored, versions and duplicates, and bad input that must write nothing."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from plantrack.core.planparse import parse_file
from plantrack.core.planparse.errors import PlanParseError
from plantrack.plans.importing import import_plan
from plantrack.plans.models import Plan, PlanCommitment, PlanIndicator, PlanNode, PlanSentence, PlanVersion

SECTION_HEADING = re.compile(r"^第[一二三四五六七八九十]+节\s+(\S.*?)\s*$")


def _body_sections(text: str) -> list[str]:
    """Section titles as the seed's body prints them (its table of contents words one of them differently)."""
    body = text.rindex("\n第一篇 沿着")
    return [m.group(1) for line in text[body:].splitlines() if (m := SECTION_HEADING.match(line))]


def _all_tables_empty() -> bool:
    return not any(
        m.objects.exists() for m in (Plan, PlanVersion, PlanNode, PlanIndicator, PlanCommitment, PlanSentence)
    )


@pytest.mark.django_db
class TestSeedImport:
    def test_it_stores_the_whole_outline(self, seed_import, plan_text):
        version = seed_import.version
        nodes = version.nodes
        assert seed_import.created
        assert nodes.filter(kind=PlanNode.Kind.PART).count() == 15
        assert sorted(nodes.filter(kind=PlanNode.Kind.CHAPTER).values_list("number", flat=True)) == list(range(1, 54))
        toc = _body_sections(plan_text)
        assert len(toc) == 147
        stored = list(nodes.filter(kind=PlanNode.Kind.SECTION).order_by("order").values_list("title", flat=True))
        assert ["".join(t.split()) for t in stored] == ["".join(t.split()) for t in toc]
        assert version.indicators.count() == 21
        assert set(version.indicators.values_list("code", flat=True)) >= {"1", "10.1", "10.2", "20"}
        assert seed_import.counts["parts"] == 15 and seed_import.counts["chapters"] == 53

    def test_every_headed_box_stands_in_the_chapter_around_its_heading(self, seed_import, plan_text):
        lines = plan_text.split("\n")
        headed = {int(m.group(1)): n for n, line in enumerate(lines, 1) if (m := re.match(r"^专栏\s*(\d+)", line))}
        assert len(headed) == 31
        boxes = {b.number: b for b in seed_import.version.nodes.filter(kind=PlanNode.Kind.BOX).select_related("parent")}
        for number, line in headed.items():
            box = boxes[number]
            assert box.line_start == line
            chapter = box.parent if box.parent.kind == PlanNode.Kind.CHAPTER else box.parent.parent
            assert chapter.kind == PlanNode.Kind.CHAPTER
            assert chapter.line_start <= line <= chapter.line_end
            assert box.chapter_number == chapter.number
        assert boxes[3].children.filter(kind=PlanNode.Kind.BOX_ITEM).count() == 3

    def test_node_line_ranges_nest(self, seed_import):
        for node in seed_import.version.nodes.exclude(parent=None).select_related("parent"):
            assert node.parent.line_start <= node.line_start <= node.line_end <= node.parent.line_end, node

    def test_commitments_keep_their_sentence_and_node(self, seed_import, plan_path):
        version = seed_import.version
        lines = version.text.split("\n")
        commitments = list(version.commitments.select_related("node"))
        assert len(commitments) >= 40
        parsed = parse_file(plan_path)
        assert len(commitments) == len(parsed.commitments)
        for c in commitments:
            assert c.node.line_start <= c.line <= c.node.line_end
            assert c.node.chapter_number == c.chapter_number
            nearby = "".join("".join(lines[i].split()) for i in range(c.line - 1, min(c.line + 3, len(lines))))
            assert "".join(c.quote.split()) in nearby, c.quote
        by_quote = {c.quote: c for c in commitments}
        ecology = by_quote["规划完成生态建设任务7463万亩"]
        assert (ecology.chapter_number, ecology.box_number, ecology.unit, ecology.deadline) == (7, 3, "万亩", 2030)
        assert ecology.node.kind == PlanNode.Kind.BOX_ITEM and ecology.node.parent.number == 3

    def test_indicator_figures_are_decimals(self, seed_import):
        gdp = seed_import.version.indicators.get(code="1")
        assert str(gdp.baseline_value.normalize()) == "4.7"
        assert gdp.period_kind == "annual" and gdp.period_qualifier == "左右"
        nurses = seed_import.version.indicators.get(code="10.2")
        assert (nurses.name, str(nurses.target_value.normalize())) == ("注册护士数", "5.5")


@pytest.mark.django_db
class TestVersions:
    def test_importing_the_same_document_twice_does_not_duplicate(self, seed_plan, plan_path):
        again = import_plan(path=plan_path, region="内蒙古自治区")
        assert not again.created
        assert again.version.pk == seed_plan.version.pk
        assert "已导入过" in again.summary()
        assert PlanVersion.objects.count() == 1
        assert PlanNode.objects.count() == seed_plan.version.nodes.count()

    def test_a_revised_document_becomes_version_2_and_current(self, seed_plan, plan_text):
        revised = plan_text.replace("规划完成生态建设任务7463万亩", "规划完成生态建设任务7600万亩")
        assert revised != plan_text
        result = import_plan(text=revised, source_name="004-revised.txt", region="内蒙古自治区")
        assert result.created and result.version.number == 2 and result.version.is_current
        assert result.plan.pk == seed_plan.plan.pk
        seed_plan.version.refresh_from_db()
        assert not seed_plan.version.is_current
        assert result.version.commitments.filter(quote="规划完成生态建设任务7600万亩").exists()
        assert not seed_plan.version.commitments.filter(quote="规划完成生态建设任务7600万亩").exists()

    def test_the_same_title_in_another_region_is_another_plan(self, seed_plan, plan_path):
        other = import_plan(path=plan_path, region="另一地区")
        assert other.created and other.plan.pk != seed_plan.plan.pk and other.version.number == 1


BAD_INPUTS = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "no_headings": "这是一段普通的文字，没有任何篇章结构。\n第二段也只是说明。\n".encode(),
    # the same plan pasted twice into one file: refused rather than stored as its last copy
    "doubled": ("某市“十五五”规划纲要\n\n第一章 总则\n\n坚持绿色发展。\n\n第二章 目标\n\n森林覆盖率达到30%。\n"
                * 2).encode(),
}


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
    def test_the_command_refuses_and_writes_nothing(self, kind, tmp_path):
        path = tmp_path / f"{kind}.txt"
        path.write_bytes(BAD_INPUTS[kind])
        with pytest.raises(CommandError) as err:
            call_command("import_plan", str(path))
        assert "\n" not in str(err.value) and str(path) in str(err.value)
        assert _all_tables_empty()

    def test_a_missing_file_is_named(self, tmp_path):
        with pytest.raises(PlanParseError, match="no such file"):
            import_plan(path=tmp_path / "nothing.txt")
        assert _all_tables_empty()

    def test_an_error_while_storing_rolls_back_everything(self, plan_text):
        # A commitment pointing at a chapter the document lacks is caught after the plan rows were written.
        from plantrack.core.planparse import parse_plan
        from plantrack.plans.importing import store_plan_document

        document = parse_plan(plan_text)
        stray = document.commitments[0]
        stray.chapter, stray.section, stray.box, stray.line = 99, None, None, 0
        with pytest.raises(PlanParseError, match="no chapter"):
            store_plan_document(document=document, source_name="broken")
        assert _all_tables_empty()


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_the_cli_exits_non_zero_with_one_line(kind, tmp_path):
    path = tmp_path / f"{kind}.txt"
    path.write_bytes(BAD_INPUTS[kind])
    env = {"PLANTRACK_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "plantrack", "import-plan", str(path)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert str(path) in proc.stderr


@pytest.mark.django_db
def test_a_word_rendering_of_the_demo_plan_imports_like_its_text(tmp_path):
    import docx

    from plantrack.plans.demo import DEMO_PLAN_PATH

    document = docx.Document()
    for line in DEMO_PLAN_PATH.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            document.add_paragraph(line)
    path = tmp_path / "示范规划.docx"
    document.save(path)
    from_word = import_plan(path=path, region="docx")
    from_text = import_plan(path=DEMO_PLAN_PATH, region="txt")
    assert from_word.version.source_name == "示范规划.docx"
    for key in ("parts", "chapters", "sections", "boxes", "box_items", "indicators", "commitments"):
        assert from_word.counts[key] == from_text.counts[key], key
    assert from_word.counts["commitments"] == 37


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_bomb_document_is_refused_by_import_plan_in_one_line(kind, tmp_path):
    import docx

    from core.files.bombs import docx_with_part, flate_bomb_pdf, padded_document_xml

    if kind == "pdf":
        path = flate_bomb_pdf(tmp_path / "plan.pdf", megabytes=100)
    else:
        plain = tmp_path / "plain.docx"
        document = docx.Document()
        document.add_paragraph("第一章 总则")
        document.save(str(plain))
        path = docx_with_part(plain, "word/document.xml", padded_document_xml(50), tmp_path / "plan.docx")
    env = {"PLANTRACK_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "plantrack", "import-plan", str(path)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode != 0 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert str(path) in proc.stderr and "refused as too large" in proc.stderr
