"""The wording of a report, once: the snapshot turned into headings, paragraphs, tables and chart slots.

The .docx and the HTML renderers walk the same blocks, so the two formats (and the PDF made from the .docx) say
exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plantrack.core.numerals import chinese_number


@dataclass(frozen=True)
class Block:
    kind: str  # "title" | "meta" | "heading" | "paragraph" | "table" | "chart" | "note"
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    status_column: int | None = None
    chart: str = ""  # "status_counts" | "pace"
    widths: list[float] = field(default_factory=list)  # column widths in cm for print; empty: fit the page


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


def _counts_sentence(snapshot: dict[str, Any]) -> str:
    parts = [f"{row['status']}{row['count']}项" for row in snapshot["counts"] if row["count"]]
    return "，".join(parts) if parts else "尚无评估结果"


def report_blocks(snapshot: dict[str, Any]) -> list[Block]:
    """The whole report as blocks, in reading order."""
    blocks = [Block("title", snapshot["title"]), Block("meta", _meta_line(snapshot))]
    sections = _briefing_sections(snapshot) if snapshot["kind"] == "briefing" else _evaluation_sections(snapshot)
    for number, (heading, body) in enumerate(sections, start=1):
        blocks.append(Block("heading", f"{chinese_number(number)}、{heading}"))
        blocks.extend(body)
    blocks.append(Block("note", _method_note(snapshot)))
    return blocks


def _meta_line(snapshot: dict[str, Any]) -> str:
    line = (
        f"{snapshot['unit']['name']} · 截至{snapshot['as_of_label']} · 生成于{snapshot['generated_at']}"
        " · 依据生成时已审核的数据"
    )
    if snapshot["simulated"]:
        line += " · 含演示用模拟数据，并非统计部门发布的数字"
    return line


def _evaluation_sections(snapshot: dict[str, Any]) -> list[tuple[str, list[Block]]]:
    rows = snapshot["indicators"]
    overview = (
        f"纳入评估的主要指标{snapshot['total']}项。截至{snapshot['judged_label']}末：{_counts_sentence(snapshot)}。"
        f"约束性指标{snapshot['binding_total']}项，其中滞后{snapshot['binding_lagging']}项。"
    )
    lagging = [row for row in rows if row["code"] in snapshot["lagging"]]
    binding = [row for row in rows if row["attribute"] == "约束性"]
    unassessable = [row for row in rows if row["status"] == "无法评估"]
    return [
        ("总体情况", [Block("paragraph", overview), Block("chart", chart="status_counts")]),
        ("主要指标完成情况", [_indicator_table(rows), Block("chart", chart="pace")]),
        ("约束性指标", [_indicator_paragraph(row) for row in binding]
         or [Block("paragraph", "本规划未设约束性指标。")]),
        ("滞后指标及需要关注的问题", _lagging_blocks(lagging)),
        ("评估状态变化", _change_blocks(snapshot)),
        ("量化目标跟踪", _commitment_blocks(snapshot)),
        ("无法评估的指标", [_indicator_paragraph(row) for row in unassessable] or [Block("paragraph", "无。")]),
    ]


def _briefing_sections(snapshot: dict[str, Any]) -> list[tuple[str, list[Block]]]:
    rows = snapshot["indicators"]
    overview = (
        f"截至{snapshot['as_of_label']}，按年度目标衡量的年内进度：{_counts_sentence(snapshot)}；"
        f"未确认的预警{snapshot['open_warnings']}条。"
    )
    lagging = [row for row in rows if row["code"] in snapshot["lagging"]]
    table = Block(
        "table",
        header=["编码", "指标", "属性", "评估期", "累计值", "年内进度", "五年目标（上年末）", "说明"],
        rows=[
            [row["code"], row["name"], row["attribute"], row["period"] or "—", row["latest_value"] or "—",
             row["status"], row.get("year_status") or "—", row["explanation"]]
            for row in rows
        ],
        status_column=5,
        widths=[1.1, 3.2, 1.3, 1.5, 1.6, 1.6, 1.8, 5.3],
    )
    return [
        ("本期概况", [Block("paragraph", overview), Block("chart", chart="status_counts")]),
        ("状态变化", _change_blocks(snapshot)),
        ("滞后指标", _lagging_blocks(lagging)),
        ("年度目标进度表", [table]),
    ]


def _indicator_table(rows: list[dict[str, Any]]) -> Block:
    return Block(
        "table",
        header=["编码", "指标（单位）", "属性", "基期值", "目标值", "最新值", "时序进度", "完成进度", "评估状态"],
        rows=[
            [
                row["code"], f"{row['name']}（{row['unit']}）" if row["unit"] else row["name"], row["attribute"],
                row["baseline"], row["target"],
                (f"{row['latest_value']}（{row['latest_year']}年）" if row["latest_value"] else "—"),
                percent(row["elapsed"]), percent(row["completion"]), row["status"],
            ]
            for row in rows
        ],
        status_column=8,
        widths=[1.1, 3.6, 1.5, 2.1, 2.1, 2.1, 1.4, 1.4, 1.8],
    )


def _judgement(row: dict[str, Any]) -> str:
    """The status, then the explanation unless it already opens with the status (无法评估：…)."""
    if row["explanation"].startswith(row["status"]):
        return row["explanation"]
    return f"{row['status']}。{row['explanation']}"


def _indicator_paragraph(row: dict[str, Any]) -> Block:
    return Block("paragraph", f"{row['code']} {row['name']}：{_judgement(row)}")


def _lagging_blocks(rows: list[dict[str, Any]]) -> list[Block]:
    if not rows:
        return [Block("paragraph", "没有滞后的指标。")]
    blocks = []
    for row in rows:
        text = f"{row['code']} {row['name']}（{row['attribute']}）：{_judgement(row)}"
        if row["gap_points"] is not None:
            text += f"。完成进度落后时序进度{row['gap_points']:g}个百分点"
        if row["disagreement"]:
            text += f"。{row['disagreement']}"
        behind = row["units_behind"]
        if behind:
            names = "、".join(f"{u['name']}（{u['status']}）" for u in behind)
            text += f"。{row['units_judged']}个盟市中滞后的有{len(behind)}个：{names}"
        blocks.append(Block("paragraph", text.rstrip("。") + "。"))
    return blocks


def _change_blocks(snapshot: dict[str, Any]) -> list[Block]:
    changes = snapshot["changes"]
    if not changes:
        return [Block("paragraph", f"与{snapshot['compared_to_label']}相比，各指标评估状态没有变化。")]
    return [
        Block("paragraph", f"与{snapshot['compared_to_label']}相比，{len(changes)}项指标评估状态发生变化："),
        Block(
            "table", header=["编码", "指标", "原状态", "现状态"],
            rows=[[c["code"], c["name"], c["from"], c["to"]] for c in changes], status_column=3,
        ),
    ]


def _commitment_blocks(snapshot: dict[str, Any]) -> list[Block]:
    c = snapshot["commitments"]
    text = (
        f"规划纲要正文和专栏提出量化目标{c['total']}项，分布在{c['chapters']}章，"
        f"其中明确完成时限的{c['with_deadline']}项；已作为指标纳入监测的{len(c['tracked'])}项。"
    )
    blocks = [Block("paragraph", text)]
    if c["tracked"]:
        blocks.append(Block(
            "table", header=["章", "量化目标", "指标编码", "评估状态"],
            rows=[[f"第{t['chapter']}章", t["quote"], t["indicator_code"], t["status"]] for t in c["tracked"]],
            status_column=3,
        ))
    return blocks


def _method_note(snapshot: dict[str, Any]) -> str:
    t = snapshot["thresholds"]
    return (
        "说明：时序进度按最新数据所在年份计算；进度比 = 完成进度 ÷ 时序进度（年均增速类为 实际年均增速 ÷ 目标增速）。"
        f"进度比≥{t['ahead']:g}为超前，{t['on_track']:g}～{t['ahead']:g}为符合预期，"
        f"{t['lagging']:g}～{t['on_track']:g}为滞后，低于{t['lagging']:g}为严重滞后；已达到目标为已完成；"
        "缺少数据、基期或目标为定性表述的为无法评估。本报告生成后不再随数据修改而变化。"
    )
