"""`plantrack parse` through the real console script: the DESIGN.md JSON contract (shape-checked), the readable
summary, annual targets, and one-line errors with exit status 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from contract_shape import check_plan_contract
from renderings import write_docx, write_scanned_pdf

PLANTRACK = Path(sys.executable).with_name("plantrack")


def plantrack(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PLANTRACK), *args], capture_output=True, timeout=60, env={"LANG": "C", "PATH": ""})


@pytest.fixture(scope="module")
def contract(plan_path) -> dict:
    done = plantrack("parse", str(plan_path), "--json")
    assert done.returncode == 0, done.stderr.decode()
    assert "内蒙古".encode() in done.stdout  # UTF-8, not \\u-escaped, even under LANG=C
    assert b"\\u" not in done.stdout
    return json.loads(done.stdout.decode("utf-8"))


class TestJsonContract:
    def test_it_has_the_design_shape(self, contract):
        check_plan_contract(contract)

    def test_the_shape_checker_rejects_a_broken_document(self, contract):
        broken = json.loads(json.dumps(contract))
        broken["indicators"][0]["target_type"] = "growth"
        with pytest.raises(AssertionError):
            check_plan_contract(broken)
        broken = json.loads(json.dumps(contract))
        del broken["boxes"][0]["section"]
        with pytest.raises(AssertionError):
            check_plan_contract(broken)

    def test_it_carries_the_plan(self, contract):
        assert contract["period"] == [2026, 2030]
        assert len(contract["parts"]) == 15
        assert [c["number"] for p in contract["parts"] for c in p["chapters"]] == list(range(1, 54))
        assert len(contract["indicators"]) == 21
        assert [b["number"] for b in contract["boxes"]] == list(range(1, 34))
        assert contract["commitments"], "the prose of the seed plan sets quantitative targets"

    def test_indicator_fields(self, contract):
        rows = {r["code"]: r for r in contract["indicators"]}
        assert rows["12"]["annual_or_cumulative"] == {"kind": "cumulative", "value": 5.5, "qualifier": None,
                                                       "text": None}
        assert rows["2"]["baseline"] == {"year": 2024, "value": 5.4, "note": "2024年数据"}
        assert rows["10.2"]["name"] == "注册护士数" and rows["10.2"]["unit"] == "人"
        assert rows["16"]["target"] == {"year": 2030, "value": None, "text": "达到国家要求"}

    def test_quotes_are_verbatim(self, contract, plan_text):
        for c in contract["commitments"]:
            assert c["quote"] in plan_text


class TestSummary:
    def test_counts_and_indicator_table(self, plan_path):
        done = plantrack("parse", str(plan_path))
        assert done.returncode == 0
        out = done.stdout.decode("utf-8")
        assert "篇 15  章 53  节 147  专栏 33" in out
        assert "主要指标 21" in out
        assert "10.2\t民生福祉\t每千人口拥有医护人员数：注册护士数\t人\t4.5\t5.5\t—\t预期性\tlevel" in out
        assert "12\t民生福祉\t三岁以下婴幼儿入托率提高\t百分点\t—（待国家正式发布的数据）\t—\t[5.5]" in out

    def test_a_word_file(self, plan_text, tmp_path):
        path = write_docx(plan_text, tmp_path / "plan.docx")
        done = plantrack("parse", str(path))
        assert done.returncode == 0
        assert "篇 15  章 53" in done.stdout.decode("utf-8")


class TestAnnualTargets:
    def test_the_2026_targets_of_the_work_report(self, plan_path):
        report = next(plan_path.parent.glob("002_*.txt"))
        done = plantrack("parse", str(report), "--annual-targets", "--json")
        assert done.returncode == 0, done.stderr.decode()
        items = json.loads(done.stdout.decode("utf-8"))
        assert items and all({"subject", "value", "value_max", "unit", "comparator", "quote"} <= set(i) for i in items)
        gdp = next(i for i in items if i["subject"].startswith("地区生产总值"))
        assert (gdp["value"], gdp["unit"], gdp["comparator"]) == (5.0, "%", "~")

    def test_a_large_target_is_written_out_in_full(self, tmp_path):
        path = tmp_path / "report.txt"
        path.write_text("今年经济社会发展的主要预期目标是：城镇新增就业1234567人以上。\n", encoding="utf-8")
        done = plantrack("parse", str(path), "--annual-targets")
        assert done.returncode == 0, done.stderr.decode()
        assert "城镇新增就业  >= 1234567人" in done.stdout.decode("utf-8")  # once 1.23457e+06人

    def test_a_report_without_targets(self, tmp_path):
        path = tmp_path / "notes.txt"
        path.write_text("今天天气很好。", encoding="utf-8")
        done = plantrack("parse", str(path), "--annual-targets")
        assert done.returncode == 2 and done.stdout == b""
        assert len(done.stderr.decode().strip().splitlines()) == 1


class TestErrors:
    def one_line_error(self, *args: str) -> str:
        done = plantrack("parse", *args)
        assert done.returncode == 2
        assert done.stdout == b""
        lines = done.stderr.decode("utf-8").strip().splitlines()
        assert len(lines) == 1, lines
        return lines[0]

    def test_empty_file(self, tmp_path):
        path = tmp_path / "empty.txt"
        path.write_bytes(b"")
        assert "empty" in self.one_line_error(str(path), "--json")

    def test_binary_file(self, tmp_path):
        path = tmp_path / "blob.bin"
        path.write_bytes(bytes(range(256)) * 16)
        assert "binary" in self.one_line_error(str(path), "--json")

    def test_no_headings(self, tmp_path):
        path = tmp_path / "notes.txt"
        path.write_text("一份普通的通知。\n请各单位知悉。\n", encoding="gb18030")
        assert "第…章" in self.one_line_error(str(path))

    def test_scanned_pdf(self, tmp_path):
        path = write_scanned_pdf(tmp_path / "scan.pdf")
        assert "no text layer" in self.one_line_error(str(path), "--json")

    def test_truncated_docx(self, plan_text, tmp_path):
        whole = write_docx(plan_text[:5000], tmp_path / "whole.docx").read_bytes()
        path = tmp_path / "cut.docx"
        path.write_bytes(whole[: len(whole) * 2 // 3])
        assert ".docx" in self.one_line_error(str(path), "--json")

    def test_missing_file_and_usage(self, tmp_path):
        assert "cannot read" in self.one_line_error(str(tmp_path / "none.txt"))
        assert "required" in self.one_line_error()
        assert "unrecognized" in self.one_line_error("x.txt", "--bogus")


def test_parse_never_loads_django_jieba_or_format_libraries(plan_path):
    code = (
        "import sys, io; from plantrack.cli import main; sys.stdout = io.TextIOWrapper(io.BytesIO());"
        f"assert main(['parse', {str(plan_path)!r}, '--json']) == 0;"
        "heavy = sorted(m for m in ('django', 'jieba', 'pdfplumber', 'docx', 'charset_normalizer')"
        " if m in sys.modules);"
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == ""


def test_the_public_api_is_pinned():
    import plantrack.core.planparse as planparse

    assert sorted(planparse.__all__) == [
        "PlanDocument", "PlanParseError", "parse_file", "parse_plan", "read_document_text", "to_contract_json",
    ]  # fmt: skip
