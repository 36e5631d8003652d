"""Allow ``python -m techlead``."""

from techlead.cli import main

main()
