"""The ``techlead`` command's entry point: Ctrl-C while the program is still loading (its
modules take a moment to import) ends it quietly with exit 130, as at any later moment."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from techlead.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("techlead: interrupted\n")
        sys.exit(130)
    run()
