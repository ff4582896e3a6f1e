"""Quantitative commitments (量化目标) in a plan's prose and boxes: each clause that sets a figure to reach, keep,
add, exceed or stay under, with its subject, comparator, deadline and place in the plan.

Rules (the hand-labelled tests in tests/core/planparse/labels/ follow the same ones):

- A commitment is a figure with a unit in a forward-looking clause. Past achievements are not: sections whose title
  names them (发展成就, 回顾 …), sentences that look back (…以来, 过去…, a previous plan period such as “十四五”时期)
  and clauses in the perfect ("达到了", "累计完成了").
- Names, labels and codes are not: figures inside quotation marks (“1571”, “15分钟”就业服务圈), figures glued to Latin
  letters (5G, 4F级, G110), figures followed by a class word (千亿级, 第二批, 80周年), ordinals (第…), hotlines
  and other bare numbers with no target verb before them (12345 热线), dates (2030年, 2026年举办) and
  durations that are not bounded (延长30年, 1小时交通圈).
- Scopes are not: ages (3岁以下, 0—6岁) and thresholds that qualify a noun (城区人口10万以上旗县).
- The main-indicator table is parsed elsewhere: lines of the box holding `doc.indicators`, and tab-separated
  table rows, are skipped.
- Comparator: a range ("4.5%—5%") gives "range"; 以上/不低于/不少于/超过/突破 give ">="; 以下/以内/不超过/
  控制在 give "<="; 左右/约 give "~"; an addition (新增, 累计, 新建, 提高5个百分点, 寿命提高1岁) gives "+";
  otherwise (达到, 稳定在, 提高到, a plain count) "=". A 左右 closing a 、-list of figures in one unit covers them all.
- Subject: the words before the figure without the level verb (达到, 稳定在 …) but with a change verb (年均增长,
  下降), or the noun after the figure when the figure is a verb's object ("发现100处以上找矿靶区" → 找矿靶区).
- Deadline: the nearest deadline before the figure in the same sentence: 到“十五五”末 / “十五五”期间 → the last year
  of that five-year plan (2030 for the 15th); 到2027年 → 2027; 2030年前 → 2030. A figure whose sentence states no
  deadline gets None (a recurring "每年…" figure usually has none); consumers read None as "within the plan period".
- The quote is the clause (between ，；：。) holding the figure, clipped to the figure's own line so it is always a
  verbatim substring of `doc.lines[line - 1]`; the subject may borrow from the previous line when the PDF wrapped
  the sentence there.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from plantrack.core.numerals import parse_chinese_number
from plantrack.core.units import is_percent_unit

from .model import Commitment, PlanDocument
from .numbers import Quantity, find_quantities
from .vocabulary import FIRM_BOUND_WORDS, five_year_plan_end

__all__ = ["find_commitments"]

_SENTENCE_END = "。！？!?"
_CLAUSE_END = "，,；;：:。！？!?"
_LINE_END_PUNCT = "。！？!?：:；;"

_ACHIEVEMENT_HEADING = re.compile(r"成就|回顾|过去五年|工作总结")
_PAST_SENTENCE = re.compile(r"以来|过去[一二三四五六七八九十\d]*年|此前|曾经|已经|截至\s*\d{4}\s*年|截至目前")
_PERFECT = re.compile(
    r"(?:达到|实现|完成|突破|超过|增长|提高|提升|建成|取得|获得|成为|形成|增加|减少|下降|降低|累计)了"
)
_PLAN_ORDINAL = r"十([一二三四五六七八九])五"
_DEADLINE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"到\s*[“\"]?{_PLAN_ORDINAL}[”\"]?\s*(?:规划)?(?:期末|时期末|末)"), "plan"),
    (re.compile(rf"[“\"]?{_PLAN_ORDINAL}[”\"]?\s*(?:期间|时期|规划期内|期内)"), "plan"),
    (re.compile(r"(?:到|至|在|于)\s*(\d{4})\s*年(?!\s*(?:的)?(?:基础|水平))"), "year"),
    (re.compile(r"(\d{4})\s*年(?:底|末)?(?:以)?前"), "year"),
    (re.compile(r"到\s*([二〇○零一三四五六七八九]{4})\s*年"), "cn_year"),
)
_PAST_PLAN = re.compile(rf"[“\"]{_PLAN_ORDINAL}[”\"]")
_SENTENCE_START_YEAR = re.compile(r"^\s*(\d{4})\s*年")

# Verbs right before a figure that make even a bare number a target ("系数达到 0.612").
_TARGET_VERBS = (
    "稳定保持在", "提高到", "提升到", "提高至", "提升至", "增加到", "增长到", "增至", "降低到", "降到", "降至",
    "下降到", "减少到", "压缩至", "压缩到", "压减到", "缩短至", "缩短到", "控制在", "稳定在", "保持在", "维持在",
    "不低于", "不少于", "不超过", "不高于", "达到", "达", "超过", "突破", "低于", "高于", "在",
)
_ADDITIVE = re.compile(r"新增|累计|新建|新培育|新引进")
_POINTS_UP = re.compile(r"(?:提高|提升|增加|再增加)\s*$")
_TIME_UNITS = frozenset({"年", "岁", "天", "日", "小时", "分钟", "秒", "ms", "毫秒", "周"})
_BARE_UNITS = frozenset({"", "万", "亿", "万亿"})
_LABEL_AFTER = re.compile(r"^\s*(?:级|型|届|轮|期|代|号|周年|线|路|批次|星|强|连|大|月)")  # 千亿级, 第二轮, 80周年
_SPEC_NOUN_BEFORE = re.compile(r"(?:时速|速度|电压|口径|宽度|深度|高度|长度|半径)\s*$")
_SPEC_UNITS = frozenset({"千伏", "伏"})
_BA_CONSTRUCTION = re.compile(r"[将把]")
_SCOPE_NOUN_BEFORE = re.compile(r"(?:人口|年龄|规模|等级|功率|容量|面积|排量|产能|营收|收入|海拔|半径)\s*$")
_SCOPE_QUALIFIERS = frozenset({"以上", "以下", "及以上", "及以下"})
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEADING_WORDS = re.compile(
    r"^(?:力争|确保|努力|推动|推进|实现|完成|建成|新建|建设|培育|打造|发展|引进|开展|制定|发现|创建|改造|组织"
    r"|选育|选拔|招募|推出|支持|落地|形成|布局|规划建设|规划完成|规划|新增|累计完成|累计|每年|全区|其中|"
    r"分别|使|让|将|把|并|和|及|且|同时|进一步|持续|基本|全面|逐步|稳步|加快|大力|积极|重点|主要|"
    r"取得|提供|设立|创作|遴选|认定|培训|服务|覆盖|达到|保持|稳定|提高|提升|整治|治理|开发|修复|种植|营造|"
    r"分区分类|改造提升|壮大|动员|扶持|"
    r"[\s、]|到\s*[“\"]?十[一二三四五六七八九]五[”\"]?\s*末)+"
)
_TRAILING_WORDS = re.compile(
    r"(?:" + "|".join(sorted((re.escape(v) for v in _TARGET_VERBS), key=len, reverse=True))
    # change verbs (增长, 下降 …) stay: "研发经费投入年均增长" 7% is a rate of change, not a level
    + r"|力争|长期|分别|累计|进一步|要|再|总计|合计|共|新增|[\s，、的])+$"
)
_SUBJECT_MAX = 24
_BUILD_VERB_BEFORE = re.compile(r"(?:建设|建成|培育|打造|新增|引进)\s*$")
_BLANKS = re.compile(r"\s+")
_AFTER_LEAD = re.compile(r"^\s*(?:及以上|及以下|以上|以下|左右|以内)?\s*的?")
_CLAUSE_STOP = re.compile(r"[，；。]")
_AFTER_TAIL = re.compile(r"(?:等|\s)+$")
_BEFORE_LEAD = re.compile(r"^(?:每年|分别|全区|[\s、，])+")
_PURPOSE = re.compile(r"给予|用于|到(?=[\u4e00-\u9fff]{2})")  # "50名左右青年人才给予科研支持" → 青年人才
_LIST_GAP = re.compile(r"、[^，。；、：\d]{0,8}")
_SPLITTERS: dict[str, re.Pattern[str]] = {}  # filled below, once per set of stop characters
# A sentence can hold a commitment only with an Arabic figure or a Chinese numeral right after a target verb.
_HAS_DIGIT = re.compile(r"[0-9０-９]")
_CN_FIGURE = re.compile(r"(?:达到|建设|建成|培育|打造|新增|引进|突破|超过)[零〇一二两三四五六七八九十百千万亿]")
_WRAPPED_MIN = 25
_ITEM_TITLE_MAX = 30
_ITEM_LABEL = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]|^[一二三四五六七八九十]+、")


for _stops in (_SENTENCE_END, _CLAUSE_END, "、"):
    _SPLITTERS[_stops] = re.compile("[^" + re.escape(_stops) + "]+")


@dataclass
class _Paragraph:
    """Lines the PDF wrapped inside one sentence, joined, with where each line starts in the joined text."""

    text: str
    lines: list[int]  # 1-based line numbers
    starts: list[int]

    def index_at(self, offset: int) -> int:
        index = 0
        for i, start in enumerate(self.starts):
            if start <= offset:
                index = i
        return index

    def span(self, index: int) -> tuple[int, int]:
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.starts[index], end


def find_commitments(doc: PlanDocument) -> list[Commitment]:
    """Every quantitative commitment in `doc`'s body (prose and boxes), in document order.

    Uses `doc.lines` and `doc.locate(line)`; the structure (parts, boxes, indicators) must already be filled in.
    """
    skip = _skipped_lines(doc)
    found: list[Commitment] = []
    for para in _paragraphs(doc, skip):
        found.extend(_paragraph_commitments(doc, para))
    return found


def _skipped_lines(doc: PlanDocument) -> set[int]:
    """Headings, the indicator table's box and sections that recount past achievements."""
    skip: set[int] = set()
    for part in doc.parts:
        skip.add(part.line_start)
        for ch in part.chapters:
            skip.add(ch.line_start)
            if _ACHIEVEMENT_HEADING.search(ch.title):
                skip.update(range(ch.line_start, ch.line_end + 1))
            for sec in ch.sections:
                skip.add(sec.line_start)
                if _ACHIEVEMENT_HEADING.search(sec.title):
                    skip.update(range(sec.line_start, sec.line_end + 1))
    table_lines = {n for row in doc.indicators for n in range(row.line_start, row.line_end + 1)}
    for box in doc.boxes:
        if box.heading_found:
            skip.add(box.line_start)
        if table_lines and any(box.line_start <= n <= box.line_end for n in table_lines):
            skip.update(range(box.line_start, box.line_end + 1))
        for item in box.items:
            # an item's title line ("（一）黄河“几字弯”攻坚战"); a long item line also carries the item's text
            if 0 < item.line <= len(doc.lines) and len(doc.lines[item.line - 1].strip()) <= _ITEM_TITLE_MAX:
                skip.add(item.line)
    skip.update(table_lines)
    return skip


def _paragraphs(doc: PlanDocument, skip: set[int]) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    chapters = doc.chapters()
    if not chapters:
        return paragraphs
    body = range(chapters[0].line_start, chapters[-1].line_end + 1)
    for number in body:
        raw = doc.lines[number - 1] if number <= len(doc.lines) else ""
        text = raw.rstrip("\r\n")
        stripped = text.strip()
        if not stripped:
            continue
        if number in skip or stripped.count("\t") >= 3:
            current = None
            continue
        if current is not None and _wraps(current.text):
            current.starts.append(len(current.text))
            current.lines.append(number)
            current.text += text
            continue
        current = _Paragraph(text=text, lines=[number], starts=[0])
        paragraphs.append(current)
    return paragraphs


def _wraps(paragraph: str) -> bool:
    """Whether the PDF cut the paragraph read so far mid-sentence: prose (long, or with a comma in it) that ends
    without closing punctuation. A short title without punctuation never runs on into the next line."""
    stripped = paragraph.strip()
    if stripped[-1] in _LINE_END_PUNCT or _ITEM_LABEL.match(stripped):
        return False
    return len(stripped) >= _WRAPPED_MIN or any(mark in stripped for mark in "，,。；")


def _spans(text: str, start: int, end: int, stops: str) -> list[tuple[int, int]]:
    """The pieces of text[start:end] between any of the `stops` characters."""
    pattern = _SPLITTERS.get(stops)
    if pattern is None:
        pattern = _SPLITTERS[stops] = re.compile("[^" + re.escape(stops) + "]+")
    return [(m.start(), m.end()) for m in pattern.finditer(text, start, end)]


def _deadlines(sentence: str, offset: int) -> list[tuple[int, int]]:
    """(position after the expression, year) for every deadline expression in a sentence."""
    marks: list[tuple[int, int]] = []
    for pattern, kind in _DEADLINE_PATTERNS:
        for m in pattern.finditer(sentence):
            if kind == "plan":
                year = five_year_plan_end(int(parse_chinese_number(m.group(1)) or 0) + 10)
            elif kind == "cn_year":
                year = int(parse_chinese_number(m.group(1)) or 0)
            else:
                year = int(m.group(1))
            marks.append((offset + m.end(), year))
    return sorted(marks)


def _quote_depth_at(text: str, pos: int, start: int) -> int:
    """How many quotation marks (“《「『) are open at `pos`, counting from `start` (the sentence start)."""
    before = text[start:pos]
    opened = before.count("“") + before.count("《") + before.count("「") + before.count("『")
    closed = before.count("”") + before.count("》") + before.count("」") + before.count("』")
    return max(0, opened - closed)


def _looks_past(doc: PlanDocument, sentence: str, deadlines: list[tuple[int, int]]) -> bool:
    """Whether a sentence recounts the past; one that names a deadline in the plan period never does."""
    if any(year >= doc.period[0] for _, year in deadlines):
        return False
    if _PAST_SENTENCE.search(sentence):
        return True
    start_year = _SENTENCE_START_YEAR.match(sentence)
    if start_year and int(start_year.group(1)) < doc.period[0]:
        return True
    for m in _PAST_PLAN.finditer(sentence):
        ordinal = int(parse_chinese_number(m.group(1)) or 0) + 10
        if five_year_plan_end(ordinal) < doc.period[0]:
            return True
    return False


def _is_figure(q: Quantity, text: str, clause_start: int, sentence_start: int) -> bool:
    """False for labels, codes, dates, ordinals, scopes and bare numbers that no target verb introduces."""
    before = text[clause_start:q.start]
    after = text[q.end:q.end + 8]
    prev_char = text[q.start - 1] if q.start else ""
    next_char = text[q.end] if q.end < len(text) else ""
    if prev_char.isascii() and (prev_char.isalpha() or prev_char in "-/."):
        return False  # G110, S26, 400G/800G
    if next_char.isascii() and (next_char.isalpha() or next_char in "/") and not q.unit.endswith("/年"):
        return False  # 5G, 4F级, 5ms/15ms
    if before.rstrip().endswith("第") or _LABEL_AFTER.match(after):
        return False
    if _quote_depth_at(text, q.start, sentence_start):
        return False
    stripped_before = before.rstrip()
    after_verb = stripped_before.endswith(_TARGET_VERBS)
    if q.unit in _BARE_UNITS:
        if not after_verb:
            return False
        if q.unit == "" and 1900 <= q.value <= 2100 and after.lstrip().startswith("年"):
            return False
    if q.unit in _TIME_UNITS:
        if q.unit == "年" and 1900 <= q.value <= 2100:
            return False
        life_expectancy = q.unit == "岁" and "寿命" in before
        if q.unit in {"岁", "周"} and not life_expectancy:
            return False
        if q.comparator != "<=" and not after_verb and not life_expectancy:
            return False
    if q.unit in _SPEC_UNITS or _SPEC_NOUN_BEFORE.search(before):
        return False  # 500千伏主干网架, 时速250公里: a specification, not an amount
    if _BA_CONSTRUCTION.search(before) and not after_verb:
        return False  # 将…2个国家级试点…建成…: the figure names what is acted on
    if q.chinese and q.unit in {"类", "种", "级", "等"}:
        return False  # 一类口岸: a class, not a count
    if q.chinese and not after_verb and not _BUILD_VERB_BEFORE.search(stripped_before):
        return False
    qualifier = q.text[len(q.text.rstrip("以上下及内左右")):]
    if qualifier in _SCOPE_QUALIFIERS and _CJK.match(after[:1] or " ") and _SCOPE_NOUN_BEFORE.search(before):
        return False
    return True


def _comparator(q: Quantity, before: str) -> str:
    if q.comparator == "range":
        return "range"
    if _ADDITIVE.search(before):
        return "+"
    if not (is_percent_unit(q.unit) or q.unit == "‰") and _POINTS_UP.search(before):
        return "+"  # 提高5个百分点, 人均预期寿命提高1岁: an increase by, not a level
    if q.comparator == "=":
        near = before[-8:]
        for word, comp in FIRM_BOUND_WORDS:
            if word in near:
                return comp
    return q.comparator


def _shorten(subject: str) -> str:
    """Keep the head of a long noun phrase: the longest tail after a 的/在/、 that fits, else the last characters."""
    if len(subject) <= _SUBJECT_MAX:
        return subject
    for i, ch in enumerate(subject):
        tail = len(subject) - i - 1
        if ch in "的在、" and 2 <= tail <= _SUBJECT_MAX:
            return subject[i + 1:]
    return subject[-_SUBJECT_MAX:]


def _first_item(text: str) -> str:
    """Text up to the first 、，；。 outside brackets."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "（(“《":
            depth += 1
        elif ch in "）)”》" and depth:
            depth -= 1
        elif ch in "、，；。" and not depth:
            return text[:i]
    return text


def _clean_subject(text: str) -> str:
    for pattern, _ in _DEADLINE_PATTERNS:
        text = pattern.sub("", text)
    text = _BLANKS.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING_WORDS.sub("", text)
        text = _TRAILING_WORDS.sub("", text)
    return text.replace("分别", "").strip("，、的 ")


def _subject(clause_before: str, clause_after: str) -> str:
    """The thing measured: the words before the figure, or the noun after it when the figure is a verb's object.

    "力争发现100处以上找矿靶区" → 找矿靶区; "肉类总产量达到315万吨以上" → 肉类总产量.
    """
    after = _AFTER_LEAD.sub("", clause_after)
    whole = _CLAUSE_STOP.split(after, maxsplit=1)[0]
    if "等" in whole and len(whole.rsplit("等", 1)[1]) >= 2:
        after = whole.rsplit("等", 1)[1]  # "50部音乐、舞蹈…等优秀节目" → 优秀节目
    else:
        after = _first_item(after)
    after = _PURPOSE.split(after, maxsplit=1)[0]  # "到农村牧区…" is where, not what
    after = _AFTER_TAIL.sub("", after)
    before = clause_before.rstrip()
    verb_before = before.endswith(_TARGET_VERBS) or not before or before.endswith("的")
    if len(after) >= 2 and not verb_before and _CJK.match(after[:1]):
        return _shorten(after)
    subject = _clean_subject(clause_before)
    if len(subject) < 2:
        subject = after if len(after) >= 2 else _BEFORE_LEAD.sub("", before)
    return _shorten(subject)


def _paragraph_commitments(doc: PlanDocument, para: _Paragraph) -> list[Commitment]:
    text = para.text
    found: list[Commitment] = []
    marks = [m.start() for m in _HAS_DIGIT.finditer(text)]
    cn_marks = [m.start() for m in _CN_FIGURE.finditer(text)]
    if not marks and not cn_marks:
        return found
    for s_start, s_end in _spans(text, 0, len(text), _SENTENCE_END):
        chinese = _any_between(cn_marks, s_start, s_end)
        if not chinese and not _any_between(marks, s_start, s_end):
            continue
        sentence = text[s_start:s_end]
        deadlines = _deadlines(sentence, s_start)
        if _looks_past(doc, sentence, deadlines):
            continue
        clauses = _spans(text, s_start, s_end, _CLAUSE_END)
        by_clause: dict[tuple[int, int], list[Quantity]] = {}
        for q in find_quantities(sentence, chinese=chinese):
            q_start = q.start + s_start
            clause = next(((a, b) for a, b in clauses if a <= q_start < b), None)
            if clause is None:
                continue
            shifted = Quantity(q.value, q.value_max, q.unit, q.comparator, q_start, q.end + s_start, q.text,
                               q.chinese)
            if _is_figure(shifted, text, clause[0], s_start):
                by_clause.setdefault(clause, []).append(shifted)
        for (c_start, c_end), figures in by_clause.items():
            if _PERFECT.search(text, c_start, c_end):
                continue
            figures = _share_qualifiers(text, figures)
            pieces = _pieces(text, c_start, c_end, figures)
            for i, (q, (p_start, p_end)) in enumerate(zip(figures, pieces, strict=True)):
                commitment = _commitment(doc, para, q, p_start, p_end, c_start, deadlines)
                if not commitment.subject and i:
                    commitment.subject = found[-1].subject  # "分别降低13.5%、18%": the list shares its subject
                found.append(commitment)
    return found


def _any_between(sorted_positions: list[int], start: int, end: int) -> bool:
    i = bisect_left(sorted_positions, start)
    return i < len(sorted_positions) and sorted_positions[i] < end


def _share_qualifiers(text: str, figures: list[Quantity]) -> list[Quantity]:
    """In "3000 名、5000 名左右" (or "教师300名、医生500名左右") the trailing 左右 covers both figures: pass it
    back along a 、-list of figures in one unit."""
    shared = list(figures)
    for i in range(len(shared) - 2, -1, -1):
        q, nxt = shared[i], shared[i + 1]
        if q.comparator == "=" and nxt.comparator in {"~", ">=", "<="} and q.unit == nxt.unit \
                and _LIST_GAP.fullmatch(text[q.end:nxt.start].strip()):
            shared[i] = Quantity(q.value, q.value_max, q.unit, nxt.comparator, q.start, q.end, q.text, q.chinese)
    return shared


def _pieces(text: str, c_start: int, c_end: int, figures: list[Quantity]) -> list[tuple[int, int]]:
    """The quote span per figure: the clause, or its 、-separated piece when the clause lists several figures."""
    if len(figures) <= 1:
        return [(c_start, c_end)] * len(figures)
    parts = _spans(text, c_start, c_end, "、")
    spans = []
    for q in figures:
        own = next(((a, b) for a, b in parts if a <= q.start < b), (c_start, c_end))
        holders = [f for f in figures if own[0] <= f.start < own[1]]
        spans.append(own if len(holders) == 1 else (c_start, c_end))
    # a piece with no verb of its own ("20 处以上可供…") still reads fine: it is the figure and its noun.
    return spans


def _commitment(doc: PlanDocument, para: _Paragraph, q: Quantity, p_start: int, p_end: int, c_start: int,
                deadlines: list[tuple[int, int]]) -> Commitment:
    text = para.text
    index = para.index_at(q.start)
    line = para.lines[index]
    l_start, l_end = para.span(index)
    quote_start, quote_end = max(p_start, l_start), min(p_end, l_end)
    quote = text[quote_start:quote_end].strip()
    before = text[p_start:q.start]
    clause_before = text[c_start:q.start] if p_start == c_start else before
    deadline = None
    for pos, year in deadlines:
        if pos <= q.start:
            deadline = year
    loc = doc.locate(line)
    return Commitment(
        chapter=loc.chapter or 0,
        section=loc.section,
        box=loc.box,
        quote=quote,
        subject=_subject(clause_before, text[q.end:p_end]),
        value=q.value,
        value_max=q.value_max,
        unit=q.unit,
        comparator=_comparator(q, text[c_start:q.start]),
        deadline=deadline,
        line=line,
    )
