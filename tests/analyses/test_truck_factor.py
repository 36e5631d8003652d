"""Truck factor (Avelino et al., ICPC 2016) on a hand-built history.

Changes (in time order):                      per file: FA, DL (modifications) and AC
  Alice  A a.py, M a.py, M a.py               a.py  Alice FA=1 DL=2 AC=0
  Alice  A b.py; Bob M b.py x4                b.py  Alice FA=1 DL=0 AC=4; Bob DL=4 AC=0
  Bob    A c.py                               c.py  Bob FA=1 DL=0 AC=0
  Carol  A d.py                               d.py  Carol FA=1 DL=0 AC=0
  Alice  A e.py; Bob M e.py                   e.py  Alice FA=1 DL=0 AC=1; Bob DL=1 AC=0
  Carol  A f.py, D f.py                       f.py  deleted: not a file any more

An addition makes its author a creator (FA) and is not a delivery (DL), as the paper's
reference implementation counts. DOA = 3.293 + 1.098 FA + 0.164 DL - 0.321 ln(1 + AC):
  a.py  Alice 3.293 + 1.098 + 0.328 = 4.719                      -> author (only one)
  b.py  Alice 3.293 + 1.098 - 0.321 ln 5 = 3.8744
        Bob   3.293 + 0.656 = 3.949 (max); Alice 3.8744 / 3.949 = 0.981 > 0.75 and she
        created it -> both author b.py
  c.py  Bob 4.391 -> author;  d.py  Carol 4.391 -> author
  e.py  Alice 3.293 + 1.098 - 0.321 ln 2 = 4.1685 (max) -> author
        Bob   3.293 + 0.164 = 3.457 >= 3.293, 3.457 / 4.1685 = 0.829 > 0.75 -> author
Authored: Alice {a, b, e} = 3, Bob {b, c, e} = 3, Carol {d} = 1; 5 files.
Greedy: Alice and Bob tie on 3 files, and each orphans one file now (a.py; c.py); the
lower stable person id goes first: Bob Jones 1775736650611119225 < Alice Smith
3656246096730878994. Remove Bob: c orphaned, 1 of 5 is not more than half; remove Alice
(3): a, b and e orphaned, 4 of 5 > half -> truck factor 2.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from conftest import ALICE, BOB, CAROL, GitRepo, query_db, run_cli, scan_json


def build(repo: GitRepo) -> None:
    repo.commit("a1", files={"a.py": "1\n"})
    repo.commit("a2", files={"a.py": "2\n"})
    repo.commit("a3", files={"a.py": "3\n"})
    repo.commit("b1", files={"b.py": "1\n"})
    for i in range(4):
        repo.commit(f"b{i + 2}", author=BOB, files={"b.py": f"{i + 2}\n"})
    repo.commit("c1", author=BOB, files={"c.py": "1\n"})
    repo.commit("d1", author=CAROL, files={"d.py": "1\n"})
    repo.commit("e1", author=ALICE, files={"e.py": "1\n"})
    repo.commit("e2", author=BOB, files={"e.py": "2\n"})
    repo.commit("f1", author=CAROL, files={"f.py": "1\n"})
    repo.git("rm", "-q", "f.py")
    repo.commit("f2", author=CAROL)


def test_truck_factor(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("trucks")
    build(repo)
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("truck-factor", "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [list(r.values()) for r in document["rows"]] == [
        ["trucks", 2, 1, "Bob Jones", 3, 1, 0.2, ["c.py"]],
        ["trucks", 2, 2, "Alice Smith", 3, 4, 0.8, ["a.py", "b.py", "e.py"]],
    ]
    assert document["notes"] == ["trucks: truck factor 2"]


def test_truck_factor_as_of_a_date(make_repo: Any, db_path: Path) -> None:
    # Up to the 4th commit (2020-01-04 12:00) only Alice's a.py and b.py exist: she authors
    # both; removing her orphans 2 of 2 -> truck factor 1.
    repo = make_repo("trucks")
    build(repo)
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli(
        "truck-factor", "--db", str(db_path), "--until", "2020-01-05", "--format", "json"
    )
    rows = [list(r.values()) for r in json.loads(result.stdout)["rows"]]
    assert rows == [["trucks", 1, 1, "Alice Smith", 2, 2, 1.0, ["a.py", "b.py"]]]


def test_truck_factor_by_component(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("comp")
    repo.commit("one", files={"api/x.py": "1\n", "web/y.js": "1\n"})
    repo.commit("two", author=BOB, files={"web/z.js": "1\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("truck-factor", "--db", str(db_path), "--by", "component", "--format", "csv")
    # api: Alice authors x.py -> 1. web: Alice y.js, Bob z.js: a tie on one file each,
    # each orphaning one; the lower stable person id goes first: Bob Jones's
    # 1775736650611119225 < Alice Smith's 3656246096730878994 (hashes of their emails).
    # Removing Bob orphans 1 of 2 (not more than half), Alice then 2 -> 2.
    assert result.stdout.splitlines() == [
        "scope,truck-factor,step,developer,authored,orphaned,orphaned-share,examples",
        "comp:api,1,1,Alice Smith,1,1,1,api/x.py",
        "comp:web,2,1,Bob Jones,1,1,0.5,web/z.js",
        "comp:web,2,2,Alice Smith,1,2,1,web/y.js",
    ]
    ids = dict(query_db(db_path, "SELECT name, person_id FROM persons WHERE name IS NOT NULL"))
    assert ids == {"Alice Smith": 3656246096730878994, "Bob Jones": 1775736650611119225}


def test_a_tie_goes_to_whoever_orphans_most(make_repo: Any, db_path: Path) -> None:
    # Alice creates a.py and c.py alone. Bob creates s.py, which Carol changes four times
    # (as b.py in build(): both author it), and b2.py alone. Authored: Alice {a, c} = 2,
    # Bob {s, b2} = 2, Carol {s} = 1; 4 files. Alice and Bob tie on 2 files, but removing
    # Alice orphans 2 files and Bob 1 (s.py keeps Carol), so Alice goes first although
    # Bob's person id is lower: 2 of 4 orphaned (not more than half); then Bob (2 files
    # left, Carol 1): b2.py orphaned, 3 of 4 -> truck factor 2.
    repo = make_repo("ties")
    repo.commit("a", files={"a.py": "1\n", "c.py": "1\n"})
    repo.commit("s", author=BOB, files={"s.py": "1\n", "b2.py": "1\n"})
    for i in range(4):
        repo.commit(f"s{i}", author=CAROL, files={"s.py": f"{i + 2}\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("truck-factor", "--db", str(db_path), "--format", "csv")
    assert result.stdout.splitlines() == [
        "scope,truck-factor,step,developer,authored,orphaned,orphaned-share,examples",
        "ties,2,1,Alice Smith,2,2,0.5,a.py;c.py",
        "ties,2,2,Bob Jones,2,3,0.75,b2.py",
    ]


def test_a_file_a_merge_deleted_is_not_alive(make_repo: Any, db_path: Path) -> None:
    # On top of build(): Carol adds g.py; main deletes it (day 15), a branch changes it
    # later (day 16), and the merge resolves the conflict by deleting it. Merges have no
    # diff, so by history alone g.py's last change is a modification and it would count as
    # a 6th file (Carol's): shares 1/6 and 4/6. At HEAD it does not exist: 5 files, shares
    # 1/5 and 4/5, exactly as without it.
    repo = make_repo("trucks")
    build(repo)
    repo.commit("g1", author=CAROL, date="2020-01-14T18:00:00+00:00", files={"g.py": "1\n"})
    repo.git("checkout", "-q", "-b", "side")
    repo.git("checkout", "-q", "main")
    repo.git("rm", "-q", "g.py")
    repo.commit("g2", author=CAROL, date="2020-01-15T12:00:00+00:00")
    repo.git("checkout", "-q", "side")
    repo.commit("g3", author=CAROL, date="2020-01-16T12:00:00+00:00", files={"g.py": "3\n"})
    repo.git("checkout", "-q", "main")
    subprocess.run(["git", "-C", str(repo.path), "merge", "-q", "side"], capture_output=True)
    repo.git("rm", "-q", "g.py")
    repo.commit("merge side", date="2020-01-17T12:00:00+00:00")
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("truck-factor", "--db", str(db_path), "--format", "json")
    rows = [list(r.values()) for r in json.loads(result.stdout)["rows"]]
    assert rows == [
        ["trucks", 2, 1, "Bob Jones", 3, 1, 0.2, ["c.py"]],
        ["trucks", 2, 2, "Alice Smith", 3, 4, 0.8, ["a.py", "b.py", "e.py"]],
    ]

    # As of a date, the tree of the newest main-line commit before it decides. As of
    # 2020-01-17 that is g2 (main deleted g.py on the 15th); the branch's change of the
    # 16th had not landed (it lands with the merge on the 17th, 12:00): 5 files, as at
    # HEAD. As of the 15th (before g2) g.py was alive: a 6th file (Carol's), shares 1/6
    # (Bob: c.py) and 4/6 (Alice: a.py, b.py, e.py).
    def shares(until: str) -> list[float]:
        out = run_cli("truck-factor", "--until", until, "--no-code-only",
                      "--db", str(db_path), "--format", "json")  # fmt: skip
        return [r["orphaned-share"] for r in json.loads(out.stdout)["rows"]]

    assert shares("2020-01-17") == [0.2, 0.8]
    assert shares("2020-01-15") == [0.167, 0.667]


def test_every_repository_s_factor_at_once_is_each_one_s(make_repo: Any, db_path: Path) -> None:
    # "trucks" as above (2) beside "solo", Alice's alone (1): the standards check reads
    # every repository's truck factor from one run (standards.health.truck_factors); each
    # equals the run of that repository alone
    from datetime import UTC, datetime

    from techlead.analyses import truck_factor
    from techlead.core.model import Options
    from techlead.standards.context import RepoContext
    from techlead.standards.health import truck_factors
    from techlead.warehouse.connection import open_warehouse

    build(make_repo("trucks"))
    solo = make_repo("solo")
    solo.commit("s1", files={"s.py": "1\n", "t.py": "2\n"})
    for name in ("trucks", "solo"):
        scan_json(str(db_path.parent.parent / name), "--db", str(db_path))
    con = open_warehouse(db_path, read_only=True)
    try:
        params = truck_factor.TruckFactorParams(by="repo")
        alone = {
            name: min(truck_factor.factors(truck_factor.run(con, Options(repos=(name,)),
                                                            params)).values())
            for name in ("trucks", "solo")
        }  # fmt: skip
        ctx = RepoContext(con, 1, "trucks", db_path, datetime.now(UTC), None)
        assert truck_factors(ctx) == alone == {"trucks": 2, "solo": 1}
    finally:
        con.close()
