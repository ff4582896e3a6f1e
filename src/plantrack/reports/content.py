"""The wording of a report, once: the snapshot turned into headings, paragraphs, tables and chart slots.

The .docx and the HTML renderers walk the same blocks, so the two formats (and the PDF made from the .docx) say
exactly the same thing. A paragraph with a `key` is drafted text that people may rewrite (its words are then taken
from the report's edits); every other block (facts, tables, charts) is frozen from the snapshot and never edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plantrack.core.figures import percent_text
from plantrack.core.numerals import chinese_number

LAGGING = ("滞后", "严重滞后")
GOOD = ("已完成", "超前", "符合预期")


@dataclass(frozen=True)
class Block:
    # "title" | "meta" | "heading" | "paragraph" | "table" | "chart" | "note" | "signature" | "annex"
    kind: str
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    status_column: int | None = None
    chart: str = ""  # "status_counts" | "pace"
    widths: list[float] = field(default_factory=list)  # column widths in cm for print; empty: fit the page
    level: int = 1  # headings: 1 一、 (黑体), 2 （一） (楷体), 3 1. (仿宋 bold)
    key: str = ""  # an editable paragraph's name inside its report; "" for frozen text
    edited: bool = False
    annex: str = ""  # a table that is also offered as an .xlsx annex: its file name stem


def _code_key(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def _counts_sentence(counts: list[dict[str, Any]]) -> str:
    parts = [f"{row['status']}{row['count']}项" for row in counts if row["count"]]
    return "、".join(parts) if parts else "尚无评估结果"


def report_blocks(snapshot: dict[str, Any], texts: dict[str, str] | None = None) -> list[Block]:
    """The whole report as blocks, in reading order; `texts` holds people's wording of editable paragraphs."""
    texts = texts or {}
    blocks = [Block("title", snapshot["title"]), Block("meta", _meta_line(snapshot))]
    if snapshot["kind"] == "briefing":
        sections = _briefing_sections(snapshot)
    else:
        sections = _evaluation_sections(snapshot)
    for number, (heading, body) in enumerate(sections, start=1):
        blocks.append(Block("heading", f"{chinese_number(number)}、{heading}", level=1))
        blocks.extend(body)
    if snapshot["kind"] != "briefing":
        blocks.extend(_annexes(snapshot))
    blocks.append(Block("note", _method_note(snapshot)))
    blocks.append(Block("signature", snapshot.get("issuer", "")))
    resolved = []
    for block in blocks:
        if block.key and block.key in texts:
            block = Block(block.kind, texts[block.key], key=block.key, edited=True)
        resolved.append(block)
    return resolved


def editable_paragraphs(snapshot: dict[str, Any], texts: dict[str, str] | None = None) -> list[Block]:
    """The paragraphs people may rewrite, in reading order (with their current wording)."""
    return [b for b in report_blocks(snapshot, texts) if b.key]


def _meta_line(snapshot: dict[str, Any]) -> str:
    if snapshot.get("data_as_of"):
        basis = f"依据截至{snapshot['data_as_of']}已审核的数据"
    else:  # a snapshot taken before `data_as_of` existed reads as it did (a 定稿 never changes)
        basis = f"依据{snapshot['generated_at']}已审核的数据"
    line = f"{snapshot['unit']['name']} · 截至{snapshot['as_of_label']} · {basis}"
    if snapshot["simulated"]:
        line += " · 含演示用模拟数据，并非统计部门发布的数字"
    return line


def _drafted(key: str, text: str) -> Block:
    return Block("paragraph", text, key=key)


def _facts(text: str) -> Block:
    return Block("paragraph", text)


# -- 中期评估 / 总结评估 ---------------------------------------------------------------------------------------------

def _evaluation_sections(snapshot: dict[str, Any]) -> list[tuple[str, list[Block]]]:
    return [
        ("总体评价", _overview(snapshot)),
        ("主要指标完成情况", _main_indicators(snapshot)),
        ("分领域进展", _parts(snapshot)),
        ("存在问题", _problems(snapshot)),
        ("下一步建议", _recommendations(snapshot)),
    ]


def _judged_sentence(snapshot: dict[str, Any]) -> str:
    """How the targets without a number were decided, so no reader mistakes them for computed ones."""
    by = snapshot.get("judged_by_source") or {}
    labels = (("assigned", "按国家下达的年度目标评估"), ("in_step", "与所对照指标同步比较"),
              ("manual", "人工研判（已审核）"))
    parts = [f"{label}{by[key]}项" for key, label in labels if by.get(key)]
    return f"规划未给出数值的目标中，{'、'.join(parts)}。" if parts else ""


def _overview(snapshot: dict[str, Any]) -> list[Block]:
    rows = snapshot["indicators"]
    binding = [r for r in rows if r["attribute"] == "约束性"]
    expected = [r for r in rows if r["attribute"] != "约束性"]
    statuses = [c["status"] for c in snapshot["counts"]]
    table = Block(
        "table",
        header=["评估状态", "约束性指标", "预期性指标", "合计"],
        rows=[[s, str(sum(r["status"] == s for r in binding)), str(sum(r["status"] == s for r in expected)),
               str(sum(r["status"] == s for r in rows))] for s in statuses]
        + [["合计", str(len(binding)), str(len(expected)), str(len(rows))]],
        status_column=0, widths=[4.0, 3.8, 3.8, 4.0],
    )
    binding_counts = [{"status": s, "count": sum(r["status"] == s for r in binding)} for s in statuses]
    overall = snapshot["overall"]
    tasks, projects = overall["tasks"], overall["projects"]
    text = (
        f"纳入评估的主要指标{snapshot['total']}项。截至{snapshot['judged_label']}末，"
        f"约束性指标{len(binding)}项：{_counts_sentence(binding_counts)}；"
        f"全部指标：{_counts_sentence(snapshot['counts'])}。"
    )
    text += _judged_sentence(snapshot)
    national = _national_wording(rows)
    if national:
        text += f"按国家规划中期评估的表述：{national}。"
    if tasks["total"]:
        text += f"分工方案重点任务{tasks['total']}项，已完成{tasks['done']}项，逾期未完成{tasks['overdue']}项。"
    if projects["count"]:
        text += f"重大项目{projects['count']}个，总投资{projects['total_wan']}万元，"
        text += f"累计完成投资{projects['completed_wan']}万元"
        if projects["due_to_start"]:
            text += f"，应开工{projects['due_to_start']}个、已开工{projects['started']}个"
        text += "。"
    lagging = [r for r in rows if r["status"] in LAGGING]
    if lagging:
        text += "需要重点关注的是" + "、".join(f"{r['name']}（{r['status']}）" for r in lagging) + "。"
    blocks = [Block("heading", "（一）主要指标总体情况", level=2), table, _drafted("overview", text),
              Block("chart", chart="status_counts")]
    unassessable = snapshot["unassessable"]
    blocks.append(Block("heading", f"（二）无法评估的指标（{len(unassessable)}项）", level=2))
    if unassessable:
        blocks.append(Block(
            "table", header=["编码", "指标", "属性", "无法评估的原因"],
            rows=[[u["code"], u["name"], u["attribute"], u["reason"]] for u in unassessable],
            widths=[1.3, 4.2, 1.6, 8.5],
        ))
    else:
        blocks.append(_facts("所有主要指标均已作出评估。"))
    missing = snapshot.get("missing_target_year") or []
    if snapshot["kind"] == "final":
        end = snapshot["plan"]["period"][1]
        blocks.append(Block("heading", f"（三）目标年（{end}年）数据", level=2))
        if missing:
            blocks.append(_facts(
                f"总结评估需要{end}年数据，以下{len(missing)}项指标尚缺：" + "；".join(
                    f"{m['code']} {m['name']}"
                    + (f"（最新数据为{m['latest_year']}年）" if m["latest_year"] else "（尚无数据）")
                    for m in missing
                ) + "。这些指标的结论以最新数据为据，待目标年数据审核后应重新评估。"
            ))
        else:
            blocks.append(_facts(f"所有主要指标均有{end}年数据。"))
    return blocks


def _national_wording(rows: list[dict[str, Any]]) -> str:
    """The verdicts in the national mid-term evaluation's words (DESIGN.md): 提前实现 = 已完成, 快于预期 = 超前,
    基本符合预期 = 符合预期, 滞后 = 滞后 or 严重滞后; 无法评估 has no national word and is counted apart."""
    groups = [("提前实现", ("已完成",)), ("快于预期", ("超前",)), ("基本符合预期", ("符合预期",)),
              ("滞后", ("滞后", "严重滞后"))]
    counts = [(word, sum(r["status"] in statuses for r in rows)) for word, statuses in groups]
    return "、".join(f"{word}{n}项" for word, n in counts if n)


def _main_indicators(snapshot: dict[str, Any]) -> list[Block]:
    rows = sorted(snapshot["indicators"], key=lambda r: _code_key(r["code"]))  # 专栏1's order
    lagging = [r for r in rows if r["status"] in LAGGING]
    ahead = [r for r in rows if r["status"] in ("已完成", "超前")]
    text = f"截至{snapshot['judged_label']}末，规划时序进度{percent_text(snapshot.get('plan_elapsed'))}。"
    text += ("提前实现或快于预期的有" + "、".join(r["name"] for r in ahead) + "；") if ahead else ""
    if lagging:
        text += "进度滞后的有" + "、".join(f"{r['name']}（{r['status']}）" for r in lagging) + "。"
    else:
        text += "没有进度滞后的指标。"
    blocks = [_drafted("indicators", text), main_indicator_table(rows), Block("chart", chart="pace")]
    if snapshot.get("previous_year_judged"):
        changes = snapshot["changes"]
        if changes:
            blocks.append(_facts(f"与{snapshot['compared_to_label']}相比，{len(changes)}项指标评估状态发生变化："
                                 + "；".join(f"{c['name']}由{c['from']}变为{c['to']}" for c in changes) + "。"))
        else:
            blocks.append(_facts(f"与{snapshot['compared_to_label']}相比，各指标评估状态没有变化。"))
    return blocks


def main_indicator_table(rows: list[dict[str, Any]], annex: str = "") -> Block:
    return Block(
        "table",
        header=["编码", "类别", "指标（单位）", "属性", "基期值", "目标", "最新值", "时序进度", "完成进度", "评估状态",
                "今后需年均"],
        rows=[
            [
                row["code"], row["category"] or "—",
                f"{row['name']}（{row['unit']}）" if row["unit"] else row["name"], row["attribute"],
                row["baseline"], row["target"],
                (f"{row['latest_value']}（{row['latest_year']}年）" if row["latest_value"] else "—"),
                percent_text(row["elapsed"]), percent_text(row["completion"]), row["status"],
                _required(row),
            ]
            for row in rows
        ],
        status_column=9,
        widths=[0.9, 1.2, 2.7, 1.0, 1.6, 1.7, 1.6, 1.1, 1.1, 1.2, 1.4],
        annex=annex,
    )


def _required(row: dict[str, Any]) -> str:
    from plantrack.reports.evaluation import required_clause

    clause = required_clause(row["explanation"])
    return clause.split("需年均", 1)[1] if clause else "—"


def _parts(snapshot: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    if not snapshot["parts"]:
        return [_facts("规划纲要未分篇章，无法按领域汇总。")]
    for number, part in enumerate(snapshot["parts"], start=1):
        title = f"（{chinese_number(number)}）{part['label']} {part['title']}".replace("  ", " ")
        blocks.append(Block("heading", title, level=2))
        facts = []
        indicators = part["indicators"]
        if indicators:
            facts.append("相关主要指标" + "、".join(f"{i['name']}（{i['status']}）" for i in indicators))
        c = part["commitments"]
        if c["total"]:
            facts.append(f"量化目标{c['total']}项，已实现{c['reached']}项、进度正常{c['on_track']}项、"
                         f"滞后{c['lagging']}项、未纳入监测{c['not_monitored']}项")
        t = part["tasks"]
        if t["total"]:
            facts.append(f"重点任务{t['total']}项，已完成{t['done']}项（{percent_text(t['share_done'])}），"
                         f"逾期未完成{t['overdue']}项")
        p = part["projects"]
        if p["count"]:
            facts.append(
                f"重大项目{p['count']}个，总投资{p['total_wan']}万元，年度计划投资{p['annual_plan_wan']}万元，"
                f"累计完成投资{p['completed_wan']}万元（占总投资{percent_text(p['completed_share'])}）"
                + (f"，开工率{percent_text(p['start_rate'])}（应开工{p['due_to_start']}个、已开工{p['started']}个）"
                   if p["due_to_start"] else "")
                + f"，前期手续未办结{p['open_procedures']}个"
            )
        blocks.append(_facts("；".join(facts) + "。" if facts else "本篇尚无纳入监测的指标、量化目标、任务和项目。"))
        if facts:
            blocks.append(_drafted(f"part-{part['number']}", _part_judgement(part)))
    leads = snapshot["overall"].get("lead_units") or []
    if leads:
        number = chinese_number(len(snapshot["parts"]) + 1)
        blocks.append(Block("heading", f"（{number}）厅局和盟市推进任务情况", level=2))
        blocks.append(Block(
            "table", header=["牵头单位", "类型", "牵头任务", "已完成", "逾期未完成"],
            rows=[[u["name"], u["kind"], str(u["total"]), str(u["done"]), str(u["overdue"])] for u in leads],
            widths=[5.2, 2.6, 2.6, 2.6, 2.6],
        ))
        behind = [u for u in leads if u["overdue"]]
        text = ("、".join(f"{u['name']}（逾期{u['overdue']}项）" for u in behind) + "牵头的任务有逾期，需加快推进。") \
            if behind else "各牵头单位的任务均未逾期。"
        blocks.append(_drafted("lead-units", text))
    return blocks


def _part_judgement(part: dict[str, Any]) -> str:
    lagging = [i for i in part["indicators"] if i["status"] in LAGGING]
    t, p, c = part["tasks"], part["projects"], part["commitments"]
    good = [i for i in part["indicators"] if i["status"] in GOOD]
    if lagging or t["overdue"] or c["lagging"]:
        pieces = []
        if lagging:
            pieces.append("、".join(i["name"] for i in lagging) + "进度滞后")
        if t["overdue"]:
            pieces.append(f"{t['overdue']}项任务逾期")
        if c["lagging"]:
            pieces.append(f"{c['lagging']}项量化目标滞后")
        text = "本领域总体推进，但" + "，".join(pieces) + "，需加力推进。"
    elif good:
        text = "本领域相关指标进展正常，任务和项目按计划推进。"
    else:
        text = "本领域已部署任务和项目，相关成效尚待数据反映。"
    if p["count"] and p["open_procedures"]:
        text += f"{p['open_procedures']}个项目前期手续尚未办结，应加快办理。"
    return text


def _problems(snapshot: dict[str, Any]) -> list[Block]:
    items = snapshot["problems"]
    if not items:
        return [_drafted("problems-none", "从截至目前的数据看，主要指标、重点任务和重大项目没有明显滞后。")]
    return [_drafted(f"problem-{n}", f"{n}. {item['text'].rstrip('。')}（依据：{item['evidence']}）。")
            for n, item in enumerate(items, start=1)]


def _recommendations(snapshot: dict[str, Any]) -> list[Block]:
    items = snapshot["recommendations"]
    blocks = [_drafted("advice", "对照规划目标和跨年度平衡要求，下一步应聚焦滞后指标和逾期任务，压实牵头单位责任。")]
    blocks += [_drafted(f"advice-{n}", f"{n}. {item['text']}") for n, item in enumerate(items, start=1)]
    overdue = snapshot["overall"]["tasks"]["overdue_items"]
    if overdue:
        units = sorted({t["lead"] for t in overdue})
        blocks.append(_drafted("advice-tasks", f"{len(items) + 1}. 督促{'、'.join(units)}加快推进逾期任务，"
                                               "明确完成时限并按期报送进展。"))
    return blocks


def _annexes(snapshot: dict[str, Any]) -> list[Block]:
    rows = sorted(snapshot["indicators"], key=lambda r: _code_key(r["code"]))
    blocks: list[Block] = [Block("annex", "附表1 主要指标完成情况"), main_indicator_table(rows, annex="附表1-主要指标")]
    prefectures = snapshot["prefectures"]
    blocks.append(Block("annex", "附表2 盟市主要指标评估情况"))
    blocks.append(Block(
        "table", header=["排名", "盟市", "纳入评估指标", "进展正常", "严重滞后", "进展正常占比"],
        rows=[[str(r["rank"]) if r["rank"] else "—", r["name"], str(r["judged"]), str(r["good"]), str(r["serious"]),
               percent_text(r["share_good"])] for r in prefectures["rows"]],
        widths=[1.4, 3.4, 2.8, 2.6, 2.6, 2.8], annex="附表2-盟市排名",
    ))
    indicators = prefectures["indicators"]
    for start in range(0, len(indicators), 5):
        chunk = indicators[start:start + 5]
        blocks.append(Block(
            "table", header=["盟市"] + [f"{i['code']} {i['name']}" for i in chunk],
            rows=[[r["name"]] + [
                (f"{cell['status']} {cell['latest']}" if cell["latest"] else cell["status"] or "—")
                for cell in r["cells"][start:start + 5]
            ] for r in prefectures["rows"]],
            widths=[2.6] + [13.0 / len(chunk)] * len(chunk),
        ))
    blocks.append(Block(
        "note", "排名按纳入评估指标中已完成、超前、符合预期所占比例，其次严重滞后项数少者在前；无法评估的不计。"
    ))
    overall = snapshot["overall"]
    blocks.append(Block("annex", "附表3 规划纲要量化目标跟踪情况"))
    blocks.append(Block(
        "table", header=["章", "量化目标", "完成时限", "跟踪情况"],
        rows=[[f"第{c['chapter']}章", c["quote"], f"{c['deadline']}年" if c["deadline"] else "—",
               c["standing"] + (f"（{c['status']}）" if c["status"] else "")] for c in overall["commitment_rows"]],
        widths=[1.4, 10.0, 1.8, 2.4], annex="附表3-量化目标",
    ))
    blocks.append(Block("annex", "附表4 重大项目推进情况"))
    blocks.append(Block(
        "table", header=["项目名称", "所属地区", "状态", "总投资（万元）", "年度计划（万元）", "累计完成（万元）",
                         "未办结手续"],
        rows=[[p["name"], p["region"], p["status"], p["total_wan"], p["annual_plan_wan"], p["completed_wan"],
               p["open_procedures"]] for p in overall["project_rows"]],
        widths=[4.4, 1.9, 1.1, 2.0, 2.0, 2.0, 2.2], annex="附表4-重大项目",
    ))
    return blocks


# -- 月度研判 ---------------------------------------------------------------------------------------------------

def _briefing_sections(snapshot: dict[str, Any]) -> list[tuple[str, list[Block]]]:
    rows = snapshot["indicators"]
    lagging = [row for row in rows if row["code"] in snapshot["lagging"]]
    # Only indicators reported by month or quarter have a judgement inside the year; the others wait for the year.
    in_year = [row for row in rows if row["assessment_id"] is not None]
    counts = [{"status": c["status"], "count": sum(r["status"] == c["status"] for r in in_year)}
              for c in snapshot["counts"]]
    overview = f"截至{snapshot['as_of_label']}，按月、按季报送的{len(in_year)}项指标按年度目标衡量："
    overview += f"{_counts_sentence(counts)}。" if in_year else "尚无年内数据。"
    five = snapshot.get("five_year")
    if five:
        overview += f"按{five['year']}年末数据评估五年目标：{_counts_sentence(five['counts'])}"
        overview += "（滞后的指标见四）。" if five["lagging"] else "，没有滞后的指标。"
    if lagging:
        overview += "本月需关注" + "、".join(r["name"] for r in lagging) + "。"
    return [
        ("本月总体研判", [_drafted("overview", overview)]),
        ("本月变化", _month_changes(snapshot)),
        ("主要经济运行指标", _operating(snapshot["month"])),
        ("滞后指标", _lagging_list(lagging, five)),
    ]


def _month_changes(snapshot: dict[str, Any]) -> list[Block]:
    month = snapshot["month"]
    lines = []
    changes = snapshot["changes"]
    if changes:
        lines.append("评估状态变化：" + "；".join(f"{c['name']}由{c['from']}变为{c['to']}" for c in changes))
    warnings = month["warnings"]
    if warnings:
        # Grouped by indicator, the most-warned first: what a reader acts on is the indicator, not each unit.
        by_indicator: dict[str, list[str]] = {}
        for w in warnings:
            by_indicator.setdefault(w["name"], []).append(w["unit"])
        ranked = sorted(by_indicator.items(), key=lambda item: -len(item[1]))
        shown = "；".join(
            f"{name}（{'、'.join(units[:2])}" + (f"等{len(units)}个单位" if len(units) > 2 else "") + "）"
            for name, units in ranked[:2]
        )
        lines.append(f"新增预警{len(warnings)}条，涉及{len(by_indicator)}项指标：{shown}"
                     + ("等" if len(ranked) > 2 else ""))
    if month["figures_in"]:
        lines.append(f"本期审核入库数据{month['figures_in']}个，涉及{len(month['indicators_in'])}项指标")
    if month["late"]:
        def owed_by(item: dict[str, Any]) -> str:
            more = f"等{len(item['indicators'])}项" if len(item["indicators"]) > 1 else ""
            return f"{item['unit']}（{item['indicators'][0]}{more}）"

        owed = "、".join(owed_by(item) for item in month["late"][:6]) + ("等" if len(month["late"]) > 6 else "")
        if month.get("overdue"):
            lines.append(f"逾期未报送（截止{month['deadline']}）：{owed}")
        else:
            due = f"（截止{month['deadline']}）" if month.get("deadline") else ""
            lines.append(f"尚未报送{due}：{owed}")
    if month.get("awaiting_review"):
        lines.append(f"已报送待审核数据{month['awaiting_review']}个")
    if month["supervision_opened"] or month["supervision_closed"]:
        lines.append(f"督办事项新开{len(month['supervision_opened'])}项、办结{len(month['supervision_closed'])}项")
    if month["projects_started"]:
        lines.append(f"新开工重大项目{len(month['projects_started'])}个：" + "、".join(month["projects_started"][:5]))
    if not lines:
        return [_facts("本月没有评估状态变化、新增预警、督办和项目开工。")]
    return [_facts(f"{n}. {line}。") for n, line in enumerate(lines, start=1)]


def _operating(month: dict[str, Any]) -> list[Block]:
    rows = month["operating"]
    if not rows:
        return [_facts("本规划没有按月或按季报送的运行指标。")]
    return [Block(
        "table", header=["编码", "指标", "最新累计期", "累计值", "年度目标"],
        rows=[[r["code"], r["name"], r["period"] or "—", f"{r['value']}{r['unit']}" if r["value"] else "未报送",
               r["target"] or "—"] for r in rows],
        widths=[1.3, 6.0, 2.3, 3.0, 3.0],
    )]


def _lagging_list(lagging: list[dict[str, Any]], five: dict[str, Any] | None) -> list[Block]:
    blocks = [_facts(f"{n}. {row['name']}（{row['attribute']}，年内进度）：{_judgement(row)}")
              for n, row in enumerate(lagging, start=1)]
    if five and five["lagging"]:
        # The year's five-year verdicts are in the overview already; here they are named once, by status.
        by_status: dict[str, list[str]] = {}
        for row in five["lagging"]:
            by_status.setdefault(row["status"], []).append(row["name"])
        named = "；".join(f"{status}：{'、'.join(names)}" for status, names in by_status.items())
        blocks.append(_facts(f"{len(blocks) + 1}. 五年目标（按{five['year']}年末数据）{named}"))
    return blocks or [_facts("本月没有进度滞后的指标。")]


def _judgement(row: dict[str, Any]) -> str:
    """The status, then the explanation unless it already opens with the status (无法评估：…)."""
    if row["explanation"].startswith(row["status"]):
        return row["explanation"]
    return f"{row['status']}。{row['explanation']}"


def _method_note(snapshot: dict[str, Any]) -> str:
    t = snapshot["thresholds"]
    if snapshot["kind"] == "briefing":
        # The briefing is read in three minutes on two pages: the bands only; the evaluations explain the method.
        return (f"说明：年内进度按年度目标衡量；五年目标进度比≥{t['ahead']:g}为超前，"
                f"{t['on_track']:g}～{t['ahead']:g}为符合预期，{t['lagging']:g}～{t['on_track']:g}为滞后，"
                f"低于{t['lagging']:g}为严重滞后。")
    return (
        "说明：时序进度为规划期已过时间的比例；进度比 = 完成进度 ÷ 时序进度（年均增速类为 实际年均增速 ÷ 目标增速）。"
        f"进度比≥{t['ahead']:g}为超前，{t['on_track']:g}～{t['ahead']:g}为符合预期，"
        f"{t['lagging']:g}～{t['on_track']:g}为滞后，低于{t['lagging']:g}为严重滞后；已达到目标为已完成；"
        "缺少数据、基期或目标为定性表述的为无法评估。文中数字和表格取自生成时冻结的评估结果。"
    )
