"""The ``techlead`` command's entry point: Ctrl-C while the program is still loading (its
modules take a moment to import) ends it quietly with exit 130, as at any later moment.

While the modules load, SIGINT is blocked: a KeyboardInterrupt raised inside a C
extension's initialisation (DuckDB's bindings) aborts the interpreter instead of reaching
Python. The signal waits until the imports are done, then arrives as usual."""

from __future__ import annotations


def main() -> None:
    import signal  # here, not above: the module itself loads in no time at all
    import sys

    masking = hasattr(signal, "pthread_sigmask")  # POSIX; elsewhere the plain way
    try:
        if masking:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        from techlead.cli import main as run

        if masking:  # a Ctrl-C pressed while loading arrives here
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    except KeyboardInterrupt:
        sys.stderr.write("techlead: interrupted\n")
        sys.exit(130)
    run()
