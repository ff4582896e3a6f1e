"""The worked tables of docs/methods.md, row by row: every figure a reader checks by hand is reproduced here."""

from __future__ import annotations

import pytest

from plantrack.core.assess import Status, TargetSpec, assess_target, assess_year_to_date

AS_OF = 2027
ROUND = 5e-5  # the tables print four decimals


def spec(**fields) -> TargetSpec:
    return TargetSpec(baseline_year=2025, target_year=2030, **fields)


URBAN = spec(target_type="level", unit="%", baseline_value=71.5, target_value=73, comparator=">=")
PM25 = spec(target_type="level", direction="decrease", unit="微克/立方米", baseline_value=30, target_value=25,
            comparator="<=")
GDP = spec(target_type="annual_growth", unit="%", target_value=4.5, comparator="~")


@pytest.mark.parametrize(
    ("target", "values", "elapsed", "completion", "ratio", "status", "required"),
    [
        pytest.param(URBAN, {2026: 71.8, 2027: 72.0}, 0.40, 0.3333, 0.8333, Status.LAGGING, 0.3333, id="lagging"),
        pytest.param(URBAN, {2026: 71.8, 2027: 72.1}, 0.40, 0.4, 1.0, Status.ON_TRACK, 0.3, id="on-track"),
        pytest.param(URBAN, {2026: 71.9, 2027: 72.3}, 0.40, 0.5333, 1.3333, Status.AHEAD, 0.2333, id="ahead"),
        pytest.param(URBAN, {2026: 71.4, 2027: 71.2}, 0.40, -0.2, -0.5, Status.SERIOUSLY_LAGGING, 0.6,
                     id="moving-away"),
        pytest.param(URBAN, {2026: 72.4, 2027: 73.2}, 0.40, 1.1333, 2.8333, Status.COMPLETED, None, id="met"),
        pytest.param(URBAN, {2026: 71.8}, 0.20, 0.2, 1.0, Status.ON_TRACK, 0.3, id="one-point"),
        pytest.param(PM25, {2026: 29, 2027: 28}, 0.40, 0.4, 1.0, Status.ON_TRACK, -1.0, id="lower-is-better"),
    ],
)
def test_level_table(target, values, elapsed, completion, ratio, status, required):
    r = assess_target(target, values, as_of=AS_OF)
    assert r.method == "time_progress"
    assert r.elapsed == pytest.approx(elapsed, abs=ROUND)
    assert r.completion == pytest.approx(completion, abs=ROUND)
    assert r.pace_ratio == pytest.approx(ratio, abs=ROUND)
    assert r.status is status
    assert (r.required_rate is None) == (required is None)
    if required is not None:
        assert r.required_rate == pytest.approx(required, abs=ROUND)


def test_level_lagging_explanation_is_the_documented_sentence():
    r = assess_target(URBAN, {2026: 71.8, 2027: 72.0}, as_of=AS_OF)
    assert r.explanation == "2027年末时序进度40%，完成进度33.3%，滞后6.7个百分点；今后3年需年均提高0.33个百分点"


@pytest.mark.parametrize(
    ("latest", "status"), [(805, Status.ON_TRACK), (790, Status.LAGGING)], ids=["kept", "broken"]
)
def test_held_floor_table(latest, status):
    grain = spec(target_type="level", unit="亿斤", baseline_value=810, target_value=800, comparator=">=")
    r = assess_target(grain, {2026: 812, 2027: latest}, as_of=AS_OF)
    assert r.method == "held_bound"
    assert r.status is status
    assert r.pace_ratio is None


@pytest.mark.parametrize(
    ("target", "values", "average", "ratio", "status", "required"),
    [
        pytest.param(GDP, {2026: 5.0, 2027: 4.6}, 4.7998, 1.0666, Status.ON_TRACK, 4.3006, id="on-track"),
        pytest.param(GDP, {2026: 5.2, 2027: 5.0}, 5.1, 1.1333, Status.AHEAD, 4.1019, id="ahead"),
        pytest.param(GDP, {2026: 3.0, 2027: 2.6}, 2.7998, 0.6222, Status.LAGGING, 5.6491, id="lagging"),
        pytest.param(GDP, {2026: 2.0, 2027: 1.0}, 1.4988, 0.3331, Status.SERIOUSLY_LAGGING, 6.55, id="serious"),
        pytest.param(spec(target_type="annual_growth", direction="decrease", unit="%", target_value=3),
                     {2026: 3.2, 2027: 2.8}, 3.0002, 1.0001, Status.ON_TRACK, 2.9999, id="falling"),
        pytest.param(spec(target_type="annual_growth", unit="%", series="level", baseline_value=100, target_value=5),
                     {2026: 105, 2027: 110.25}, 5.0, 1.0, Status.ON_TRACK, 5.0, id="level-series"),
    ],
)
def test_annual_growth_table(target, values, average, ratio, status, required):
    r = assess_target(target, values, as_of=AS_OF)
    assert r.method == "average_growth"
    assert r.linear_projection == pytest.approx(average, abs=ROUND)
    assert r.pace_ratio == pytest.approx(ratio, abs=ROUND)
    assert r.status is status
    assert r.required_rate == pytest.approx(required, abs=ROUND)


def test_annual_growth_explanation_is_the_documented_sentence():
    r = assess_target(GDP, {2026: 5.0, 2027: 4.6}, as_of=AS_OF)
    assert r.explanation == "2026–2027年年均增长4.8%，为年均目标4.5%的106.7%；今后3年需年均增长4.3%"


@pytest.mark.parametrize(
    ("target", "values", "achieved_total", "completion", "ratio", "status", "method"),
    [
        pytest.param(spec(target_type="cumulative", direction="decrease", unit="%", target_value=13.5),
                     {2026: 2.5, 2027: 2.6}, 5.035, 0.3730, 0.9324, Status.LAGGING, "cumulative_compound",
                     id="compounded-fall"),
        pytest.param(spec(target_type="cumulative", unit="%", target_value=20),
                     {2026: 4, 2027: 4}, 8.16, 0.4080, 1.02, Status.ON_TRACK, "cumulative_compound",
                     id="compounded-rise"),
        pytest.param(spec(target_type="cumulative", unit="万人", target_value=130),
                     {2026: 27, 2027: 26}, 53, 0.4077, 1.0192, Status.ON_TRACK, "cumulative_sum", id="added"),
        pytest.param(spec(target_type="cumulative", unit="百分点", series="level", baseline_value=23.0,
                          target_value=1.5),
                     {2026: 23.2, 2027: 23.4}, 0.4, 0.2667, 0.6667, Status.LAGGING, "cumulative_level",
                     id="level-series"),
        pytest.param(spec(target_type="cumulative", unit="万人", target_value=130),
                     {2026: 70, 2027: 65}, 135, 1.0385, 2.5962, Status.COMPLETED, "cumulative_sum", id="met"),
    ],
)
def test_cumulative_table(target, values, achieved_total, completion, ratio, status, method):
    r = assess_target(target, values, as_of=AS_OF)
    assert r.method == method
    assert r.completion * target.target_value == pytest.approx(achieved_total, abs=5e-4)
    assert r.completion == pytest.approx(completion, abs=ROUND)
    assert r.pace_ratio == pytest.approx(ratio, abs=ROUND)
    assert r.status is status


def test_compounded_fall_needs_the_documented_yearly_fall():
    target = spec(target_type="cumulative", direction="decrease", unit="%", target_value=13.5)
    r = assess_target(target, {2026: 2.5, 2027: 2.6}, as_of=AS_OF)
    assert r.required_rate == pytest.approx(3.064, abs=5e-4)


@pytest.mark.parametrize(
    ("comparator", "direction", "target", "values", "status"),
    [
        pytest.param("<=", "decrease", 5.5, {2026: 5.4, 2027: 5.3}, Status.ON_TRACK, id="ceiling-kept"),
        pytest.param("<=", "decrease", 5.5, {2026: 5.4, 2027: 5.6}, Status.LAGGING, id="ceiling-broken"),
        pytest.param("~", "decrease", 5.5, {2026: 5.4, 2027: 5.7}, Status.ON_TRACK, id="about-inside"),
        pytest.param("~", "decrease", 5.5, {2026: 5.4, 2027: 5.9}, Status.LAGGING, id="about-outside"),
        pytest.param(">=", "increase", 90, {2026: 91, 2027: 89}, Status.LAGGING, id="floor-broken"),
    ],
)
def test_bound_table(comparator, direction, target, values, status):
    bound = spec(target_type="bound", direction=direction, unit="%", target_value=target, comparator=comparator)
    r = assess_target(bound, values, as_of=AS_OF)
    assert r.method == "bound"
    assert r.status is status


def test_growth_rate_ratio_and_projections_of_the_documented_example():
    r = assess_target(URBAN, {2026: 71.8, 2027: 72.0}, as_of=AS_OF)
    assert r.growth_ratio == pytest.approx(0.8388, abs=ROUND)
    assert r.growth_status is Status.LAGGING
    assert r.linear_projection == pytest.approx(72.75, abs=ROUND)
    assert r.compound_projection == pytest.approx(72.7566, abs=ROUND)
    assert r.projected_gap == pytest.approx(-0.25, abs=ROUND)
    assert r.projection.year == 2030 and r.projection.value == pytest.approx(72.75)


def test_a_disagreeing_growth_ratio_is_pointed_out():
    r = assess_target(PM25, {2026: 29, 2027: 28}, as_of=AS_OF)
    assert r.status is Status.ON_TRACK
    assert r.growth_ratio == pytest.approx(0.9470, abs=ROUND)
    assert r.disagreement.startswith("其他方法：增速比法（增速比0.95）落在“滞后”一档，与时序进度法的“符合预期”不同：")
    assert r.disagreement.endswith("评估结论以时序进度法为准")


@pytest.mark.parametrize(
    ("kwargs", "elapsed", "completion", "ratio", "status"),
    [
        pytest.param(dict(annual_target=1000, comparator=">=", direction="increase", ytd_value=450,
                          period="2027M06", unit="亿元"), 0.5, 0.45, 0.9, Status.LAGGING, id="amount-lagging"),
        pytest.param(dict(annual_target=1000, comparator=">=", direction="increase", ytd_value=520,
                          period="2027Q2", unit="亿元"), 0.5, 0.52, 1.04, Status.ON_TRACK, id="amount-on-track"),
        pytest.param(dict(annual_target=1000, comparator=">=", direction="increase", ytd_value=1010,
                          period="2027M11", unit="亿元"), 0.9167, 1.01, 1.1018, Status.COMPLETED, id="reached"),
        pytest.param(dict(annual_target=5, comparator="~", direction="increase", ytd_value=5.3,
                          period="2027M06", unit="%"), 0.5, None, 1.06, Status.ON_TRACK, id="rate"),
        pytest.param(dict(annual_target=3, comparator="<=", direction="increase", ytd_value=3.4,
                          period="2027M09", unit="%"), 0.75, None, None, Status.LAGGING, id="ceiling-rate"),
        pytest.param(dict(annual_target=1000, comparator="<=", direction="decrease", ytd_value=400,
                          period="2027M06", unit="万吨标准煤"), 0.5, 0.4, 1.25, Status.AHEAD, id="ceiling-amount"),
    ],
)
def test_year_to_date_table(kwargs, elapsed, completion, ratio, status):
    r = assess_year_to_date(**kwargs)
    assert r.elapsed == pytest.approx(elapsed, abs=ROUND)
    assert (r.completion is None) == (completion is None)
    if completion is not None:
        assert r.completion == pytest.approx(completion, abs=ROUND)
    assert (r.pace_ratio is None) == (ratio is None)
    if ratio is not None:
        assert r.pace_ratio == pytest.approx(ratio, abs=ROUND)
    assert r.status is status


URBAN_ABOUT = spec(target_type="level", unit="%", baseline_value=71.5, target_value=73, comparator="~")
ENERGY = spec(target_type="cumulative", direction="decrease", unit="%", target_value=13.5)


@pytest.mark.parametrize(
    ("target", "values", "completion", "status"),
    [
        pytest.param(URBAN, {2030: 72.95}, 0.9667, Status.LAGGING, id="level-96.7%"),
        pytest.param(URBAN, {2030: 72.0}, 0.3333, Status.SERIOUSLY_LAGGING, id="level-far-short"),
        pytest.param(URBAN_ABOUT, {2030: 72.9}, 0.9333, Status.ON_TRACK, id="level-about"),
        pytest.param(ENERGY, {y: 2.8 for y in range(2026, 2031)}, 0.9806, Status.LAGGING, id="binding-fall-13.24"),
        pytest.param(spec(target_type="annual_growth", unit="%", target_value=4.5),
                     {y: 4.5 for y in range(2026, 2031)}, 1.0, Status.COMPLETED, id="growth-met"),
    ],
)
def test_target_year_table(target, values, completion, status):
    r = assess_target(target, values, as_of=2030)
    assert r.completion == pytest.approx(completion, abs=ROUND)
    assert r.status is status


@pytest.mark.parametrize(
    ("baseline", "comparator", "direction", "target", "values", "status"),
    [
        pytest.param(810, ">=", "increase", 800, {2026: 812, 2027: 805}, Status.ON_TRACK, id="floor-kept"),
        pytest.param(810, ">=", "increase", 800, {2026: 812, 2027: 790}, Status.LAGGING, id="floor-broken"),
        pytest.param(78.0, "=", "increase", 73, {2026: 78.4, 2027: 78.9}, Status.ON_TRACK, id="above-rising"),
        pytest.param(78.0, "~", "increase", 73, {2026: 78.4, 2027: 78.9}, Status.ON_TRACK, id="above-about"),
        pytest.param(74.0, "=", "increase", 73, {2026: 73.5, 2027: 72.6}, Status.LAGGING, id="falling-back"),
        pytest.param(60, "=", "increase", 60, {2026: 60.0, 2027: 60.4}, Status.ON_TRACK, id="equal-good-way"),
        pytest.param(60, "=", "increase", 60, {2026: 60.0, 2027: 59.6}, Status.LAGGING, id="equal-bad-way"),
        pytest.param(22, "=", "decrease", 25, {2026: 21, 2027: 20}, Status.ON_TRACK, id="lower-already-under"),
    ],
)
def test_held_table(baseline, comparator, direction, target, values, status):
    held = spec(target_type="level", direction=direction, baseline_value=baseline, target_value=target,
                comparator=comparator)
    r = assess_target(held, values, as_of=AS_OF)
    assert r.method == "held_bound"
    assert r.status is status


@pytest.mark.parametrize(
    ("target", "rates", "average", "status"),
    [
        pytest.param(2, {2026: 10, 2027: -10, 2028: 10, 2029: -10, 2030: 10}, 1.5156, Status.LAGGING,
                     id="alternating"),
        pytest.param(4, {2026: 15, 2027: -5}, 4.5227, Status.AHEAD, id="rise-then-fall"),
        pytest.param(2, {2026: 40, 2027: -35}, -4.6061, Status.SERIOUSLY_LAGGING, id="deep-fall"),
    ],
)
def test_geometric_table(target, rates, average, status):
    growth = spec(target_type="annual_growth", unit="%", target_value=target)
    r = assess_target(growth, rates, as_of=max(rates))
    assert r.linear_projection == pytest.approx(average, abs=ROUND)
    assert r.status is status


@pytest.mark.parametrize(
    ("income", "gdp", "status", "words"),
    [
        pytest.param({2026: 5.3, 2027: 5.0}, {2026: 5.0, 2027: 5.1}, Status.ON_TRACK,
                     "2026–2027年收入年均增长5.15%，经济年均增长5.05%，相差0.1个百分点，基本同步", id="in-step"),
        pytest.param({2026: 4.0, 2027: 4.2}, {2026: 5.0, 2027: 5.1}, Status.LAGGING,
                     "收入增长慢于经济增长，未同步；2026、2027年收入增速低于经济增速0.5个百分点以上", id="behind"),
    ],
)
def test_in_step_table(income, gdp, status, words):
    from plantrack.core.assess import assess_in_step

    r = assess_in_step(income, gdp, as_of=AS_OF)
    assert r.status is status
    assert words in r.explanation
