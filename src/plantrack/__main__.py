"""`python -m plantrack` is the `plantrack` command."""

from plantrack.cli import main

raise SystemExit(main())
