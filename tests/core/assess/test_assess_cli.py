"""`plantrack assess --json`: the DESIGN.md contract on stdin/stdout, one-line errors, no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PLANTRACK = str(Path(sys.executable).with_name("plantrack"))
CONTRACT_KEYS = ["status", "method", "pace_ratio", "elapsed", "completion", "projection", "required_rate",
                 "explanation"]

URBAN = {
    "target_type": "level", "direction": "increase", "unit": "%", "series": None,
    "baseline": {"year": 2025, "value": 71.5},
    "target": {"year": 2030, "value": 73, "comparator": ">="},
    "values": {"2026": 71.8, "2027": 72.0}, "as_of": 2027,
}


def run(stdin: str | bytes, *args: str) -> subprocess.CompletedProcess:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run([PLANTRACK, "assess", *args], input=data, capture_output=True, timeout=60)


def test_result_follows_the_contract():
    out = run(json.dumps(URBAN), "--json")
    assert out.returncode == 0, out.stderr.decode()
    result = json.loads(out.stdout.decode("utf-8"))
    assert list(result)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert result["status"] == "滞后"
    assert result["method"] == "time_progress"
    assert result["elapsed"] == 0.4
    assert result["completion"] == pytest.approx(0.333333)
    assert result["pace_ratio"] == pytest.approx(0.833333)
    assert result["projection"] == {"year": 2030, "value": 72.75}
    assert result["required_rate"] == pytest.approx(0.333333)
    assert "滞后6.7个百分点" in result["explanation"]
    assert "\\u" not in out.stdout.decode("utf-8")  # UTF-8, not ASCII-escaped


def test_values_after_as_of_are_ignored():
    series = dict(URBAN, values={"2026": 71.8, "2027": 72.0, "2028": 90})
    assert json.loads(run(json.dumps(series), "--json").stdout) == json.loads(run(json.dumps(URBAN), "--json").stdout)


def test_null_series_means_change_for_growth_targets():
    series = {
        "target_type": "annual_growth", "direction": "increase", "unit": "%", "series": None,
        "baseline": {"year": 2025, "value": None}, "target": {"year": 2030, "value": 4.5, "comparator": "~"},
        "values": {"2026": 5.2, "2027": 5.0}, "as_of": 2027,
    }
    result = json.loads(run(json.dumps(series), "--json").stdout)
    assert result["status"] == "超前"
    assert result["pace_ratio"] == pytest.approx(1.133323)  # geometric: (1.052 × 1.05)^(1/2) − 1 = 5.09990%


def test_not_assessable_gives_the_reason_and_no_numbers():
    series = dict(URBAN, values={})
    result = json.loads(run(json.dumps(series), "--json").stdout)
    assert result["status"] == "无法评估"
    assert result["pace_ratio"] is None and result["projection"] is None
    assert result["explanation"].startswith("无法评估：")


def test_without_json_prints_status_and_explanation():
    out = run(json.dumps(URBAN))
    assert out.returncode == 0
    assert out.stdout.decode("utf-8").startswith("滞后\t2027年末时序进度40%")


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ("{not json", "不是合法的 JSON：第1行第2列"),
        ("", "不是合法的 JSON"),
        (b"\xff\xfe", "UTF-8"),
        ("[1, 2]", "输入 应为 JSON 对象"),
        (json.dumps({k: v for k, v in URBAN.items() if k != "as_of"}), "缺少字段 as_of"),
        (json.dumps(dict(URBAN, values={"2026": "71.8"})), "values['2026'] 应为数值"),
        (json.dumps(dict(URBAN, values={"next": 1})), "values 的键应为年份"),
        (json.dumps(dict(URBAN, target_type="trend")), "target_type"),
        (json.dumps(dict(URBAN, target={"year": "2030", "value": 73})), "target.year 应为年份"),
        (json.dumps(dict(URBAN, baseline={"year": 2025, "value": True})), "baseline.value 应为数值"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(stdin, words):
    out = run(stdin, "--json")
    assert out.returncode == 2
    assert out.stdout == b""
    err = out.stderr.decode("utf-8")
    assert err.count("\n") == 1 and err.startswith("plantrack assess: ")
    assert words in err


def test_unknown_option_is_refused():
    out = run(json.dumps(URBAN), "--yaml")
    assert out.returncode == 2
    assert "未知参数 --yaml" in out.stderr.decode("utf-8")


def test_runs_without_django():
    code = (
        "import sys, io, json; from plantrack.cli import main;"
        f"sys.stdin = io.TextIOWrapper(io.BytesIO({json.dumps(URBAN)!r}.encode()));"
        "rc = main(['assess', '--json']);"
        "sys.stderr.write(str(rc) + ' ' + str(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stderr.strip() == "0 []"
    assert json.loads(out.stdout)["status"] == "滞后"


def test_the_core_package_does_not_import_django():
    code = "import sys, plantrack.core.assess; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_public_api_is_pinned():
    import plantrack.core.assess as assess

    assert sorted(assess.__all__) == sorted([
        "DEFAULT_THRESHOLDS", "METHOD_LABELS", "STATUS_ORDER", "AssessmentResult", "Projection", "Status",
        "TargetSpec", "Thresholds", "assess_target", "assess_year_to_date", "status_worsened",
        "DEFAULT_IN_STEP_TOLERANCE", "OTHER_METHOD_FIELDS", "assess_in_step", "headline_label", "headline_method",
        "is_headline", "plan_elapsed",
    ])
