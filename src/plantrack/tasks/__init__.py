"""Task decomposition (任务分工) and supervision (督办): the plan's work given to units, their progress, the follow-up.

The shape, for apps that follow it (projects): `models` (what is stored), `access` (who may, on `orgs.access`),
`services` (every write), `selectors` (every read, scoped), `importing` + `sheet` (the Excel layout offices use, all or
nothing; the file reading in one function), `supervision` (the daily check, also on demand), `evidence` (files),
`views`/`forms`/`templates` (thin pages), `panels` (its pieces of the chapter and indicator pages),
`management/commands` (the CLI), `demo`; the API is `plantrack.api.tasks`.
"""
