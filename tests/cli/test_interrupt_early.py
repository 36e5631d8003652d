"""Ctrl-C while techlead is still loading its modules ends it quietly (exit 130), as at
any later moment: no traceback reaches the terminal."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.2, 0.35])
def test_ctrl_c_while_loading_is_quiet(delay: float, tmp_path: Path) -> None:
    # The command the package installs, beside this interpreter (CI does not put the
    # virtual environment on PATH).
    techlead = str(Path(sys.executable).parent / "techlead")
    proc = subprocess.Popen([techlead, "scan", str(tmp_path), "--db", str(tmp_path / "w.duckdb")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    if b"init_import_site" in err or b"from techlead.entry import main" in err:
        # CPython, or the console script pip wrote, was still starting (a loaded machine):
        # the signal came before techlead's code ran, not ours to test
        pytest.skip("SIGINT arrived before techlead's entry point ran")
    # Before Python installs its handler the signal's default action ends the process (-2);
    # after, techlead says it was interrupted and exits 130; or it finished first (exit 2:
    # tmp_path is not a repository).
    assert proc.returncode in (-signal.SIGINT, 130, 2), err
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err, err.decode()
