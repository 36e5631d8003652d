"""Judgments weigh production code; tests, examples and docs are context.

The repository (measured to 2021-01-01):
- tests/test_core.py: Alice writes it (a complex test, 22 branches) and changes it ten
  times in January 2020, then leaves; it is the most changed, most complex file.
- src/core.py: Bob writes it (16 branches: cyclomatic 17, above the complex-method limit of
  15, so its code health is 10 - 2.0 × 1/3 = 9.3: a hotspot) in January 2020 and changes
  it three times,
  the last on 2020-12-01: the repository's newest commit, so Alice has left.
- examples/demo/requirements.txt pins requests 2.19.1 (GHSA-x84v-xcm2-53pg, high): only an
  example uses it.
So: no knowledge or hotspot risk about tests (they are not production code); the
vulnerability's impact is 1 (only an example manifest), likelihood 4 (high): score 4.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from techlead.risk.model import risk_id

from conftest import ALICE, BOB, CORPUS, GitRepo, run_cli, scan_json

OSV = str(CORPUS / "osv")


def branches(n: int, extra: int = 0) -> str:
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(n))
    return "def f(x):\n" + body + "".join(f"# {i}\n" for i in range(extra)) + "    return -1\n"


def build(tmp_path: Path) -> Path:
    repo = GitRepo(tmp_path / "app")
    repo.commit("core", author=BOB, date="2020-01-01T10:00:00+00:00",
                files={"src/core.py": branches(16)})  # fmt: skip
    for n in range(10):
        repo.commit(f"test {n}", author=ALICE, date=f"2020-01-{n + 2:02d}T10:00:00+00:00",
                    files={"tests/test_core.py": branches(22, n)})  # fmt: skip
    repo.commit("demo", author=BOB, date="2020-01-20T10:00:00+00:00",
                files={"examples/demo/requirements.txt": "requests==2.19.1\n"})  # fmt: skip
    for n, day in enumerate(("2020-02-01", "2020-06-01", "2020-12-01")):
        repo.commit(f"core {n}", author=BOB, date=f"{day}T10:00:00+00:00",
                    files={"src/core.py": branches(16, n + 1)})  # fmt: skip
    db = tmp_path / "wh.duckdb"
    scan_json(str(repo.path), "--db", str(db), "--now", "2021-01-01")
    return db


def cli_json(db: Path, *args: str) -> dict[str, Any]:
    out = run_cli(*args, "--db", str(db), "--format", "json")
    assert out.exit_code in (0, 1), out.output
    document: dict[str, Any] = json.loads(out.stdout)
    return document


def test_tests_are_context_not_decisions(tmp_path: Path) -> None:
    db = build(tmp_path)
    # The analyses keep their default (every role): the test file leads the hotspots.
    assert cli_json(db, "hotspots")["rows"][0]["entity"] == "tests/test_core.py"
    register = cli_json(db, "risk", "--osv", OSV)["rows"]
    assert not any("tests" in (r["component"] or "") or "test_core" in r["title"]
                   for r in register)  # fmt: skip
    [vuln] = [r for r in register if r["category"] == "vulnerability"]
    assert (vuln["likelihood"], vuln["impact"]) == (4, 1)
    assert vuln["evidence"].endswith(
        "used in app:examples/demo/requirements.txt (only example manifests: not what the "
        "product ships)"
    )
    assert vuln["id"] == risk_id("vulnerability", "GHSA-x84v-xcm2-53pg", "PyPI", "requests",
                                 "2.19.1", "app")  # fmt: skip
    brief = cli_json(db, "brief", "--osv", OSV)
    assert not any("test" in d["title"].lower() or "test" in d["evidence"].lower()
                   for d in brief["decisions"])  # fmt: skip
    out = tmp_path / "r.html"
    assert run_cli("report", "--out", str(out), "--db", str(db)).exit_code == 0
    html = out.read_text()
    hotspots = html[html.index('id="s-hotspots"') : html.index('id="s-complexity"')]
    assert "tests/test_core.py" not in hotspots and "src/core.py" in hotspots
    assert "production code only: tests, examples, documentation and build files are left " \
        "out" in hotspots  # fmt: skip
    loss = html[html.index('id="s-loss"') : html.index('id="s-mentoring"')]
    # 100% of the test code is Alice's, and she has left: context, in one sentence.
    assert "Tests, for context: 100% of the test code (" in loss
