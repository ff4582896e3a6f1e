"""The one error the task services raise for input they refuse: every problem, each naming where it is."""

from __future__ import annotations

from plantrack import wording
from plantrack.core.errors import InvalidInput


class TaskRejected(InvalidInput):
    """Refused input; `errors` holds one line per problem (row, column or field first). Nothing was written."""

    code = "task_rejected"

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__(wording.join_clauses(self.errors), problems=self.errors)
