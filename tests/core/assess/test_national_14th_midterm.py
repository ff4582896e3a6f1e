"""Our headline methods on the national 14th Five-Year Plan's main indicators, beside the mid-term report's verdicts.

The report (国家发展改革委, 2023-12-26) classed the 20 main indicators: 提前实现 4, 快于预期 5, 基本符合预期 7, 滞后 4.
`national_14th_midterm.py` holds the 16 whose target and yearly figures were found in stored public pages, each
figure with its address, and the 4 left out with the reason. Each case runs through our headline method
(`assess_target` on the `plantrack assess --json` contract, or `assess_in_step` for a target stated against GDP
growth), as of 2022; a quarter of the numeric ones also run through `plantrack assess --json` as a subprocess.

The issue's bar is 12 of 15 judgeable; 16 are judgeable from stored sources, so the bar stands: at least 12 agree
(with fewer than 15 it would be 80% of them). 13 agree. Each disagreement carries its documented reason; an
agreement must not (so no stale excuse survives a change of method). Run this file with Python to print the
agreement table.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from national_14th_midterm import (  # noqa: E402
    AS_OF,
    CASES,
    CLASSIFICATION_SOURCES,
    EXCLUDED,
    REPORT_CLASSES,
    NationalCase,
)

from plantrack.core.assess import Status, assess_in_step  # noqa: E402
from plantrack.core.assess.contract import spec_from_contract  # noqa: E402
from plantrack.core.assess.engine import assess_target  # noqa: E402

PLANTRACK = str(Path(sys.executable).with_name("plantrack"))
NUMERIC = [c for c in CASES if c.series is not None]
HELD_OUT = NUMERIC[::4]
REPORT_TOTALS = {"提前实现": 4, "快于预期": 5, "基本符合预期": 7, "滞后": 4}  # the report's own counts


def ours(case: NationalCase, *, as_of: int = AS_OF) -> Status:
    """The verdict of our headline method for the case."""
    if case.in_step is not None:
        rates, gdp = case.in_step
        return assess_in_step(rates, gdp, as_of=as_of, follower_name=case.name, reference_name="经济").status
    spec, values, _ = spec_from_contract(dict(case.series, as_of=as_of))
    return assess_target(spec, values, as_of=as_of).status


def agrees(case: NationalCase, status: Status | str) -> bool:
    return Status(status).value in REPORT_CLASSES[case.report]


def required_agreement(judgeable: int) -> int:
    """12 of 15 as the issue states it; with fewer than 15 judgeable, 80% of them, rounded up."""
    return 12 if judgeable >= 15 else math.ceil(0.8 * judgeable - 1e-9)


def agreement_rows() -> list[tuple[str, str, str, bool]]:
    """(indicator, our status, the report's class, agree?) for every judgeable case."""
    return [(c.name, ours(c).value, c.report, agrees(c, ours(c))) for c in CASES]


# ---- the data ---------------------------------------------------------------------------------------------------

def test_the_twenty_indicators_and_the_reports_counts():
    counts = Counter(c.report for c in CASES) + Counter(e.report for e in EXCLUDED)
    assert dict(counts) == REPORT_TOTALS
    assert len(CLASSIFICATION_SOURCES) >= 2 and all(s.startswith("http") for s in CLASSIFICATION_SOURCES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_figure_names_the_page_it_came_from(case):
    assert case.attribute in ("预期性", "约束性")
    assert case.sources and all(url.startswith("http") for url in case.sources.values())
    described = " ".join(case.sources)
    for year, value in case.observed.items():
        assert f"{year} {value:g}" in described or f"{year} {value}" in described, (case.name, year, value)
    if case.baseline is not None:
        year, value = case.baseline
        assert f"{value:g}" in described, (case.name, "baseline", value)
    if case.target is not None:
        _year, value, _comparator = case.target
        assert f"{value:g}" in described, (case.name, "target", value)


def test_every_left_out_indicator_says_why():
    for item in EXCLUDED:
        assert len(item.reason) > 40, item.name
        assert all(url.startswith("http") for url in item.sources.values())


def test_the_numeric_cases_follow_the_command_line_contract():
    for case in NUMERIC:
        spec, values, as_of = spec_from_contract(case.series)
        assert as_of == AS_OF and spec.plan_base_year == 2020 and spec.target_year == 2025
        assert values and max(values) <= AS_OF


# ---- the agreement ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_difference_from_the_report_has_its_documented_reason(case):
    status = ours(case)
    assert status is not Status.NOT_ASSESSABLE, case.name
    if agrees(case, status):
        assert not case.reason, f"we agree now ({status.value}); drop the reason: {case.reason}"
    else:
        assert case.reason, f"the report says {case.report}, we say {status.value}: why?"


def test_agreement_with_the_report_meets_the_bar():
    rows = agreement_rows()
    agreed = sum(row[3] for row in rows)
    assert len(rows) == 16  # 15 or more judgeable from stored sources: the 12 stands
    assert agreed >= required_agreement(len(rows)) == 12
    assert agreed == 13  # the figure the methods page reports


def test_the_reports_lagging_four_lag_here_too():
    lagging = {c.name for c in CASES if ours(c) in (Status.LAGGING, Status.SERIOUSLY_LAGGING)}
    assert lagging == {"单位GDP能源消耗降低", "单位GDP二氧化碳排放降低", "地级及以上城市空气质量优良天数比率",
                       "每千人口拥有3岁以下婴幼儿托位数", "城镇调查失业率", "劳动年龄人口平均受教育年限"}


def test_unemployment_judged_with_the_2023_figure_agrees_as_its_reason_says():
    case = next(c for c in CASES if c.name == "城镇调查失业率")
    assert ours(case) is Status.LAGGING
    with_2023 = NationalCase(case.name, case.attribute, case.unit, case.report, case.sources,
                             series=dict(case.series, values={**case.series["values"], "2023": 5.2}))
    assert ours(with_2023, as_of=2023) is Status.ON_TRACK


def test_the_held_out_quarter_through_the_command_line():
    assert len(HELD_OUT) >= len(NUMERIC) // 4
    for case in HELD_OUT:
        out = subprocess.run([PLANTRACK, "assess", "--json"], input=json.dumps(case.series).encode(),
                             capture_output=True, timeout=60)
        assert out.returncode == 0, (case.name, out.stderr.decode())
        result = json.loads(out.stdout)
        assert result["status"] == ours(case).value
        assert agrees(case, result["status"]) or case.reason, case.name
        for key in ("pace_ratio", "completion", "required_rate"):
            assert result[key] is None or math.isfinite(result[key])


def test_the_methods_page_table_is_what_the_methods_give():
    text = (Path(__file__).parents[3] / "docs" / "methods.md").read_text(encoding="utf-8")
    section = text.split("## The national 14th Five-Year Plan at mid-term", 1)[1].split("\n## ", 1)[0]
    table = [line.split("|")[1:-1] for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    documented = [(cells[0].split(" (")[0].strip(), cells[2].strip(), cells[3].strip(), cells[4].strip() == "yes")
                  for cells in table[1:]]
    assert documented == agreement_rows()
    assert f"**{sum(r[3] for r in documented)} of {len(documented)} agree**" in section


def main() -> None:
    rows = agreement_rows()
    agreed = sum(row[3] for row in rows)
    print(f"national 14th FYP, as of {AS_OF}: our headline verdict against the mid-term report")
    print(f"{'indicator':<24}{'ours':<10}{'report':<12}agree")
    for name, status, report, ok in rows:
        print(f"{name:<24}{status:<10}{report:<12}{'yes' if ok else 'no'}")
    print(f"agreement {agreed}/{len(rows)} (bar {required_agreement(len(rows))})")
    for case in CASES:
        if case.reason:
            print(f"- {case.name}: {case.reason}")
    for item in EXCLUDED:
        print(f"- left out {item.name}: {item.reason}")


if __name__ == "__main__":
    main()
