"""Issue 12's verdicts an official would refuse to sign, each fixed: direction decides "already met" for every
comparator, a target missed at the target year is off course, growth averages are geometric, signs read the
same in either convention, and impossible figures are 无法评估 with the reason, never a traceback or "inf%"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plantrack.core.assess import (
    Status,
    TargetSpec,
    assess_in_step,
    assess_target,
    headline_label,
    headline_method,
    is_headline,
    plan_elapsed,
)

PLANTRACK = str(Path(sys.executable).with_name("plantrack"))


def spec(**fields) -> TargetSpec:
    fields.setdefault("baseline_year", 2025)
    return TargetSpec(target_year=2030, **fields)


class TestDirectionDecidesAlreadyMet:
    """Every 盟市 is measured against the regional target: one already past it keeps it, it does not "move away"."""

    @pytest.mark.parametrize("comparator", ["=", "~", ">="])
    def test_a_prefecture_above_the_regional_target_that_keeps_rising_is_on_course(self, comparator):
        urban = spec(target_type="level", unit="%", baseline_value=78.0, target_value=73, comparator=comparator)
        r = assess_target(urban, {2026: 78.4, 2027: 78.9}, as_of=2027)
        assert r.status is Status.ON_TRACK
        assert r.method == "held_bound"
        assert "反方向" not in r.explanation

    @pytest.mark.parametrize("comparator", ["=", "~"])
    def test_falling_back_below_the_target_is_judged_against_it(self, comparator):
        urban = spec(target_type="level", unit="%", baseline_value=74.0, target_value=73, comparator=comparator)
        r = assess_target(urban, {2026: 73.5, 2027: 68.0}, as_of=2027)
        assert r.status is Status.LAGGING
        assert "超出控制范围" in r.explanation

    def test_lower_is_better_already_under_the_target(self):
        pm25 = spec(target_type="level", direction="decrease", baseline_value=22, target_value=25, comparator="=")
        assert assess_target(pm25, {2026: 21, 2027: 20}, as_of=2027).status is Status.ON_TRACK
        assert assess_target(pm25, {2026: 21, 2027: 27}, as_of=2027).status is Status.LAGGING

    def test_kept_to_the_target_year_is_met(self):
        urban = spec(target_type="level", unit="%", baseline_value=78.0, target_value=73, comparator="=")
        values = {y: 78.0 + 0.3 * (y - 2025) for y in range(2026, 2031)}
        assert assess_target(urban, values, as_of=2030).status is Status.COMPLETED

    @pytest.mark.parametrize(
        ("latest", "status"), [(60.0, Status.ON_TRACK), (60.4, Status.ON_TRACK), (59.6, Status.LAGGING)],
        ids=["held", "moved-the-good-way", "moved-the-bad-way"],
    )
    def test_a_target_equal_to_its_baseline_is_a_bound(self, latest, status):
        share = spec(target_type="level", unit="%", baseline_value=60, target_value=60, comparator="=")
        assert assess_target(share, {2026: 60.0, 2027: latest}, as_of=2027).status is status


class TestNothingLeftToProjectAtTheTargetYear:
    def test_a_level_short_of_its_target_at_the_end_is_lagging_whatever_the_pace(self):
        urban = spec(target_type="level", unit="%", baseline_value=71.5, target_value=73, comparator=">=")
        r = assess_target(urban, {2026: 71.8, 2029: 72.6, 2030: 72.95}, as_of=2030)  # 96.7% of the way
        assert r.status is Status.LAGGING
        assert r.explanation == "2030年为72.95%，目标73%，完成进度96.7%，目标年未达到目标"
        assert r.disagreement is None

    def test_far_short_at_the_end_is_seriously_lagging(self):
        urban = spec(target_type="level", unit="%", baseline_value=71.5, target_value=73, comparator=">=")
        assert assess_target(urban, {2030: 72.0}, as_of=2030).status is Status.SERIOUSLY_LAGGING

    def test_a_binding_compounded_fall_that_reached_13_24_of_13_5_fails(self):
        energy = spec(target_type="cumulative", direction="decrease", unit="%", target_value=13.5)
        falls = {year: 2.8 for year in range(2026, 2031)}  # 1 − Π(1 − r) = 13.24%
        r = assess_target(energy, falls, as_of=2030)
        assert r.completion * 13.5 == pytest.approx(13.24, abs=0.01)
        assert r.status is Status.LAGGING
        assert "目标年未达到目标" in r.explanation

    def test_an_about_target_within_its_tolerance_at_the_end_is_on_track(self):
        urban = spec(target_type="level", unit="%", baseline_value=71.5, target_value=73, comparator="~")
        r = assess_target(urban, {2030: 72.9}, as_of=2030)
        assert r.status is Status.ON_TRACK
        assert "容差" in r.explanation


class TestGeometricAverage:
    def test_alternating_rates_compound_to_less_than_their_mean(self):
        growth = spec(target_type="annual_growth", unit="%", target_value=2, comparator="~")
        r = assess_target(growth, {2026: 10, 2027: -10, 2028: 10, 2029: -10, 2030: 10}, as_of=2030)
        assert r.status is not Status.COMPLETED
        assert r.explanation.startswith("2026–2030年年均增长1.52%")

    def test_15_then_minus_5_is_4_52(self):
        growth = spec(target_type="annual_growth", unit="%", target_value=4)
        r = assess_target(growth, {2026: 15, 2027: -5}, as_of=2027)
        assert r.explanation.startswith("2026–2027年年均增长4.52%")

    def test_met_comes_from_the_compounded_total(self):
        growth = spec(target_type="annual_growth", unit="%", target_value=4.5)
        assert assess_target(growth, {y: 4.5 for y in range(2026, 2031)}, as_of=2030).status is Status.COMPLETED


class TestSigns:
    def test_a_fall_written_negative_reads_as_a_fall(self):
        energy = spec(target_type="annual_growth", direction="decrease", unit="%", target_value=-3)
        r = assess_target(energy, {2026: -3.2, 2027: -2.8}, as_of=2027)
        assert "年均下降3%" in r.explanation and "-" not in r.explanation.replace("2026–2027", "")
        assert r.status is Status.ON_TRACK

    def test_every_change_against_the_target_is_flagged(self):
        energy = spec(target_type="cumulative", direction="decrease", unit="%", target_value=-13.5)
        r = assess_target(energy, {2026: 2.5, 2027: 2.6}, as_of=2027)  # written as rises against a −13.5 target
        assert r.status is Status.SERIOUSLY_LAGGING
        assert "各年变化均与目标方向相反" in r.explanation
        assert "上升" in r.explanation and "下降-" not in r.explanation


class TestImpossibleFigures:
    def test_a_minus_100_year_is_not_assessable(self):
        growth = spec(target_type="annual_growth", unit="%", target_value=5)
        r = assess_target(growth, {2026: 5, 2027: -100}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert "2027年下降100%" in r.reason and "需年均" not in r.explanation

    def test_overflow_is_not_assessable_without_inf(self):
        growth = spec(target_type="cumulative", unit="%", target_value=5)
        r = assess_target(growth, {2026: 1e300, 2027: 1e300}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE
        assert "inf" not in r.explanation and "超出可计算范围" in r.reason

    def test_a_huge_integer_from_python_is_not_assessable(self):
        level = spec(target_type="level", baseline_value=1, target_value=5, comparator=">=")
        r = assess_target(level, {2026: 10**400}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE


def _run(data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([PLANTRACK, "assess", "--json"], input=data, capture_output=True, timeout=60)


URBAN = {"target_type": "level", "unit": "%", "baseline": {"year": 2025, "value": 71.5},
         "target": {"year": 2030, "value": 73, "comparator": ">="}, "values": {"2026": 71.8}, "as_of": 2026}


class TestCommandLine:
    def test_a_byte_order_mark_is_accepted(self):
        out = _run(b"\xef\xbb\xbf" + json.dumps(URBAN).encode())
        assert out.returncode == 0, out.stderr.decode()
        assert json.loads(out.stdout)["status"] == "符合预期"

    @pytest.mark.parametrize(
        ("data", "words"),
        [
            (json.dumps(dict(URBAN, values={"2026": 10**400})).encode(), "数值过大"),
            (json.dumps(dict(URBAN, as_of=10**400)).encode(), "as_of"),
            (b'{"values": ' + b"9" * 5000 + b"}", "无法读取的数值"),
            (b"[" * 100000 + b"]" * 100000, "嵌套"),
            (json.dumps(dict(URBAN, values={"2026": 1e308 * 10})).encode(), "values"),
        ],
        ids=["400-digit-value", "400-digit-year", "5000-digit", "deeply-nested", "infinity"],
    )
    def test_bad_input_is_one_line_and_exit_2(self, data, words):
        out = _run(data)
        err = out.stderr.decode()
        assert out.returncode == 2
        assert err.count("\n") == 1 and "Traceback" not in err and words in err

    def test_a_minus_100_year_says_why(self):
        series = {"target_type": "annual_growth", "unit": "%", "baseline": {"year": 2025},
                  "target": {"year": 2030, "value": 5}, "values": {"2026": -100}, "as_of": 2026}
        result = json.loads(_run(json.dumps(series).encode()).stdout)
        assert result["status"] == "无法评估" and "100%" in result["explanation"]

    def test_plan_elapsed_and_an_earlier_baseline_said(self):
        series = dict(URBAN, baseline={"year": 2024, "value": 71.3}, values={"2028": 72.4}, as_of=2028,
                      plan_base_year=2025)
        result = json.loads(_run(json.dumps(series).encode()).stdout)
        assert result["plan_elapsed"] == 0.6
        assert result["elapsed"] == pytest.approx(4 / 6, abs=1e-6)
        assert result["explanation"].startswith("基期为2024年数据，按2024–2030年计，2028年末时间进度66.7%")


class TestOneTimeAndOneHeadline:
    def test_plan_elapsed_at_the_end_of_2028(self):
        assert plan_elapsed(plan_base_year=2025, target_year=2030, year=2028) == pytest.approx(0.6)

    def test_every_target_type_has_one_headline(self):
        assert [headline_method(t) for t in ("level", "annual_growth", "cumulative", "bound", "qualitative")] == [
            "time_progress", "average_growth", "cumulative", "bound", "manual"]
        assert headline_label("cumulative") == "累计值法"
        assert is_headline("level", "held_bound") and is_headline("cumulative", "cumulative_compound")

    def test_ahead_gdp_has_no_second_verdict(self):
        gdp = spec(target_type="annual_growth", unit="%", target_value=4.5, comparator="~")
        r = assess_target(gdp, {2026: 5.2, 2027: 5.0, 2028: 5.1}, as_of=2028)
        assert r.status is Status.AHEAD and r.disagreement is None


class TestInStep:
    def test_income_growth_not_below_gdp_growth_is_in_step(self):
        r = assess_in_step({2026: 5.3, 2027: 5.0}, {2026: 5.0, 2027: 5.1}, as_of=2027)
        assert r.status is Status.ON_TRACK and "基本同步" in r.explanation

    def test_income_growth_slower_beyond_the_tolerance_lags(self):
        r = assess_in_step({2026: 4.0, 2027: 4.2}, {2026: 5.0, 2027: 5.1}, as_of=2027)
        assert r.status is Status.LAGGING
        assert "2026、2027年收入增速低于经济增速0.5个百分点以上" in r.explanation

    def test_years_only_one_series_has_are_named(self):
        r = assess_in_step({2026: 5.3, 2027: 5.0}, {2026: 5.0}, as_of=2027)
        assert r.latest_year == 2026 and "2027年只有一项增速" in r.explanation

    def test_no_common_year_is_not_assessable(self):
        r = assess_in_step({2026: 5.3}, {}, as_of=2027)
        assert r.status is Status.NOT_ASSESSABLE and "经济增速" in r.reason


def test_odd_inputs_never_raise_from_the_command():
    """Random mixes of odd figures, years and types: a result or one line and exit 2, never an exception."""
    import io
    import random
    from contextlib import redirect_stderr, redirect_stdout

    from plantrack.core.assess.cli import run_assess

    rnd = random.Random(12)
    odd = [0, -0.0, -100, -101, 1e308, -1e308, 1e-308, 10**400, "5", None, True, [], {}, 2030, 2025, 5.5, -3]
    for _round in range(400):
        series = {
            "target_type": rnd.choice(["level", "annual_growth", "cumulative", "bound", "qualitative", "x", 3]),
            "direction": rnd.choice(["increase", "decrease", None, 1]),
            "unit": rnd.choice(["%", "万人", "百分点", None, 5]),
            "series": rnd.choice([None, "level", "change", "x"]),
            "baseline": {"year": rnd.choice([2024, 2025, 2030, None, 10**400]), "value": rnd.choice(odd)},
            "target": {"year": rnd.choice([2030, 2025, 2026, 2999]), "value": rnd.choice(odd),
                       "comparator": rnd.choice([">=", "<=", "~", "=", None, "!"])},
            "values": {str(rnd.choice([2025, 2026, 2027, 2030, 2031])): rnd.choice(odd) for _ in range(3)},
            "as_of": rnd.choice([2026, 2027, 2030, 2031]),
        }
        try:
            data = json.dumps(series).encode()
        except ValueError:
            continue
        out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = run_assess(["--json"], stdin=io.BytesIO(data))
        assert code in (0, 2)
        if code == 2:
            assert err.getvalue().count("\n") == 1
