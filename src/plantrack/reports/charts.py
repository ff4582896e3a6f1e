"""The report's charts as PNG images, drawn by matplotlib with a CJK font so Chinese labels never turn into boxes."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from plantrack.core.status_palette import STATUS_COLOURS


class ChartFontMissing(RuntimeError):
    """No CJK font is installed where the settings look for one."""


@lru_cache(maxsize=1)
def _font() -> Any:
    from matplotlib import font_manager

    for candidate in settings.PLANTRACK_CJK_FONTS:
        if Path(candidate).is_file():
            return font_manager.FontProperties(fname=candidate)
    raise ChartFontMissing(
        "找不到中文字体（fonts-wqy-microhei 或 fonts-noto-cjk），图表中的中文无法显示；"
        "请安装其一或设置 PLANTRACK_CJK_FONTS"
    )


def _figure(width: float, height: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=150)
    return fig, fig.add_subplot(1, 1, 1)


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def status_counts_chart(snapshot: dict[str, Any]) -> bytes:
    """A bar per status: how many main indicators stand where."""
    font = _font()
    fig, ax = _figure(6.0, 2.8)
    labels = [row["status"] for row in snapshot["counts"]]
    counts = [row["count"] for row in snapshot["counts"]]
    bars = ax.bar(range(len(labels)), counts, color=[STATUS_COLOURS.get(s, "#8c959f") for s in labels])
    ax.set_xticks(range(len(labels)), labels, fontproperties=font)
    ax.set_ylabel("指标数", fontproperties=font)
    ax.set_title(f"主要指标评估状态（{snapshot['judged_label']}）", fontproperties=font)
    for bar, count in zip(bars, counts, strict=True):
        ax.annotate(str(count), (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom")
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def pace_chart(snapshot: dict[str, Any]) -> bytes | None:
    """时序进度: each assessable indicator's pace ratio against the status lines; None when none has one."""
    rows = [row for row in snapshot["indicators"] if row["pace_ratio"] is not None]
    if not rows:
        return None
    font = _font()
    fig, ax = _figure(6.5, 0.32 * len(rows) + 1.2)
    names = [f"{row['code']} {row['name'][:14]}" for row in rows]
    ratios = [min(row["pace_ratio"], 2.0) for row in rows]
    bars = ax.barh(range(len(rows)), ratios, color=[STATUS_COLOURS.get(row["status"], "#8c959f") for row in rows])
    # Each bar names its status, so a black-and-white printout keeps what the colours say.
    for bar, row in zip(bars, rows, strict=True):
        ax.annotate(row["status"], (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                    textcoords="offset points", va="center", fontproperties=font, fontsize=6)
    ax.set_yticks(range(len(rows)), names, fontproperties=font, fontsize=7)
    ax.invert_yaxis()
    for line in snapshot["thresholds"].values():
        ax.axvline(line, color="#57606a", linestyle="--", linewidth=0.8)
    ax.set_xlabel("进度比（完成进度 ÷ 时序进度；虚线为 滞后 / 符合预期 / 超前 分界）", fontproperties=font, fontsize=8)
    ax.set_title("主要指标进度比", fontproperties=font)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def chart_png(snapshot: dict[str, Any], name: str) -> bytes | None:
    """The chart a report block names, or None when it has nothing to draw."""
    return status_counts_chart(snapshot) if name == "status_counts" else pace_chart(snapshot)
