"""`python -m campaign` runs the same CLI as the `campaign` script."""

from campaign.cli import main

raise SystemExit(main())
