"""A value as it came in (填报输入), before any checking: the one shape every channel hands to `enter_values`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal


@dataclass(slots=True)
class ValueInput:
    """One raw input row; strings as typed or read from a file, checked by `enter_values`.

    `where` names the place for messages ("第3行", "Sheet1 第5行", "字段 value"); `columns` optionally maps a
    field name ("value", "indicator_code", …) to the column it came from ("D列"), so a message can name the cell.
    `expected_revision` is the revision the person saw (0 = "no value yet"); a different one means someone else
    changed the value first. `correction` marks an intended correction of an already approved value (更正).
    """

    indicator_code: str
    unit_code: str
    period: str
    value: str | Decimal | int | float | None
    measure_unit: str | None = None
    comment: str = ""
    explanation: str = ""
    source: str = ""
    expected_revision: int | None = None
    where: str = ""
    columns: Mapping[str, str] | None = None

    def place(self, field: str | None = None) -> str:
        """Where this input (and, if known, the field's column) is, for a message."""
        if field and self.columns and field in self.columns:
            return f"{self.where} {self.columns[field]}".strip()
        return self.where
