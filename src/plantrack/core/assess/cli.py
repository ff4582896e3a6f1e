"""`plantrack assess`: judge one series read as JSON on stdin, without setting up Django.

    plantrack assess --json < series.json     the result as JSON (the contract in DESIGN.md)
    plantrack assess < series.json            the status and the one-line explanation

Bad input prints one line on stderr and exits with status 2.
"""

from __future__ import annotations

import json
import sys

from plantrack.core.assess.contract import ContractError, spec_from_contract
from plantrack.core.assess.engine import assess_target

EXIT_ERROR = 2
_USAGE = "用法：plantrack assess [--json] < series.json"


def _fail(message: str) -> int:
    sys.stderr.write(f"plantrack assess: {' '.join(message.split())}\n")
    return EXIT_ERROR


def run_assess(argv: list[str], *, stdin=None) -> int:
    """Run `plantrack assess` with `argv` (the arguments after "assess"); returns the exit status."""
    if any(arg in ("-h", "--help") for arg in argv):
        sys.stdout.write(__doc__ or "")
        return 0
    unknown = [arg for arg in argv if arg != "--json"]
    if unknown:
        return _fail(f"未知参数 {' '.join(unknown)}；{_USAGE}")
    stream = stdin if stdin is not None else sys.stdin.buffer
    raw = stream.read()
    try:
        # utf-8-sig: Windows tools put a byte-order mark before the JSON; it is not part of it.
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
        data = json.loads(text)
    except UnicodeDecodeError:
        return _fail("输入不是 UTF-8 编码的 JSON")
    except json.JSONDecodeError as exc:
        return _fail(f"输入不是合法的 JSON：第{exc.lineno}行第{exc.colno}列，{exc.msg}")
    except RecursionError:
        return _fail("输入的 JSON 嵌套层数过深")
    except ValueError as exc:
        # Python refuses integers of more than 4300 digits while reading them.
        return _fail(f"输入的 JSON 含无法读取的数值：{exc}")
    try:
        spec, values, as_of = spec_from_contract(data)
    except ContractError as exc:
        return _fail(f"输入有误：{exc}")
    except RecursionError:
        return _fail("输入的 JSON 嵌套层数过深")
    try:
        result = assess_target(spec, values, as_of=as_of)
    except (ArithmeticError, ValueError, RecursionError) as exc:
        # The methods say 无法评估 for every figure they cannot judge; this is the last guard for a command other
        # tools call: one line, never a traceback.
        return _fail(f"无法评估该输入（{type(exc).__name__}: {exc}）")
    if "--json" in argv:
        out = json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
    else:
        out = f"{result.status}\t{result.explanation}\n"
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0
