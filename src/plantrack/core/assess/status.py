"""Assessment statuses (评估状态) and their order, so "got worse" can be decided."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """The judgement of one target; the values are the words shown to users and stored."""

    COMPLETED = "已完成"
    AHEAD = "超前"
    ON_TRACK = "符合预期"
    LAGGING = "滞后"
    SERIOUSLY_LAGGING = "严重滞后"
    NOT_ASSESSABLE = "无法评估"

    @property
    def rank(self) -> int | None:
        """0 for 已完成 (best) … 4 for 严重滞后 (worst); None for 无法评估, which is outside the order."""
        try:
            return STATUS_ORDER.index(self)
        except ValueError:
            return None

    @property
    def is_on_course(self) -> bool:
        """已完成, 超前 or 符合预期: the target is being met."""
        return self in (Status.COMPLETED, Status.AHEAD, Status.ON_TRACK)

    @property
    def is_lagging(self) -> bool:
        return self in (Status.LAGGING, Status.SERIOUSLY_LAGGING)


STATUS_ORDER: tuple[Status, ...] = (
    Status.COMPLETED,
    Status.AHEAD,
    Status.ON_TRACK,
    Status.LAGGING,
    Status.SERIOUSLY_LAGGING,
)


def status_worsened(new: Status | str, old: Status | str | None) -> bool:
    """True when `new` is lower in the order than `old`; a change to or from 无法评估 is not "worse"."""
    if old is None or old == "":
        return False
    new_rank, old_rank = Status(new).rank, Status(old).rank
    return new_rank is not None and old_rank is not None and new_rank > old_rank
