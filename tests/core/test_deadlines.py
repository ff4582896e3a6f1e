"""Reading 完成时限 as offices write them: a month or a year means its last day, 长期 / 持续推进 have no date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from plantrack.core.deadlines import read_deadline


@pytest.mark.parametrize(("written", "due"), [
    ("2027年底", date(2027, 12, 31)),
    ("2027年底前", date(2027, 12, 31)),
    ("2027年", date(2027, 12, 31)),
    ("2028年6月", date(2028, 6, 30)),
    ("2028年6月底", date(2028, 6, 30)),
    ("2028年2月", date(2028, 2, 29)),
    ("2028年06月15日", date(2028, 6, 15)),
    ("2028-06-15", date(2028, 6, 15)),
    ("2028/6/15", date(2028, 6, 15)),
    ("2028.6", date(2028, 6, 30)),
    ("2027年上半年", date(2027, 6, 30)),
    ("2027年下半年", date(2027, 12, 31)),
    ("2027年第三季度", date(2027, 9, 30)),
    ("2026年一季度", date(2026, 3, 31)),
    ("2026年底前完成试点，2028年全面推开", date(2028, 12, 31)),
    (2029, date(2029, 12, 31)),
    (2029.0, date(2029, 12, 31)),
    (date(2027, 3, 1), date(2027, 3, 1)),
    (datetime(2027, 3, 1, 0, 0), date(2027, 3, 1)),
])
def test_a_written_deadline_is_its_last_day(written, due):
    read = read_deadline(written)
    assert read.due == due and not read.ongoing


@pytest.mark.parametrize("written", ["长期", "持续推进", "长期坚持", "常态化推进", "每年"])
def test_ongoing_work_has_no_date(written):
    read = read_deadline(written)
    assert read.due is None and read.ongoing and read.text == written


def test_the_plan_period_means_the_plans_last_year():
    assert read_deadline("“十五五”期间", plan_end_year=2030).due == date(2030, 12, 31)
    assert read_deadline("十五五末", plan_end_year=2030).due == date(2030, 12, 31)


@pytest.mark.parametrize(("written", "says"), [
    ("尽快", "无法识别"),
    ("", "为空"),
    (None, "为空"),
    ("2027年13月", "不存在"),
    ("2027年2月30日", "不存在"),
    (12.5, "不是年份"),
])
def test_what_is_not_a_deadline_is_refused_with_the_cell_quoted(written, says):
    with pytest.raises(ValueError, match=says):
        read_deadline(written)


def test_the_core_reader_does_not_need_django():
    import subprocess
    import sys

    code = "import sys, plantrack.core.deadlines; print(any(m.startswith('django') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"
