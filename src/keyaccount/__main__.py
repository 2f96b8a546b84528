"""``python -m keyaccount``: the command line."""

from keyaccount.cli import main

raise SystemExit(main())
