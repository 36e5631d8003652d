"""complexity, hotspots and complexity-trend on a small history, values computed by hand.

The history (dates 2020-01-0N, one commit a day):
  c1 Alice  A a.py (CALC_PY: add cc 1, sign cc 3; 10 lines, 8 code), A b.py (f, cc 1),
            A README.md (1 line)
  c2 Bob    M a.py: appends 2 blank lines and g (for + if: cc 3, lines 13-17, nesting 2):
            +7 lines
  c3 Alice  M a.py: one line rewritten (+1 -1)
  c4 Carol  M b.py: both lines rewritten (+2 -2), still cc 1
  c5 Bob    R a.py -> src/a.py (no edit)
At HEAD: src/a.py has 17 lines, 13 code, 3 functions, cyclomatic 1 + 3 + 3 = 7, max 3;
indentation (unit 4): CALC_PY's 8 plus g's levels 0 + 1 + 2 + 3 + 1 = 7: total 15, max 3.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from techlead.analyses.complexity_trend import Point, TrendRow, sample_indexes, trend

from conftest import ALICE, BOB, CALC_PY, CAROL, GitRepo, run_cli, scan_json

G = "\n\ndef g(y):\n    for i in y:\n        if i:\n            return i\n    return None\n"


@pytest.fixture
def scanned(make_repo: Any, db_path: Path) -> tuple[GitRepo, Path]:
    repo = make_repo("cx")
    repo.commit(
        "c1",
        author=ALICE,
        files={"a.py": CALC_PY, "b.py": "def f():\n    return 1\n", "README.md": "# r\n"},
    )
    repo.commit("c2", author=BOB, files={"a.py": CALC_PY + G})
    repo.commit("c3", author=ALICE, files={"a.py": (CALC_PY + G).replace("return 0", "return 00")})
    repo.commit("c4", author=CAROL, files={"b.py": "def f(x):\n    return x\n"})
    (repo.path / "src").mkdir()
    repo.git("mv", "a.py", "src/a.py")
    repo.commit("c5", author=BOB)
    scan_json(str(repo.path), "--db", str(db_path))
    return repo, db_path


def output(db: Path, *args: str) -> dict[str, Any]:
    result = run_cli(*args, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def rows(db: Path, *args: str) -> list[list[Any]]:
    return [list(r.values()) for r in output(db, *args)["rows"]]


def test_complexity_by_file(scanned: tuple[GitRepo, Path]) -> None:
    _, db = scanned
    # entity, language, loc, functions, cyclomatic, max, mean (7/3 = 2.33), indentation,
    # max indentation. README.md has no function metrics; its one line is at level 0.
    assert rows(db, "complexity") == [
        ["src/a.py", "Python", 13, 3, 7, 3, 2.33, 15.0, 3],
        ["b.py", "Python", 2, 1, 1, 1, 1.0, 1.0, 1],
        ["README.md", "Markdown", 1, None, None, None, None, 0.0, 0],
    ]
    assert rows(db, "complexity", "--path", "*.md") == [
        ["README.md", "Markdown", 1, None, None, None, None, 0.0, 0]
    ]


def test_complexity_by_function(scanned: tuple[GitRepo, Path]) -> None:
    _, db = scanned
    # Sorted by cyclomatic, then length (descending), then entity and line.
    assert rows(db, "complexity", "--by", "function") == [
        ["src/a.py", "sign", 5, 6, 3, 1, 1],
        ["src/a.py", "g", 13, 5, 3, 2, 1],
        ["b.py", "f", 1, 2, 1, 0, 1],
        ["src/a.py", "add", 1, 2, 1, 0, 2],
    ]


def test_hotspots(scanned: tuple[GitRepo, Path]) -> None:
    _, db = scanned
    # src/a.py: 4 revisions (c1, c2, c3 as a.py; c5), authors Alice and Bob, churn
    # 10 + 7 + (1 + 1) + 0 = 19, score 4 × 7 = 28. b.py: 2 revisions (c1, c4), Alice and
    # Carol, churn 2 + (2 + 2) = 6, score 2 × 1 = 2. README.md has no cyclomatic figure.
    # Cut-off: nearest rank ceil(0.9 × 2) = 2 -> the 2nd smallest score, 28. Both files
    # are healthy (10: small functions, no biomarker); by default, ranked by 10 - health,
    # neither would rank (test_hotspots_rank_by_health). Health is scored only when it
    # ranks: the column is empty here.
    result = output(db, "hotspots", "--complexity", "cyclomatic")
    assert [list(r.values()) for r in result["rows"]] == [
        [1, "src/a.py", 4, 2, 19, 13, 7, 3, None, 7, 28],
    ]
    assert result["notes"] == [
        "1 of 2 ranked files are hotspots: score = revisions × cyclomatic complexity ≥ 28 "
        "(the 90th percentile of scores); --percentile 0 lists them all"
    ]
    # 50th percentile: rank ceil(0.5 × 2) = 1 -> cut-off 2, both files.
    assert rows(db, "hotspots", "--complexity", "cyclomatic", "--percentile", "50") == [
        [1, "src/a.py", 4, 2, 19, 13, 7, 3, None, 7, 28],
        [2, "b.py", 2, 2, 6, 2, 1, 1, None, 1, 2],
    ]
    # By lines of code every text file ranks: README.md 1 revision × 1 line = 1.
    assert rows(db, "hotspots", "--complexity", "loc", "--percentile", "0") == [
        [1, "src/a.py", 4, 2, 19, 13, 7, 3, None, 13, 52],
        [2, "b.py", 2, 2, 6, 2, 1, 1, None, 2, 4],
        [3, "README.md", 1, 1, 1, 1, None, None, None, 1, 1],
    ]
    # Only the last two days: src/a.py c5 only (score 7), b.py c4 (score 1).
    assert rows(
        db, "hotspots", "--complexity", "cyclomatic", "--since", "2020-01-04", "--percentile", "0"
    ) == [
        [1, "src/a.py", 1, 1, 0, 13, 7, 3, None, 7, 7],
        [2, "b.py", 1, 1, 4, 2, 1, 1, None, 1, 1],
    ]
    bad = run_cli("hotspots", "--percentile", "101", "--db", str(db))
    assert bad.exit_code == 2 and bad.stderr == (
        "techlead: error: Invalid value for '--percentile': 101.0 is not in the range "
        "0<=x<=100. (see `techlead hotspots --help`)\n"
    )


def test_hotspots_by_component(scanned: tuple[GitRepo, Path]) -> None:
    _, db = scanned
    # src: commits c1, c2, c3, c5 (a.py's history follows it), Alice and Bob, churn 19,
    # complexity 7: score 28. (root): commits c1 (b.py, README.md) and c4 = 2, Alice and
    # Carol, churn 6 + 1 = 7, measured files b.py: loc 2, cyclomatic 1: score 2.
    result = output(db, "hotspots", "--by", "component", "--complexity", "cyclomatic")
    assert [list(r.values()) for r in result["rows"]] == [
        [1, "src", 4, 2, 19, 13, 7, 3, None, 7, 28],
        [2, "(root)", 2, 2, 7, 2, 1, 1, None, 1, 2],
    ]
    assert result["notes"] == ["2 components ranked by score = revisions × cyclomatic complexity"]


def test_hotspots_rank_by_health(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("health")
    check = "def check(a, b, c):\n    if a and b or c:\n        return 1\n    return 0\n"
    deep = (
        "def deep(a):\n    if a:\n        for x in a:\n            while x:\n"
        "                if x > 1:\n                    x -= 1\n    return a\n"
    )
    ok = "def ok():\n    return 1\n"
    repo.commit("c1", author=ALICE, files={"x.py": check, "y.py": ok, "z.py": deep})
    repo.commit("c2", author=BOB, files={"x.py": check + "# edit\n", "z.py": deep + "# edit\n"})
    repo.commit("c3", author=ALICE, files={"x.py": check + "# edit\n# again\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    # x.py: `a and b or c` is one complex conditional: 10 - 1.0 (its weight) × 1/5 = 9.8;
    # 3 revisions (Alice, Bob), churn 4 + 1 + 1 = 6, 4 lines of code, cyclomatic 1 + if +
    # and + or = 4; complexity 10 - 9.8 = 0.2, score 3 × 0.2 = 0.6.
    # z.py: if > for > while > if nests 4 deep (> 3): 10 - 1.5 × 1/3 = 9.5; 2 revisions,
    # churn 7 + 1 = 8, 7 lines of code, cyclomatic 5; complexity 0.5, score 1.
    # y.py is healthy (10): 10 - 10 = 0 never ranks.
    # Cut-off: nearest rank ceil(0.9 × 2) = 2 -> the 2nd smallest score, 1: z.py alone.
    result = output(db_path, "hotspots")
    assert [list(r.values()) for r in result["rows"]] == [
        [1, "z.py", 2, 2, 8, 7, 5, 5, 9.5, 0.5, 1],
    ]
    assert result["notes"] == [
        "1 of 2 ranked files are hotspots: score = revisions × (10 − health) ≥ 1 "
        "(the 90th percentile of scores); --percentile 0 lists them all"
    ]
    assert rows(db_path, "hotspots", "--percentile", "0")[1] == [
        2, "x.py", 3, 2, 6, 4, 4, 4, 9.8, 0.2, 0.6
    ]  # fmt: skip


def test_hotspots_without_a_grammar_rank_by_indentation(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("clojure")
    repo.commit("c1", author=ALICE, files={"core.clj": "(defn f [x]\n  (when x\n    1))\n"})
    repo.commit("c2", author=BOB, files={"core.clj": "(defn f [x]\n  (when x\n    2))\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    # No file has a grammar (code-maat's own repository is Clojure): indentation ranks.
    # core.clj: levels 0, 1, 2 (unit 2) = 3; 2 revisions: score 6.
    result = output(db_path, "hotspots")
    assert [(r["entity"], r["health"], r["complexity"], r["score"]) for r in result["rows"]] == [
        ("core.clj", None, 3, 6)
    ]
    assert result["notes"][0].endswith(
        "; no file has a language with a grammar, so indentation complexity ranks them"
    )


def test_complexity_trend(scanned: tuple[GitRepo, Path]) -> None:
    repo, db = scanned
    shas = repo.git("log", "--format=%H", "--reverse").split()
    # c1: 8 code lines, add + sign = 4; c2 and after: 13 code lines, 3 functions, 7.
    # every version is healthy (10): small functions, no biomarker
    before = [8, 2, 4, 3, 2.0, 8.0, 10.0]
    after = [13, 3, 7, 3, 2.33, 15.0, 10.0]
    result = output(db, "complexity-trend", "src/a.py")
    assert [list(r.values()) for r in result["rows"]] == [
        ["2020-01-01", shas[0][:12], "a.py", *before],
        ["2020-01-02", shas[1][:12], "a.py", *after],
        ["2020-01-03", shas[2][:12], "a.py", *after],
        ["2020-01-05", shas[4][:12], "src/a.py", *after],
    ]
    # No sample a year older than the last: the first is the baseline; 4 -> 7 is +75%.
    assert result["notes"] == [
        "trend: rising (cyclomatic complexity 4 on 2020-01-01 → 7 on 2020-01-05; "
        "code health 10.0 → 10.0; 4 of 4 revisions sampled, bots included: each changes the "
        "content)"
    ]
    # Two samples out of four revisions: the first and the last.
    assert [r[0] for r in rows(db, "complexity-trend", "src/a.py", "--samples", "2")] == [
        "2020-01-01",
        "2020-01-05",
    ]


def test_complexity_trend_errors(scanned: tuple[GitRepo, Path]) -> None:
    repo, db = scanned
    missing = run_cli("complexity-trend", "a.py", "--db", str(db))  # not a path at HEAD
    assert missing.exit_code == 2
    assert "no history for 'a.py' in the warehouse" in missing.stderr
    # Recording one trend: src/a.py scores 4 revisions × cyclomatic 7 = 28, b.py 2 × 1.
    scan_json(str(repo.path), "--db", str(db), "--trend-files", "1")
    unrecorded = run_cli("complexity-trend", "b.py", "--db", str(db))
    assert unrecorded.exit_code == 2
    assert (
        "'b.py' has no recorded complexity trend: the scan records the trends of the 1 files "
        "of cx with the highest hotspot scores (revisions × cyclomatic complexity); scan again "
        "with --trend-files N to record more"
    ) in unrecorded.stderr


def test_complexity_trend_after_the_repository_moved(scanned: tuple[GitRepo, Path]) -> None:
    """The trend is read from the warehouse: moving (or deleting) the repository after its
    scan changes nothing."""
    repo, db = scanned
    before = output(db, "complexity-trend", "src/a.py")
    shutil.move(str(repo.path), str(repo.path) + "-moved")
    assert output(db, "complexity-trend", "src/a.py") == before
    shutil.rmtree(str(repo.path) + "-moved")
    assert output(db, "complexity-trend", "src/a.py", "--samples", "2")["rows"] == [
        before["rows"][0],
        before["rows"][-1],
    ]
    # --since keeps the samples authored from that day on.
    since = output(db, "complexity-trend", "src/a.py", "--since", "2020-01-03")
    assert [r["date"] for r in since["rows"]] == ["2020-01-03", "2020-01-05"]
    assert since["notes"] == [
        "trend: flat (cyclomatic complexity 7 on 2020-01-03 → 7 on 2020-01-05; "
        "code health 10.0 → 10.0; 2 of 4 revisions sampled, bots included: each changes the "
        "content)"
    ]


def test_sample_indexes() -> None:
    # floor(i × (n − 1) / (K − 1) + 1/2)
    assert sample_indexes(10, 4) == [0, 3, 6, 9]
    assert sample_indexes(4, 3) == [0, 2, 3]  # 0, 1.5 + .5 = 2, 3
    assert sample_indexes(5, 3) == [0, 2, 4]
    assert sample_indexes(3, 12) == [0, 1, 2]
    assert sample_indexes(5, 1) == [4]


def _point(day: str, cyclomatic: int) -> Point:
    when = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return Point(when, TrendRow(day, "c", "p", 1, 1, cyclomatic, 1, 1.0, 1.0), True)


def test_trend_compares_with_a_year_before() -> None:
    # Baseline: the latest sample at least 365 days before the last (2021-01-01 or older).
    assert trend([_point("2020-01-01", 100), _point("2022-01-01", 195)]) == "rising"
    assert (
        trend([_point("2020-01-01", 100), _point("2020-12-01", 200), _point("2022-01-01", 195)])
        == "flat"  # 200 -> 195 is -2.5%
    )
    assert trend([_point("2020-01-01", 200), _point("2020-06-01", 189)]) == "falling"  # -5.5%
    assert trend([_point("2020-01-01", 200)]) is None


def test_hotspots_terminal_output(scanned: tuple[GitRepo, Path]) -> None:
    _, db = scanned
    table = run_cli("hotspots", "--complexity", "cyclomatic", "--percentile", "50", "--db", str(db))
    assert table.exit_code == 0
    assert table.stdout.splitlines() == [
        "rank ┃ entity   ┃ revisions ┃ authors ┃ churn ┃ loc ┃ cyclomatic ┃ max-cyclomatic ┃"
        " health ┃ complexity ┃ score",
        "━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━╇━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇"
        "━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━",
        "   1 │ src/a.py │         4 │       2 │    19 │  13 │          7 │              3 │"
        "        │          7 │    28",
        "   2 │ b.py     │         2 │       2 │     6 │   2 │          1 │              1 │"
        "        │          1 │     2",
        "2 of 2 ranked files are hotspots: score = revisions × cyclomatic complexity ≥ 2 "
        "(the 50th percentile of scores); --percentile 0 lists them all",
    ]


def test_complexity_trend_of_an_empty_period(scanned: tuple[GitRepo, Path]) -> None:
    _, db = scanned
    result = output(db, "complexity-trend", "src/a.py", "--until", "2019-01-01")
    assert (result["rows"], result["notes"]) == (
        [],
        ["trend: unknown (fewer than two measured revisions)"],
    )
