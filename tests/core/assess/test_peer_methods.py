"""Our methods side by side with the published progress methods, on 64 realistic series.

The peers are implemented here from their published definitions, independently of plantrack.core.assess:

- **Open SDG (sdg-build)**, `sdg/ProgressMeasure.py` of github.com/open-sdg/sdg-build (methodology_2, read
  from the repository): CAGR_o = (y_i / y_0)^(1/(t_i − t_0)) − 1, CAGR_r = (y_T / y_0)^(1/(t_T − t_0)) − 1,
  progress = sign · d · CAGR_o / |CAGR_r| (d = +1 when higher is better, −1 otherwise; sign = −1 for a negative
  base); "target_achieved" when the current value is at or past the target in the direction d; bands
  high 0.95 / med 0.6 / low 0 (get_progress_thresholds). The Statistics Canada methodology it implements
  (github.com/open-sdg/open-sdg docs/progress-methodology.md) says it was inspired by Eurostat's.
- **Eurostat** (EU SDG monitoring report, assessment of indicators with a quantified target): the ratio of the
  actual compound annual growth rate to the rate required to reach the target from the base year, in four
  categories — significant progress, moderate progress, insufficient progress, movement away (named so in
  Eurostat's 2018 report as summarised by IISD); the 95% / 60% / 0 lines are the ones Open SDG took from it. No
  "already achieved" shortcut: what the ratio says is what it says.
- **UN ESCAP anticipated progress**: the value anticipated at the target year if the observed rate of change
  continues, set against the target (the regional commissions' technical notes: "the anticipated gap between
  the target value and the projected value for 2030 relative to the progress required"). ESCAP's later reports
  estimate the trend by a time-weighted regression over 15+ years; with two to five yearly points we use the
  observed CAGR from the base year, as in ESCAP's 2017 working paper series, and say so. Anticipated progress
  ratio = (x̂_T − x_0) / (x_T − x_0); the target "will be achieved" when x̂_T reaches it.

Growth and cumulative targets are set as levels for the peers: an index of 100 at the base year compounded by
the yearly rates (a fall by 1 − r), against the index the target compounds to. A sum of amounts (万人) has a
base of zero, where a CAGR has no meaning: the peers cannot judge it (sdg-build would substitute 0.001).

Each peer's verdict is reduced to "on course" (target achieved, or ratio ≥ 0.95, or anticipated to reach it) and
compared with ours (已完成 / 超前 / 符合预期). Where the two differ, the case carries the reason (peer_cases.py);
where they agree, it must not (so no stale excuse survives a fix). A held-out quarter of the cases runs through
`plantrack assess --json` as a subprocess. Run this file with Python to print the agreement table.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from peer_cases import CASES, Case  # noqa: E402

from plantrack.core.assess import Status  # noqa: E402
from plantrack.core.assess.contract import spec_from_contract  # noqa: E402
from plantrack.core.assess.engine import assess_target  # noqa: E402

PEERS = ("sdg_build", "eurostat", "escap")
PLANTRACK = str(Path(sys.executable).with_name("plantrack"))
HELD_OUT = CASES[3::4]


# ---- the series as levels: what the peers read ---------------------------------------------------------------

def as_levels(series: dict) -> tuple[float, int, float, int, float, int] | None:
    """(base value, base year, current value, current year, target value, d) for a peer, or None (no meaning)."""
    kind, d = series["target_type"], 1 if series["direction"] == "increase" else -1
    base_year, target_year, as_of = series["baseline"]["year"], series["target"]["year"], series["as_of"]
    last = as_of if kind == "bound" else min(as_of, target_year)
    points = sorted((int(y), v) for y, v in series["values"].items() if base_year < int(y) <= last)
    target = series["target"]["value"]
    if kind in ("level", "bound"):
        base = series["baseline"]["value"]
        if kind == "bound" and base is None:
            return None
        year, value = points[-1]
        return base, base_year, value, year, target, d
    if series["series"] == "level":  # a cumulative target on a level series: its change since the baseline
        base = series["baseline"]["value"]
        year, value = points[-1]
        return base, base_year, value, year, base + d * abs(target), d
    if series["unit"] != "%":
        return None  # amounts that add up from zero
    falling = series["direction"] == "decrease"
    flip = -1.0 if falling and target < 0 else 1.0
    index = 100.0
    for _year, rate in points:
        r = rate * flip
        index *= (1 - r / 100) if falling else (1 + r / 100)
    t = abs(target) if falling else target
    if kind == "annual_growth":
        factor = ((1 - t / 100) if falling else (1 + t / 100)) ** (target_year - base_year)
    else:
        factor = (1 - t / 100) if falling else (1 + t / 100)
    return 100.0, base_year, index, points[-1][0], 100.0 * factor, d


def cagr(end: float, start: float, years: float) -> float:
    return (end / start) ** (1 / years) - 1


def sdg_build(series: dict) -> bool | None:
    """Open SDG's methodology_2 and its status bands; True = target_achieved or substantial progress."""
    levels = as_levels(series)
    if levels is None:
        return None
    y0, t0, yi, ti, yT, d = levels
    if (d == -1 and yi <= yT) or (d == 1 and yi >= yT):
        return True  # target_achieved
    sign = -1 if y0 < 0 else 1
    required = cagr(yT, y0, series["target"]["year"] - t0)
    if required == 0:
        return None  # sdg-build divides by |CAGR_r|: no value when the target equals the base
    progress = sign * d * cagr(yi, y0, ti - t0) / abs(required)
    return progress >= 0.95


def eurostat(series: dict) -> bool | None:
    """Actual ÷ required compound annual growth from the base year; ≥ 95% is significant progress."""
    levels = as_levels(series)
    if levels is None:
        return None
    y0, t0, yi, ti, yT, _d = levels
    required = cagr(yT, y0, series["target"]["year"] - t0)
    if required == 0:
        return None
    return cagr(yi, y0, ti - t0) / required >= 0.95


def escap(series: dict) -> bool | None:
    """The value anticipated at the target year at the observed CAGR reaches the target."""
    levels = as_levels(series)
    if levels is None:
        return None
    y0, t0, yi, ti, yT, d = levels
    anticipated = yi * (1 + cagr(yi, y0, ti - t0)) ** (series["target"]["year"] - ti)
    return d * (anticipated - yT) >= -1e-9 * abs(yT)


PEER_METHODS = {"sdg_build": sdg_build, "eurostat": eurostat, "escap": escap}


def ours(series: dict) -> Status:
    spec, values, as_of = spec_from_contract(series)
    return assess_target(spec, values, as_of=as_of).status


def on_course(status: Status | str) -> bool | None:
    status = Status(status)
    return None if status is Status.NOT_ASSESSABLE else status.is_on_course


def agreement_table(cases: list[Case] = CASES) -> dict[str, dict[str, tuple[int, int]]]:
    """peer → target type → (cases agreeing, cases)."""
    table: dict[str, dict[str, list[int]]] = {p: defaultdict(lambda: [0, 0]) for p in PEERS}
    for case in cases:
        mine = on_course(ours(case.series))
        for peer in PEERS:
            row = table[peer][case.series["target_type"]]
            row[0] += PEER_METHODS[peer](case.series) == mine
            row[1] += 1
    return {p: {k: (a, n) for k, (a, n) in rows.items()} for p, rows in table.items()}


# ---- the checks -----------------------------------------------------------------------------------------------

def test_there_are_at_least_50_realistic_series():
    assert len(CASES) >= 50
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_difference_from_a_peer_has_its_documented_reason(case):
    mine = on_course(ours(case.series))
    for peer in PEERS:
        theirs = PEER_METHODS[peer](case.series)
        if theirs == mine:
            assert peer not in case.reasons, f"{peer} agrees now; drop the reason: {case.reasons[peer]}"
        else:
            assert case.reasons.get(peer), f"{peer} says {theirs}, we say {mine} ({ours(case.series)}): why?"


def _agree_by_construction(case: Case) -> bool:
    """A level target moving from a baseline short of it, away from the target year, judged on a steady path:
    completion ÷ elapsed and the CAGR ratio are then the same number to first order, so all must agree when the
    pace is clearly on one side (our R and theirs both ≥ 1.10 or both < 0.60)."""
    s = case.series
    if s["target_type"] != "level" or s["as_of"] >= s["target"]["year"]:
        return False
    levels = as_levels(s)
    y0, t0, yi, ti, yT, d = levels
    if d * (yT - y0) <= 0 or d * (yi - yT) >= 0:
        return False
    ratio = ((yi - y0) / (yT - y0)) / ((ti - t0) / (s["target"]["year"] - t0))
    return ratio >= 1.10 or ratio < 0.60


@pytest.mark.parametrize("case", [c for c in CASES if _agree_by_construction(c)],
                         ids=[c.name for c in CASES if _agree_by_construction(c)])
def test_where_the_methods_agree_by_construction_they_agree(case):
    mine = on_course(ours(case.series))
    assert sdg_build(case.series) == eurostat(case.series) == mine


def test_the_held_out_cases_through_the_command_line():
    for case in HELD_OUT:
        out = subprocess.run([PLANTRACK, "assess", "--json"], input=json.dumps(case.series).encode(),
                             capture_output=True, timeout=60)
        assert out.returncode == 0, (case.name, out.stderr.decode())
        result = json.loads(out.stdout)
        mine = on_course(result["status"])
        assert result["status"] == ours(case.series).value
        for peer in PEERS:
            if PEER_METHODS[peer](case.series) != mine:
                assert case.reasons.get(peer), (case.name, peer)
        for key in ("pace_ratio", "completion", "required_rate"):
            assert result[key] is None or math.isfinite(result[key])


def test_the_agreement_rates_are_what_the_closing_note_reports():
    table = agreement_table()
    totals = {p: (sum(a for a, _n in rows.values()), sum(n for _a, n in rows.values())) for p, rows in table.items()}
    for peer, (agree, n) in totals.items():
        documented = sum(1 for c in CASES if peer in c.reasons)
        assert n - agree == documented, peer


def main() -> None:
    table = agreement_table()
    kinds = sorted({k for rows in table.values() for k in rows})
    print("agreement with ours on \"on course\" (已完成/超前/符合预期) vs not, by target type")
    print(f"{'peer':<10}" + "".join(f"{k:>16}" for k in kinds) + f"{'all':>16}")
    for peer in PEERS:
        rows = table[peer]
        cells = [f"{rows[k][0]}/{rows[k][1]} {rows[k][0] / rows[k][1]:.0%}" if k in rows else "—" for k in kinds]
        a, n = sum(r[0] for r in rows.values()), sum(r[1] for r in rows.values())
        print(f"{peer:<10}" + "".join(f"{c:>16}" for c in cells) + f"{f'{a}/{n} {a / n:.0%}':>16}")
    print()
    for case in CASES:
        for peer, reason in case.reasons.items():
            print(f"- {case.name} · {peer}: {reason}")


if __name__ == "__main__":
    main()
