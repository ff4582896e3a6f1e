"""The one error the task services raise for input they refuse: every problem, each naming where it is."""

from __future__ import annotations


class TaskRejected(ValueError):
    """Refused input; `errors` holds one Chinese line per problem (row, column or field first). Nothing was written."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("；".join(self.errors))
