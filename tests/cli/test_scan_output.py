"""What scan prints: the summary as literal text, progress only on a terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import fast_import_history, run_cli


def test_summary_is_plain_text_when_piped(history: Any, db_path: Path) -> None:
    repo, _ = history
    result = run_cli("scan", str(repo.path), "--db", str(db_path))
    assert result.exit_code == 0
    assert result.stderr == ""  # no progress bar and no warnings when not on a terminal
    # People: Alice, Bob, Carol (dependabot is the bot). HEAD holds README.md (4 lines of
    # Markdown: 3 code, 1 blank), src/main.py (12 lines), lib/util.py (5 lines) and
    # requirements.txt (2 lines, Text). Lines of code 3 + 12 + 5 + 2 = 22; Python 17 of 22
    # = 77%, Markdown 3 = 14%, Text 2 = 9%.
    assert result.stdout.splitlines() == [
        "demo: mined 8 commits",
        "",
        "repo ┃ commits ┃ people ┃ bots ┃ files ┃ lines_of_code ┃ first_commit ┃ "
        "last_commit ┃ top_languages",
        "━━━━━╇━━━━━━━━━╇━━━━━━━━╇━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇"
        "━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━",
        "demo │       8 │      3 │    1 │     4 │            22 │ 2020-01-01   │ "
        "2020-01-08  │ Python 77%, Markdown 14%, Text 9%",
    ]
    quiet = run_cli("scan", str(repo.path), "--db", str(db_path), "--quiet")
    assert (quiet.stdout, quiet.stderr) == ("", "")


def test_progress_bar_on_a_terminal(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("tty")
    fast_import_history(repo, 3000, files_per_commit=4)
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "techlead", "scan", str(repo.path), "--db", str(db_path), "-j1"],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm"},
    )
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(primary, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    proc.wait(timeout=60)
    os.close(primary)
    text = seen.decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "\x1b[1mtty\x1b[0m" in text  # the bar's label: the repository being mined
    assert "/3000" in text  # done/total (the rate column appears once two updates are timed)
    assert "tty: mined 3,000 commits" in text
