"""Major projects (重大项目): the ledger, approval procedures (手续), investment and weekly dispatch (周调度).

Shaped like the tasks app: `models`, `services` (writes, asking `access`), `selectors` (scoped reads),
`ledger` (the Excel layout offices use, read all or nothing), `dispatch_sheet` (the meeting sheet, xlsx and docx),
`investment` (sums and the feed into an indicator), thin `views`/`templates`, `management/commands`, `demo`;
the API is `plantrack.api.projects`.
"""
