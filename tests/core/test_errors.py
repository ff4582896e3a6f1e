"""The one application error of the core: a code, a message kept apart from its parameters so a face can
translate it, and the kind a face maps to a status."""

from __future__ import annotations

import subprocess
import sys

import pytest

from plantrack.core.errors import KINDS, ApplicationError, InvalidInput, gettext_noop
from plantrack.core.periods import parse_period
from plantrack.core.project_code import parse_project_code
from plantrack.core.weeks import canonical_week


def test_the_message_is_formatted_from_its_template_and_parameters():
    exc = ApplicationError(gettext_noop("报告期“%(code)s”无法识别"), code="bad_period", params={"code": "2026X"})
    assert str(exc) == "报告期“2026X”无法识别" and exc.code == "bad_period" and exc.kind == "invalid"
    assert exc.text({"报告期“%(code)s”无法识别": "period %(code)s not understood"}.get) == "period 2026X not understood"
    assert exc.text(lambda _message: None) == "报告期“2026X”无法识别"  # no translation: the text as written


def test_problems_are_every_line_and_the_message_stands_alone_without_them():
    assert ApplicationError("文件被拒绝", problems=["第2行：缺少单位", "第3行：不是数字"]).lines() == [
        "第2行：缺少单位", "第3行：不是数字"]
    assert ApplicationError("退回必须填写原因").lines() == ["退回必须填写原因"]


def test_refused_input_is_also_a_value_error_for_callers_that_catch_one():
    with pytest.raises(ValueError):
        raise InvalidInput("x")
    assert issubclass(InvalidInput, ApplicationError) and InvalidInput.kind in KINDS


@pytest.mark.parametrize(("read", "text", "code"), [
    (parse_period, "2026X", "bad_period"), (parse_period, "2026M13", "bad_period"),
    (parse_project_code, "2204-150602", "bad_project_code"), (canonical_week, "2027 week 3", "bad_week"),
])
def test_core_refusals_carry_a_code_and_a_template_the_catalogue_can_translate(read, text, code):
    with pytest.raises(InvalidInput) as info:
        read(text)
    exc = info.value
    assert exc.code == code and "%(" in exc.template and text in str(exc)


def test_the_module_does_not_import_django():
    code = "import sys, plantrack.core.errors; print(any(m.startswith('django') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
