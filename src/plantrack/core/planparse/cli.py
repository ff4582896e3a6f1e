"""`plantrack parse`: print a plan's structure and indicator table, or its contract JSON, without Django.

    plantrack parse PLAN [--json]                    a readable summary, or the DESIGN.md JSON
    plantrack parse REPORT --annual-targets [--json] the annual targets of a government work report

Errors print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from plantrack.core.figures import figure_text
from plantrack.core.planparse.errors import PlanParseError
from plantrack.core.planparse.model import PlanDocument

EXIT_ERROR = 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage over several lines; we promise one line
        raise _UsageError(message)


def _arguments() -> argparse.ArgumentParser:
    parser = _Parser(prog="plantrack parse", description="Parse a plan outline (规划纲要) or a work report.")
    parser.add_argument("file", help="plan or report: .txt (UTF-8/GB18030), .docx or .pdf")
    parser.add_argument("--json", action="store_true", help="print the JSON contract of DESIGN.md")
    parser.add_argument("--annual-targets", action="store_true", help="read the annual targets of a work report")
    return parser


def _write(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def run_parse(argv: list[str]) -> int:
    """Run `plantrack parse` with `argv` (the arguments after "parse"); returns the exit status."""
    try:
        args = _arguments().parse_args(argv)
        from plantrack.core.planparse.text_input import read_document_text

        text = read_document_text(args.file)
        if args.annual_targets:
            out = _annual_targets(text, as_json=args.json)
        else:
            from plantrack.core.planparse.parser import parse_plan

            doc = parse_plan(text)
            if args.json:
                from plantrack.core.planparse.serialize import to_contract_json

                out = json.dumps(to_contract_json(doc), ensure_ascii=False, indent=1) + "\n"
            else:
                out = summary(doc)
    except _UsageError as exc:
        print(f"plantrack parse: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except PlanParseError as exc:
        print(f"plantrack parse: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return EXIT_ERROR
    _write(out)
    return 0


def _annual_targets(text: str, *, as_json: bool) -> str:
    from plantrack.core.planparse.annual_targets import parse_annual_targets
    from plantrack.core.planparse.serialize import annual_targets_json

    items = parse_annual_targets(text)
    if not items:
        raise PlanParseError("no annual targets (今年…主要预期目标) found in the report")
    if as_json:
        return json.dumps(annual_targets_json(items), ensure_ascii=False, indent=1) + "\n"
    lines = [f"年度目标 {len(items)} 项"]
    for t in items:
        if t.qualitative or t.value is None:
            lines.append(f"  {t.subject}  定性：{t.quote}")
            continue
        value = figure_text(t.value) + (f"–{figure_text(t.value_max)}" if t.value_max is not None else "")
        lines.append(f"  {t.subject}  {t.comparator} {value}{t.unit or ''}")
    return "\n".join(lines) + "\n"


def summary(doc: PlanDocument) -> str:
    """A readable overview: title, period, counts of each kind of node, and the indicator table."""
    chapters = doc.chapters()
    sections = sum(len(c.sections) for c in chapters)
    lost = sum(1 for b in doc.boxes if not b.heading_found)
    out = [
        doc.title,
        f"规划期 {doc.period[0]}–{doc.period[1]}",
        f"篇 {len(doc.parts)}  章 {len(chapters)}  节 {sections}  专栏 {len(doc.boxes)}"
        + (f"（其中 {lost} 个标题缺失）" if lost else "")
        + f"  主要指标 {len(doc.indicators)}  量化目标 {len(doc.commitments)}",
    ]
    if doc.indicators:
        out.append("")
        out.append("编号\t类别\t指标\t单位\t基期\t目标\t年均/累计\t属性\t类型")
        for r in doc.indicators:
            base = figure_text(r.baseline.value, missing="—") + (f"（{r.baseline.note}）" if r.baseline.note else "")
            target = r.target.text or figure_text(r.target.value, missing="—")
            a = r.annual_or_cumulative
            if a.kind == "cumulative":
                annual = f"[{figure_text(a.value, missing='—')}]"
            elif a.value is not None:
                annual = figure_text(a.value) + (a.qualifier or "")
            else:
                annual = a.text or a.qualifier or "—"
            name = f"{r.parent}：{r.name}" if r.parent else r.name
            out.append(
                f"{r.code}\t{r.category}\t{name}\t{r.unit or ''}\t{base}\t{target}\t{annual}\t{r.attribute}"
                f"\t{r.target_type}"
            )
    return "\n".join(out) + "\n"
