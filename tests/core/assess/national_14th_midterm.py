"""The national 14th Five-Year Plan's main indicators at mid-term, as our assessment reads them, beside the verdicts
of the national mid-term evaluation report (国家发展改革委, to the NPC Standing Committee, 2023-12-26).

Every figure carries the address of the stored public page it was read from (only numbers and indicator names are
taken from them). An indicator whose target or yearly figures could not be found in a stored page is left out, in
`EXCLUDED`, with the reason; nothing is filled in from memory.

As of 2022: the report was drawn up in late 2023 from the 2022 annual figures (it sets 2022 against 2020, e.g. the
domestic-demand share of growth, 74.7% → 82.9%: `REPORT_USES_2022`), so every case is judged as of 2022 with the
plan's base year 2020 and target year 2025. Where only a 2021 figure is published, that is the latest value and
时序进度 is counted at 2021 (20%).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AS_OF = 2022
BASE_YEAR = 2020
TARGET_YEAR = 2025

# The report's four words and the statuses each stands for (reports.content._national_wording).
REPORT_CLASSES: dict[str, tuple[str, ...]] = {
    "提前实现": ("已完成",),
    "快于预期": ("超前",),
    "基本符合预期": ("符合预期",),
    "滞后": ("滞后", "严重滞后"),
}

# Where the report's classification was read: 4 提前实现, 5 快于预期, 7 基本符合预期, 4 滞后 of the 20 indicators.
XINHUA = "http://melab.com.tw/uploads/xinwen.asp?5t=Kym.html"  # 新华社 2023-12-26, 陈炜伟、严赋憬 (a copy)
XINHUA_COPY = "http://cppjump.com/?i=NMGbQ.html"  # the same 新华社 text
CAIXIN = "https://finance.caixin.com/m/2023-12-28/102150686.html"  # 财新 2023-12-28: the 4 lagging indicators
REPORT_USES_2022 = "http://58.221.163.238:8082/w.php?ezF6=nuS.html"  # 中新社 2023-12-26: 2020 → 2022 comparisons
CLASSIFICATION_SOURCES = (XINHUA, XINHUA_COPY, CAIXIN)

# Pages that several cases cite.
COMMUNIQUE_2021 = "http://fubaore.com/jingji/20220301/1001119011.html"  # 2021 统计公报: GDP 8.1%, 全员劳动生产率 +8.7%
COMMUNIQUE_2022 = "https://fx168cj.com/article/154746"  # 2022 统计公报: GDP 3.0%, 全员劳动生产率 +4.2%
CCTV_GREEN = "https://news.cctv.com/2021/03/13/ARTIhlStpmAR2XQ6S3WT3qWQ210313.shtml"  # 〔13.5〕〔18〕; 森林 23.04→24.1
OUTLINE_CREATIVE = "http://shlanke.com/a/guoneizixun/2021/0720/274939.html"  # 全员劳动生产率 > GDP; R&D ≥ 7%
OUTLINE_STUDY = "http://m.studyofnet.com/395101513.html"  # 央视《数说十四五》: 高价值发明专利 6.3 → 12, R&D > 7%
OUTLINE_WELFARE = "https://finance.sina.com.cn/jjxw/2021-03-06/doc-ikkntiak5510445.shtml"  # 收入同步, 11.3年, 寿命+1岁
ENV_2020 = "http://eweb.net.cn/article-144393-10.html"  # 生态环境部 2020: 优良天数 87%, 地表水优良 83.4%
HEALTH_2021 = "http://m.odtusol.cn/guonei/20220713/1341453.html"  # 2021 卫生健康统计公报: 寿命 77.93 → 78.2, 医师 3.04
WATER_TARGET = "http://www.dvtln.cn/gd/2022/0125/25681.html"  # 生态环境部 2022-01: 85% target
ATTRIBUTES = "https://www.bjnews.com.cn/detail/161502064915651.html"  # 8 binding, 7 in 绿色生态/安全保障
ATTRIBUTES_GREEN = OUTLINE_STUDY  # 绿色生态 all binding; 粮食、能源综合生产能力 binding


@dataclass(frozen=True)
class NationalCase:
    """One main indicator: how our method reads it, what the report said, and where every figure came from."""

    name: str
    attribute: str  # 预期性 / 约束性
    unit: str
    report: str  # the report's class: 提前实现 / 快于预期 / 基本符合预期 / 滞后
    sources: dict[str, str]  # figure → the page it was read from
    series: dict[str, Any] | None = None  # the `plantrack assess --json` input, for a numeric target
    in_step: tuple[dict[int, float], dict[int, float]] | None = None  # (rates, GDP rates) for a 同步 target
    reason: str = ""  # why our verdict and the report's differ (empty where they agree)
    note: str = ""  # how a figure was read, where that needs saying

    @property
    def baseline(self) -> tuple[int, float] | None:
        b = (self.series or {}).get("baseline") or {}
        return (b["year"], b["value"]) if b.get("value") is not None else None

    @property
    def target(self) -> tuple[int, float, str] | None:
        if self.series is None:
            return None
        t = self.series["target"]
        return t["year"], t["value"], t["comparator"]

    @property
    def observed(self) -> dict[int, float]:
        if self.series is not None:
            return {int(y): v for y, v in self.series["values"].items()}
        assert self.in_step is not None
        return dict(self.in_step[0])


def _series(target_type: str, *, target: float, values: dict[int, float], comparator: str, unit: str,
            baseline: float | None = None, direction: str = "increase", series: str | None = None) -> dict[str, Any]:
    return {
        "target_type": target_type, "direction": direction, "unit": unit, "series": series,
        "baseline": {"year": BASE_YEAR, "value": baseline},
        "target": {"year": TARGET_YEAR, "value": target, "comparator": comparator},
        "values": {str(y): v for y, v in values.items()}, "as_of": AS_OF, "plan_base_year": BASE_YEAR,
    }


GDP_RATES = {2021: 8.1, 2022: 3.0}  # 统计公报 2021 and 2022: the reference for the two 同步 targets

CASES: list[NationalCase] = [
    NationalCase(
        "全员劳动生产率增长", "预期性", "%", "基本符合预期",
        in_step=({2021: 8.7, 2022: 4.2}, GDP_RATES),
        sources={"target 高于GDP增长": OUTLINE_CREATIVE, "2021 8.7 / GDP 8.1": COMMUNIQUE_2021,
                 "2022 4.2 / GDP 3.0": COMMUNIQUE_2022},
        note="a target stated against GDP growth: judged by 同步比较 (assess_in_step), productivity against GDP",
    ),
    NationalCase(
        "常住人口城镇化率", "预期性", "%", "提前实现",
        series=_series("level", baseline=63.89, target=65, comparator=">=", unit="%",
                       values={2021: 64.72, 2022: 65.22}),
        sources={"target 65": "http://www.mubanjia.com/jujiao/2023/0329/11583.html",
                 "2020 63.89": "http://218.28.6.71:81/Qikan/Article/Detail?id=7106886718",
                 "2021 64.72 (+0.83 on 2020)": "http://chinaidr.com/news/2023-02/219979.html",
                 "2022 65.22": "https://yzcslt.com/n/a30475.html"},
        note="baseline is the seventh census's 2020 figure, on which 2021 and 2022 are measured; the outline table "
             "itself was not found in a stored page. The target is reached either way",
    ),
    NationalCase(
        "全社会研发经费投入增长", "预期性", "%", "快于预期",
        series=_series("annual_growth", target=7, comparator=">=", unit="%", values={2021: 14.2, 2022: 10.1}),
        sources={"target >7": OUTLINE_CREATIVE, "target >7 (央视)": OUTLINE_STUDY,
                 "2021 14.2": "https://fx361.cc/page/2022/1117/11072185.shtml",
                 "2022 10.1": "http://odsvflsy.cn/86081.html"},
        note="nominal growth as the statistics bureau reports it (2022 from the 科技经费投入统计公报 of 2023-09, "
             "which the report could use; the February communiqué's first estimate was 10.4)",
    ),
    NationalCase(
        "每万人口高价值发明专利拥有量", "预期性", "件", "快于预期",
        series=_series("level", baseline=6.3, target=12, comparator=">=", unit="件", values={2022: 9.4}),
        sources={"2020 6.3 → 2025 12": OUTLINE_STUDY, "2022 9.4": "http://dangjianhuodong.cn/news/staff_28101.htm"},
    ),
    NationalCase(
        "居民人均可支配收入增长", "预期性", "%", "基本符合预期",
        in_step=({2021: 8.1, 2022: 2.9}, GDP_RATES),
        sources={"target 与GDP增长基本同步": OUTLINE_WELFARE,
                 "2021 8.1 real": "http://sc.people.com.cn/n2/2022/0121/c346366-35105774.html",
                 "2022 2.9 real": "http://www.sqljys.com/fzdt/keji/2023/0117/243554.html",
                 "GDP 2021 8.1": COMMUNIQUE_2021, "GDP 2022 3.0": COMMUNIQUE_2022},
    ),
    NationalCase(
        "城镇调查失业率", "预期性", "%", "基本符合预期",
        series=_series("bound", target=5.5, comparator="<=", unit="%", direction="decrease",
                       values={2021: 5.1, 2022: 5.6}),
        sources={"target <5.5": "https://z.hangzhou.com.cn/2021/qglh/content/content_7923704.html",
                 "2021 5.1 (year's average)": "https://www.10100.com/article/55048934",
                 "2022 5.6 (year's average; December 5.5)":
                     "https://freewechat.com/a/MzA5NjI1ODAzNQ==/2797174616/{{href}}",
                 "2023 5.2 (year's average, published 2024-01-17)":
                     "https://big5.sputniknews.cn/20240117/1056443917.html"},
        reason="2022's average of 5.6% is over the 5.5% line, and a bound is judged on the latest year's figure, "
               "so as of 2022 we say 滞后. The report was written in December 2023, with eleven months of 2023's "
               "monthly rates back near 5.2% (the 2023 average, published in January 2024, was 5.2%); it reads "
               "the line over the period, not on 2022 alone. Judged as of 2023 our method gives 符合预期 too.",
    ),
    NationalCase(
        "劳动年龄人口平均受教育年限", "约束性", "年", "基本符合预期",
        series=_series("level", baseline=10.8, target=11.3, comparator=">=", unit="年",
                       values={2021: 10.82, 2022: 10.93}),
        sources={"2020 10.8": "https://cd.hebei.com.cn/system/2022/10/14/101046676.shtml",
                 "target 11.3": OUTLINE_WELFARE,
                 "2022 10.93; 2021 10.82 (0.11 less)": "http://dzb.jinbaonet.com/yaowen/2023/0118/100091014.html",
                 "attribute (8 binding; 7 in 绿色生态/安全保障)": ATTRIBUTES},
        reason="the statistics bureau's 16–59 series rose 0.13 years in two years, 26% of the 0.5 the target "
               "needs at 40% of the time (pace ratio 0.65): 时序进度 reads it as 滞后, and so does the same "
               "bureau's own 2020 figure of 10.75 (0.18 below 2022; ratio 0.82). The report's 基本符合预期 is a "
               "looser reading of a slow-moving stock (the Ministry of Education's own figure for 2021, 10.9 "
               "(https://www.solidot.org/story?sid=72892), was on pace); by its 时序进度 the report's class is "
               "not the one the figures give.",
        note="2021 is the 2022 figure less the 0.11 the same page gives as the year's rise",
    ),
    NationalCase(
        "每千人口拥有执业（助理）医师数", "预期性", "人", "快于预期",
        series=_series("level", baseline=2.90, target=3.2, comparator=">=", unit="人",
                       values={2021: 3.04, 2022: 3.15}),
        sources={"2020 2.90": "https://www.gilin.com.cn/news/12397395",
                 "target 3.2": "http://m.hbcasj.com/socialgd/10000169/20251020/48921039.html",
                 "2021 3.04": HEALTH_2021, "2022 3.15": "http://www.383tm.com/news/guonei/202310/13/418231.html"},
    ),
    NationalCase(
        "每千人口拥有3岁以下婴幼儿托位数", "预期性", "个", "滞后",
        series=_series("level", baseline=1.8, target=4.5, comparator=">=", unit="个", values={2021: 2.03}),
        sources={"2020 1.8 → 2025 4.5": "https://zs-bk.com/2021-03/21/content_30675836.htm",
                 "2021 2.03 (a copy of a 澎湃新闻 article)": "http://www.lpskbw.com/a/20250915/osusi.html"},
        note="no 2022 figure found: judged on 2021, 时序进度 20%",
    ),
    NationalCase(
        "人均预期寿命", "预期性", "岁", "基本符合预期",
        series=_series("cumulative", baseline=77.93, target=1, comparator=">=", unit="岁", series="level",
                       values={2021: 78.2}),
        sources={"target 〔1〕 (提高1岁)": OUTLINE_WELFARE,
                 "target 〔1〕 and the outline's 77.3 (2019)": "https://freewechat.com/a/MjEwNjI0NzM4MQ==/2670413860/2",
                 "2020 77.93, 2021 78.2": HEALTH_2021},
        reason="one yearly figure only (no 2022 figure was published when the report was written): the 2021 rise "
               "of 0.27 years is 27% of the 〔1〕 in 20% of the time, which our pace ratio (1.35) reads as 超前; the "
               "report does not extrapolate one year's step and calls it 基本符合预期. Against the outline's "
               "printed baseline of 77.3 (the 2019 figure, before the census's 77.93 for 2020) the pace would look "
               "faster still.",
        note="baseline is the census-based 2020 figure the health bulletin measures 2021 against",
    ),
    NationalCase(
        "单位GDP能源消耗降低", "约束性", "%", "滞后",
        series=_series("cumulative", target=13.5, comparator="=", unit="%", direction="decrease",
                       values={2021: 2.7, 2022: 0.1}),
        sources={"target 〔13.5〕": CCTV_GREEN, "2021 2.7": "https://fx361.cc/page/2022/1117/11072185.shtml",
                 "2022 0.1": "http://japanese.china.org.cn/business/txt/2023-03/01/content_85135406.htm",
                 "attribute": ATTRIBUTES_GREEN},
    ),
    NationalCase(
        "单位GDP二氧化碳排放降低", "约束性", "%", "滞后",
        series=_series("cumulative", target=18, comparator="=", unit="%", direction="decrease",
                       values={2021: 3.8, 2022: 0.8}),
        sources={"target 〔18〕": CCTV_GREEN, "2021 3.8": "https://fx361.cc/page/2022/1117/11072185.shtml",
                 "2022 0.8": "http://japanese.china.org.cn/business/txt/2023-03/01/content_85135406.htm",
                 "attribute": ATTRIBUTES_GREEN},
    ),
    NationalCase(
        "地级及以上城市空气质量优良天数比率", "约束性", "%", "滞后",
        series=_series("level", baseline=87.0, target=87.5, comparator=">=", unit="%",
                       values={2021: 87.5, 2022: 86.5}),
        sources={"2020 87.0": ENV_2020,
                 "target 87.5 (as restated in the 十四五新型城镇化实施方案)":
                     "https://news.cnstock.com/news,bwkx-202207-4918683.htm",
                 "2021 87.5": "http://www.cz44.com/html/20220527/148358.html",
                 "2022 86.5": "http://tjhcsty.com/news/news-1146724-1.html", "attribute": ATTRIBUTES_GREEN},
    ),
    NationalCase(
        "地表水达到或好于Ⅲ类水体比例", "约束性", "%", "提前实现",
        series=_series("level", baseline=83.4, target=85, comparator=">=", unit="%",
                       values={2021: 84.9, 2022: 87.9}),
        sources={"2020 83.4 → 2025 85; 2021 84.9": WATER_TARGET, "2020 83.4 (生态环境部)": ENV_2020,
                 "2022 87.9": "http://tjhcsty.com/news/news-1146724-1.html", "attribute": ATTRIBUTES_GREEN},
    ),
    NationalCase(
        "粮食综合生产能力", "约束性", "亿吨", "基本符合预期",
        series=_series("bound", target=6.5, comparator=">=", unit="亿吨", values={2021: 6.8285, 2022: 6.8653}),
        sources={"target 6.5 (a floor)": "https://www2.tvboxnow.com/viewthread.php?action=printable&tid=6713781",
                 "2021 6.8285 (13657亿斤 ÷ 2000)": "https://www1.cs.com.cn/cj2020/202112/t20211207_6225858.html",
                 "2022 6.8653 (68653万吨)": "http://www.claytorial.com/lysc/scfx/xm/202303/t20230301_67603.html",
                 "attribute": ATTRIBUTES_GREEN},
        note="the year's grain output read as the capacity the floor is set on (the bureau publishes no separate "
             "capacity series); 亿斤 and 万吨 are converted to 亿吨 (1亿吨 = 2000亿斤 = 10000万吨)",
    ),
    NationalCase(
        "森林覆盖率", "约束性", "%", "快于预期",
        series=_series("level", baseline=23.04, target=24.1, comparator=">=", unit="%", values={2022: 24.02}),
        sources={"2020 23.04 → 2025 24.1": CCTV_GREEN, "2022 24.02": "https://scholarmate.com/S/C6VkKE",
                 "attribute": ATTRIBUTES_GREEN},
        note="the 2022 figure comes after the third land survey re-measured forest land; it is the figure the "
             "bureau publishes against the target",
    ),
]


@dataclass(frozen=True)
class Excluded:
    name: str
    report: str
    reason: str
    sources: dict[str, str] = field(default_factory=dict)


EXCLUDED: list[Excluded] = [
    Excluded("GDP增长", "基本符合预期",
             "the outline sets no number for the five years (保持在合理区间、各年度视情提出): a 定性 target our core "
             "method reports as 无法评估 unless a year's assigned target is recorded",
             {"target wording": "https://dbsqp.com/user/4/article/item/138009"}),
    Excluded("数字经济核心产业增加值占GDP比重", "快于预期",
             "the target (7.8% in 2020 → 10%) is in a stored page, but no yearly 2021 or 2022 share is",
             {"2020 7.8 → 2025 10": OUTLINE_CREATIVE}),
    Excluded("基本养老保险参保率", "提前实现",
             "the 95% target is in a stored page, but neither the 2020 rate nor a 2021/2022 rate was found",
             {"target 95": "https://m.folksfolks.com/news/2022-01/11/content_30934850.htm"}),
    Excluded("能源综合生产能力", "提前实现",
             "no yearly series of the capacity, and no stored page gives the 2021 or 2022 primary energy output "
             "or the outline's floor"),
]

assert len(CASES) + len(EXCLUDED) == 20
assert len({c.name for c in CASES} | {e.name for e in EXCLUDED}) == 20
