"""A small workspace for the report, briefing and dashboard tests: two repositories of two
teams, a hotspot, coupled files, an ADR, and repository text that tries to inject HTML and
script (commit message, author name, file name, ADR title and body)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import ALICE, BOB, CAROL, GitRepo, scan_json

EVIL = ("<img src=x onerror=window.__pwned=1>", "evil@example.com")
EVIL_FILE = "src/<img src=x onerror=window.__pwned=2>.py"
EVIL_SUBJECT = "<script>window.__pwned=3</script> fix"
ADR = """# 1. Use <script>window.__pwned=4</script> for speed

Date: 2020-01-05

## Status

Accepted

## Context

See [the docs](javascript:window.__pwned=5) and <img src=x onerror="window.__pwned=6">.
It governs src/core.py.

## Decision

We will.

## Consequences

None.
"""


def core(version: int) -> str:
    """Cyclomatic 7 (six ifs); five parameters (> 4: excess parameters), so its code health
    is 10 - 0.5 × 1/5 = 9.9: unhealthy enough to be a hotspot (the only one)."""
    branches = "".join(f"    if x == {i}:\n        return {i + version}\n" for i in range(6))
    return f"def f(x, a, b, c, d):\n{branches}    return 0\n"


def build(make_repo: Any, db_path: Path, tmp_path: Path) -> Path:
    api = make_repo("api")
    api.commit("start", author=ALICE, files={
        "src/core.py": core(0), "src/util.py": "u = 0\n", "README.md": "# api\n",
        "doc/adr/0001-use-script.md": ADR,
    })  # fmt: skip
    for n in range(1, 6):
        who = ALICE if n % 2 else BOB
        api.commit(
            f"change {n}", author=who, files={"src/core.py": core(n), "src/util.py": f"u = {n}\n"}
        )
    api.commit(EVIL_SUBJECT, author=EVIL, files={EVIL_FILE: "x = 1\n"})
    web = make_repo("web")
    web.commit("page", author=CAROL, files={"app/page.js": "function p(a) { return a; }\n"})
    web.commit("page 2", author=CAROL, files={"app/page.js": "function p(a) { return a + 1; }\n"})
    config = tmp_path / "techlead.toml"
    config.write_text(
        f'[[repos]]\npath = "{api.path}"\nteam = "core"\n\n'
        f'[[repos]]\npath = "{web.path}"\nteam = "front"\n'
    )
    scan_json("--db", str(db_path), "--config", str(config), "--now", "2020-02-01")
    return db_path


def build_in(folder: Path) -> Path:
    """build() into folder, for a fixture shared by a module's tests (which has no make_repo);
    returns the warehouse, folder/wh/techlead.duckdb."""
    return build(lambda name: GitRepo(folder / name), folder / "wh" / "techlead.duckdb", folder)
