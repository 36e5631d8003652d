"""`techlead mentoring`: pairs for the components at knowledge risk, and a newcomer's first
month, on a hand-built repository with fixed dates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import ALICE, BOB, CAROL, run_cli, scan_json

DAVE = ("Dave Brown", "dave@example.com")


def _code(name: str, n: int) -> str:
    return "".join(f"def {name}{i}(x):\n    return x if x else {i}\n" for i in range(n))


@pytest.fixture
def scanned(make_repo: Any, db_path: Path) -> Path:
    repo = make_repo("api")
    steps = [
        ("2020-01-01", ALICE, {"pay/a.py": _code("a", 5)}),
        ("2020-01-02", ALICE, {"pay/b.py": _code("b", 5)}),
        ("2020-01-03", BOB, {"pay/a.py": _code("a", 5) + "X = 1\n"}),
        ("2020-01-04", CAROL, {"ui/u.py": _code("u", 2) + "Y = 1\n"}),
        ("2020-01-05", DAVE, {"core/c.py": _code("c", 10)}),
        ("2020-12-01", ALICE, {"pay/b.py": _code("b", 5) + "Z = 1\n"}),
        ("2020-12-01", BOB, {"ui/u.py": _code("u", 2) + "Y = 1\nW = 2\n"}),
        ("2020-12-01", CAROL, {"ui/u.py": _code("u", 2) + "Y = 1\nW = 2\nV = 3\n"}),
    ]
    for n, (day, who, files) in enumerate(steps):
        repo.commit(f"c{n}", author=who, date=f"{day}T00:00:00+00:00", files=files)
    scan_json(str(repo.path), "--db", str(db_path))
    return db_path


def _mentoring(db: Path, *more: str) -> dict[str, Any]:
    result = run_cli("mentoring", "--now", "2020-12-01", "--db", str(db), "--format", "json",
                     *more)  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_pairs_for_components_at_risk(scanned: Path) -> None:
    rows = _mentoring(scanned)["rows"]
    got = [(r["component"], r["risk"], r["expert"], r["learner"], r["reason"], r["metric"],
            r["value"], r["target"]) for r in rows]  # fmt: skip
    # Dave (last commit 2020-01-05) has left; Alice, Bob and Carol are active.
    # core: Dave's alone → truck factor 1, no active expert.
    # pay: Alice created a.py and b.py, Bob added a line to a.py (DOA 3.457 / 4.168 =
    # 0.83: he authors a.py too) → truck factor 2; b.py is Alice's alone → 1 island.
    # Knowledge scores at 2020-12-01 (half-life 365 days): Alice 11·2^(-335/365) +
    # 11·2^(-334/365) + 2 = 13.7, Bob 2·2^(-333/365) = 1.06 → Bob 7%: a learner.
    # ui: Carol created u.py; Bob's delivery (DOA 3.234 / 4.332 = 0.75, not above) does
    # not make him an author → truck factor 1. Scores: Carol 6·2^(-332/365) + 2 = 5.19,
    # Bob 2 → 28%: both experts; the learner is Alice, active in the repository.
    # Order: truck factor 1 first, most lines first (core 20 lines, ui 7), then pay.
    assert got == [
        ("core", "truck factor 1", None, None,
         "no active expert left: the code is the only teacher", "truck-factor", 1.0, 2.0),
        ("ui", "truck factor 1", "Carol White", "Alice Smith",
         "Alice Smith works in the same repository (1 commit recently) but not on this "
         "component", "truck-factor", 1.0, 2.0),
        ("pay", "truck factor 2; 1 knowledge island", "Alice Smith", "Bob Jones",
         "Bob Jones changed it and holds 7% of its knowledge", "truck-factor", 2.0, 3.0),
    ]  # fmt: skip


def test_newcomer_first_month(scanned: Path) -> None:
    found = _mentoring(scanned, "--newcomer", "new@hire.example")
    # Total cyclomatic complexity: ui 2 functions x 2 = 4, pay 10 x 2 = 20, core 10 x 2 =
    # 20 (no active expert: left out); pay before core on the tie, core skipped.
    assert [(r["week"], r["component"], r["complexity"], r["guide"]) for r in found["rows"]] == [
        (1, "ui", 4, "Carol White"),
        (2, "pay", 20, "Alice Smith"),
    ]
    assert found["notes"] == ["new@hire.example has no commit here: every repository"]
    bob = _mentoring(scanned, "--newcomer", "Bob Jones")
    # Bob is no guide for himself; Carol knows ui best, Alice pay.
    assert [(r["component"], r["guide"]) for r in bob["rows"]] == [
        ("ui", "Carol White"), ("pay", "Alice Smith")]  # fmt: skip


def test_add_goals_appends_the_pairs_targets(scanned: Path, tmp_path: Path) -> None:
    goals = tmp_path / "goals.toml"
    goals.write_text(
        '# ours\n[[objective]]\nid = "O1"\ntitle = "UI"\n\n[[objective.key_result]]\n'
        'metric = "truck-factor"\nscope = { component = "ui", repo = "api" }\ntarget = 2\n'
        "deadline = 2021-06-30\n"
    )
    result = run_cli("mentoring", "--now", "2020-12-01", "--db", str(scanned), "--add-goals",
                     "--goals", str(goals), "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    # ui is followed already (O1), core has no pair: only pay's target is added, due 90
    # days after 2020-12-01.
    assert result.stderr.strip() == f"techlead: 1 key result added to {goals}"
    from techlead.direction.goals import read_goals

    added = read_goals(goals)[1]
    assert (added.id, [(r.metric, str(r.scope), r.target, str(r.deadline))
                       for r in added.key_results]) == (
        "MENTORING-2020-12-01", [("truck-factor", "api:pay", 3.0, "2021-03-01")])  # fmt: skip
    assert goals.read_text().startswith("# ours\n")
    again = run_cli("mentoring", "--now", "2020-12-01", "--db", str(scanned), "--add-goals",
                    "--goals", str(goals))  # fmt: skip
    assert again.stderr.strip() == f"techlead: 0 key results added to {goals}"
