"""techlead vulns and techlead risk on a scanned repository, with the corpus' OSV data.

The history: Alice alone writes src/app.py (120 lines of code), a requirements.txt
pinning requests 2.19.1 (affected by GHSA-x84v-xcm2-53pg, CVSS 7.5: high) and a
package.json with one dependency and no lockfile, all in January 2020; Bob writes notes
(prose, no code) on 2020-12-01. Measured to 2021-01-01 (or today), the repository's newest
commit is Bob's and Alice has had no commit in the 180 days before it: she has left.
Measured to 2020-02-01, Bob's commit is in the future and Alice is active.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from techlead.risk.model import risk_id

from conftest import BOB, CORPUS, GitRepo, run_cli, scan_json

OSV = str(CORPUS / "osv")
APP = "".join(f"x{i} = {i}\n" for i in range(120))
PACKAGE_JSON = '{\n  "dependencies": {\n    "left-pad": "^1.3.0"\n  }\n}\n'


def build(make_repo: Any, db: Path) -> GitRepo:
    repo: GitRepo = make_repo("shop")
    repo.commit("app", files={"src/app.py": APP})
    repo.commit("deps", files={"requirements.txt": "requests==2.19.1\n"})
    repo.commit("web", files={"package.json": PACKAGE_JSON})
    repo.commit("notes", author=BOB, date="2020-12-01T12:00:00+00:00",
                files={"NOTES.md": "Notes.\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db))
    return repo


def rows(db: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli(*args, "--db", str(db), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    records: list[dict[str, Any]] = json.loads(result.stdout)["rows"]
    return records


def test_vulns(make_repo: Any, db_path: Path) -> None:
    build(make_repo, db_path)
    [row] = rows(db_path, "vulns", "--osv", OSV)
    assert row == {
        "advisory": "GHSA-x84v-xcm2-53pg",
        "aliases": ["CVE-2018-18074"],
        "severity": "high",
        "score": 7.5,
        "ecosystem": "PyPI",
        "package": "requests",
        "version": "2.19.1",
        "status": "affected",
        "fixed": ["2.20.0"],
        "repos": ["shop"],
        "manifests": ["shop:requirements.txt"],
        "summary": row["summary"],
    }
    high = run_cli("vulns", "--osv", OSV, "--fail-on", "high", "--db", str(db_path))
    assert high.exit_code == 1
    critical = run_cli("vulns", "--osv", OSV, "--fail-on", "critical", "--db", str(db_path))
    assert critical.exit_code == 0
    missing = run_cli("vulns", "--osv", "/nonexistent", "--db", str(db_path))
    assert missing.exit_code == 2


def test_risk_register(make_repo: Any, db_path: Path, tmp_path: Path) -> None:
    build(make_repo, db_path)
    # A month after the history, Alice is active: her code rests on her alone.
    # vulnerability: high → 4; runtime and direct → 4 + 1 = 5
    # truck factor 1 → 4 for src (impact 5); (root) holds no code (requirements.txt and
    # package.json are data), so it has no truck-factor risk; lockfile: 3 × 3
    early = rows(db_path, "risk", "--osv", OSV, "--now", "2020-02-01")
    assert [(r["category"], r["likelihood"], r["impact"], r["score"], r["id"]) for r in early] == [
        ("truck-factor", 4, 5, 20, risk_id("truck-factor", "shop", "src")),
        ("vulnerability", 4, 5, 20, early[1]["id"]),
        ("lockfile", 3, 3, 9, risk_id("lockfile", "shop", "package.json", "npm")),
    ]
    assert early[0]["mitigation"].startswith("pair Alice Smith with another developer on src")
    # By 2021 she has left (no commit in the 180 days before Bob's): nobody is left to pair
    # with, and the
    # knowledge is lost already: src lost 100% (likelihood 5) and holds all 120 lines of Python
    # code (impact 5: requirements.txt and package.json are data).
    register = rows(db_path, "risk", "--osv", OSV, "--now", "2021-01-01")
    got = [(r["category"], r["likelihood"], r["impact"], r["score"], r["id"]) for r in register]
    assert got == [
        ("knowledge", 5, 5, 25, risk_id("knowledge", "shop", "src")),
        ("vulnerability", 4, 5, 20, register[1]["id"]),
        ("lockfile", 3, 3, 9, risk_id("lockfile", "shop", "package.json", "npm")),
    ]
    assert register[1]["mitigation"] == "upgrade requests from 2.19.1 to 2.20.0"
    # A hand-kept entry overrides the fields it writes and adds its own risks.
    kept = tmp_path / "risks.toml"
    kept.write_text(
        f'[[risk]]\nid = "{register[2]["id"]}"\nowner = "bob@example.com"\nstatus = "accepted"\n'
        '\n[[risk]]\nid = "VENDOR"\ntitle = "Provider contract ends"\nlikelihood = 2\n'
        "impact = 5\n"
    )
    merged = rows(db_path, "risk", "--risks", str(kept), "--now", "2021-01-01")
    lockfile = next(r for r in merged if r["category"] == "lockfile")
    assert (lockfile["owner"], lockfile["status"], lockfile["score"]) == (
        "bob@example.com",
        "accepted",
        9,
    )
    vendor = next(r for r in merged if r["id"] == "VENDOR")
    assert (vendor["category"], vendor["score"]) == ("hand-kept", 10)
    kept.write_text('[[risk]]\nid = "X"\nlikelihood = 9\n')
    bad = run_cli("risk", "--risks", str(kept), "--db", str(db_path))
    assert bad.exit_code == 2
    assert "risk X: 'likelihood' must be an integer from 1 to 5" in bad.stderr


def test_risk_diff(make_repo: Any, db_path: Path) -> None:
    repo = build(make_repo, db_path)
    first = rows(db_path, "risk", "--diff")
    assert first == []
    # A lockfile arrives: the lockfile risk is resolved at the next scan.
    lock = {
        "lockfileVersion": 3,
        "packages": {
            "": {"dependencies": {"left-pad": "^1.3.0"}},
            "node_modules/left-pad": {"version": "1.3.0"},
        },
    }
    repo.commit("lock", files={"package-lock.json": json.dumps(lock)})
    scan_json(str(repo.path), "--db", str(db_path))
    changes = rows(db_path, "risk", "--diff")
    assert [(c["change"], c["id"]) for c in changes] == [
        ("resolved", risk_id("lockfile", "shop", "package.json", "npm"))
    ]


def test_hold_technologies_from_a_radar(make_repo: Any, db_path: Path, tmp_path: Path) -> None:
    build(make_repo, db_path)
    radar = tmp_path / "radar.csv"
    radar.write_text("name,ring,quadrant,isNew,description\nleft-pad,hold,tools,FALSE,\n")
    register = rows(db_path, "risk", "--radar", str(radar), "--now", "2021-01-01")
    [hold] = [r for r in register if r["category"] == "hold"]
    # one repository uses it: impact 3; likelihood 3
    assert (hold["id"], hold["score"], hold["title"]) == (
        risk_id("hold", "left-pad"),
        9,
        "left-pad is on the radar's hold ring but still in use",
    )
    assert hold["mitigation"] == "plan the migration off left-pad in shop"
    # The briefing and the report add the radar's hold risks to the stored register.
    brief = run_cli("brief", "--radar", str(radar), "--db", str(db_path)).stdout
    assert "; 1 dependency list without a lockfile; 1 retired technology still in use." in brief
    assert "  • Technology radar: 1 technology on hold is still in use, 2 technologies in " \
        "use are not on the radar, 0 adopted technologies are unused." in brief  # fmt: skip


def test_vulnerabilities_reach_the_briefing_and_the_report(
    make_repo: Any, db_path: Path, tmp_path: Path
) -> None:
    build(make_repo, db_path)

    def light(*args: str) -> str:
        out = run_cli("brief", *args, "--db", str(db_path)).stdout.splitlines()
        # the light's own line (the verdict above the lights names it too)
        return next(line for line in out if line.startswith("  • ") and "Dependencies" in line)

    # Without OSV data nothing says whether a dependency is vulnerable: the light says so;
    # package.json has no lockfile, so it is amber. With the corpus' OSV data requests
    # 2.19.1 is affected (score 20 ≥ 15: serious), so it is red.
    assert light() == (
        "  • 🟠 Dependencies and security (amber): Dependencies not checked for known "
        "vulnerabilities (no advisory data was given); 1 dependency list without a lockfile."
    )
    assert light("--osv", OSV) == (
        "  • 🔴 Dependencies and security (red): 1 known vulnerability in the dependencies we "
        "use (1 serious); 1 dependency list without a lockfile. Decision 2 below answers this."
    )
    brief = run_cli("brief", "--osv", OSV, "--db", str(db_path)).stdout
    # The scan stored its register today: Alice has left, so knowledge (25) ranks first and
    # answers the red knowledge light, the vulnerability (20) answers the red dependency
    # light, and shop missing bronze answers the red standards light; the missing lockfile
    # (9) has no place left.
    assert re.findall(r"^\d\. (\w+)", brief, re.M) == ["Name", "Upgrade", "Bring"]
    assert "\n2. Upgrade requests from 2.19.1 to 2.20.0\n" in brief
    assert "  • vulnerability: a publicly known security flaw in a dependency we use" in brief
    out = tmp_path / "report.html"
    assert run_cli("report", "--osv", OSV, "--out", str(out), "--db", str(db_path)).exit_code == 0
    html = out.read_text()
    assert "vulnerabilities checked against the OSV data given." in html
    # The scan stored its register today, so the report measures activity to today too:
    # Alice last committed in January 2020, Bob in December.
    assert "by 2 people (1 active; 1 person has left: no commit in the 180 days before the " \
        "newest commit of the repositories they worked in)" in html  # fmt: skip
    assert "<td>requests 2.19.1: GHSA-x84v-xcm2-53pg " in html
    missing = run_cli("report", "--osv", str(tmp_path / "none"), "--db", str(db_path))
    assert missing.exit_code == 2


def test_upgrade_advice_within_the_release_line(make_repo: Any, db_path: Path) -> None:
    # GHSA-v845-jxx5-vc9f is fixed in 1.26.17 (1.x) and 2.0.6 (2.x): 2.0.1 needs 2.0.6,
    # 1.26.5 needs 1.26.17, and an unresolved ">=1.26" may need either.
    repo: GitRepo = make_repo("svc")
    repo.commit("deps", files={
        "a/requirements.txt": "urllib3==2.0.1\n", "b/requirements.txt": "urllib3==1.26.5\n",
        "c/requirements.txt": "urllib3>=1.26\n",
    })  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    register = rows(db_path, "risk", "--osv", OSV)
    advice = sorted(r["mitigation"] for r in register if r["category"] == "vulnerability")
    # The advisory's summary is markdown ("`Cookie` HTTP header ..."): plain in a title.
    assert {r["title"].split(" ", 3)[3] for r in register if r["category"] == "vulnerability"} \
        == {"Cookie HTTP header isn't stripped on cross-origin redirects"}  # fmt: skip
    assert advice == [
        "require a fixed version of urllib3 (1.26.17 or later, 2.0.6 or later)",
        "upgrade urllib3 from 1.26.5 to 1.26.17",
        "upgrade urllib3 from 2.0.1 to 2.0.6",
    ]
    # The report's inventory shows the drift between the two pinned manifests.
    out = db_path.parent / "report.html"
    assert run_cli("report", "--out", str(out), "--db", str(db_path)).exit_code == 0
    assert "1 dependency pinned at more than one version." in out.read_text()
    assert "<td>urllib3</td><td>2</td><td>svc 1.26.5, svc 2.0.1</td>" in out.read_text()


def test_scan_stores_its_register_as_of_now(make_repo: Any, db_path: Path) -> None:
    repo = build(make_repo, db_path)
    bad = run_cli("scan", str(repo.path), "--db", str(db_path), "--now", "soon")
    assert bad.exit_code == 2 and bad.stderr.startswith("techlead: error:")
    # build() scanned today: Alice left long ago, her code's knowledge is lost.
    today = rows(db_path, "risk", "--diff")
    assert today == []
    repo.commit("more", files={"src/app.py": APP + "x = 1\n"})
    scan_json(str(repo.path), "--db", str(db_path), "--now", "2020-02-01")
    # As of 2020-02-01 she is active: the knowledge risk is resolved, truck factors appear.
    changes = {(c["change"], c["id"].split("-")[0]) for c in rows(db_path, "risk", "--diff")}
    assert ("resolved", "KNOW") in changes and ("new", "TRUC") in changes


def test_possibly_affected_is_not_counted_as_known(make_repo: Any, db_path: Path) -> None:
    # requests 2.19.1 (pinned) is affected by GHSA-x84v-xcm2-53pg; api/requirements.txt
    # asks for requests>=2.0 without resolving it: that advisory may apply (possibly
    # affected), so it is said apart, not counted among the known vulnerabilities.
    repo = build(make_repo, db_path)
    repo.commit("api", files={"api/requirements.txt": "requests>=2.0\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    statuses = sorted(r["status"].split(":")[0] for r in rows(db_path, "vulns", "--osv", OSV))
    assert statuses == ["affected", "possibly affected"]
    brief = run_cli("brief", "--osv", OSV, "--db", str(db_path)).stdout.splitlines()
    assert next(line for line in brief if line.startswith("  • 🔴 Dependencies")) == (
        "  • 🔴 Dependencies and security (red): 1 known vulnerability in the dependencies we "
        "use (1 serious); 1 more advisory may apply to dependencies declared without a "
        "resolved version; 1 dependency list without a lockfile. Decision 2 below answers "
        "this."
    )
