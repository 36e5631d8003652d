"""`techlead doc-coverage`: documentation per component, on a hand-built repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import ALICE, BOB, CAROL, run_cli, scan_json

CORE = '"""Core."""\n\n\ndef f():\n    """F."""\n\n\ndef g():\n    return 1\n'


def test_coverage_and_staleness_per_component(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("svc")
    repo.commit("docs", author=ALICE, date="2020-01-01T12:00:00+00:00",
                files={"app/README.md": "# App\n", "app/core.py": CORE})  # fmt: skip
    repo.commit("js", author=BOB, date="2020-01-02T12:00:00+00:00",
                files={"app/util.js": "// say\nvar x = 1;\nvar y = 2;\n"})  # fmt: skip
    repo.commit("more", author=BOB, date="2020-01-03T12:00:00+00:00",
                files={"app/core.py": CORE + "\n\nH = 3\n"})  # fmt: skip
    repo.commit("lib", author=CAROL, date="2020-01-04T12:00:00+00:00",
                files={"lib/x.py": "def _x():\n    pass\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("doc-coverage", "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    # app: README.md (changed 2020-01-01); core.py documents the module and f, not g →
    # 2/3 = 66.7%; util.js has 1 comment line to 2 code lines → 33.3%. After the README:
    # util.js (3 lines added) and core.py (3 lines added) → 2 commits, 6 lines.
    # lib: no docs; x.py has only a private function and its module → 0 of 1 documented;
    # its one commit (2 lines) counts.
    assert [(r["component"], r["readme"], r["docs"], r["docstrings"], r["comments"],
             r["docs-changed"], r["commits-since"], r["lines-since"]) for r in found["rows"]] == [
        ("app", True, 1, 66.7, 33.3, "2020-01-01T12:00:00+00:00", 2, 6),
        ("lib", False, 0, 0.0, None, None, 1, 2),
    ]  # fmt: skip
    assert found["notes"] == ["1 of 2 components have no README or documentation file"]
