"""The report's charts as PNG images, drawn by matplotlib with a CJK font so Chinese labels never turn into boxes.

Each chart is drawn once per figures shown and kept as a file named by a digest of them (`stored_chart`); pages,
documents and downloads read that file, so only a regenerated draft whose figures changed draws again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from plantrack.core.status_palette import STATUS_COLOURS

CHART_NAMES = ("status_counts", "pace")
# Part of every chart's digest: raise it when the drawing itself changes, so files drawn the old way are not reused.
DRAWING_VERSION = 1
# matplotlib shares its font cache and text layout between threads and is not safe to draw with from two at once
# (the web server runs several threads per process): one drawing at a time.
_drawing = threading.Lock()


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


def _draw(snapshot: dict[str, Any], name: str) -> bytes | None:
    with _drawing:
        return status_counts_chart(snapshot) if name == "status_counts" else pace_chart(snapshot)


def _shown(snapshot: dict[str, Any], name: str) -> dict[str, Any] | None:
    """Everything the chart `name` draws from the snapshot (None when it has nothing to draw)."""
    if name == "status_counts":
        return {"counts": snapshot["counts"], "judged_label": snapshot["judged_label"]}
    if name == "pace":
        rows = [{key: row[key] for key in ("code", "name", "pace_ratio", "status")}
                for row in snapshot["indicators"] if row["pace_ratio"] is not None]
        return {"rows": rows, "thresholds": snapshot["thresholds"]} if rows else None
    raise ValueError(f"unknown chart {name!r}; charts are {', '.join(CHART_NAMES)}")


def chart_key(snapshot: dict[str, Any], name: str) -> str | None:
    """A digest of what the chart shows (16 hex digits), or None when it has nothing to draw: the same figures
    give the same key in any report, any process, any day."""
    shown = _shown(snapshot, name)
    if shown is None:
        return None
    text = json.dumps({"chart": name, "drawing": DRAWING_VERSION, "shown": shown}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def chart_file_name(name: str, key: str) -> str:
    return f"{name}-{key}.png"


def stored_chart(snapshot: dict[str, Any], name: str, *, folder: Path) -> Path | None:
    """The chart's file in `folder`, drawn only if no file for exactly these figures is there yet."""
    key = chart_key(snapshot, name)
    if key is None:
        return None
    path = folder / chart_file_name(name, key)
    if path.is_file():
        return path
    png = _draw(snapshot, name)
    if png is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    # A file of its own per writer, then one rename: two requests drawing the same chart at once never mix their
    # bytes, and a reader sees either no file or the whole of it.
    handle, partial = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return path


def chart_png(snapshot: dict[str, Any], name: str, *, folder: Path | None = None) -> bytes | None:
    """The chart a report block names, or None when it has nothing to draw; with `folder`, read from (or drawn
    once into) the stored file there."""
    if folder is None:
        return _draw(snapshot, name)
    path = stored_chart(snapshot, name, folder=folder)
    return path.read_bytes() if path is not None else None
