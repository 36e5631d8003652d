"""Allow ``python -m techlead``."""

from techlead.entry import main

main()
