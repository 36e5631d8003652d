"""techlead report and brief on a small workspace (workspace.py).

api: Alice writes src/core.py (cyclomatic 7) and src/util.py, then they change together 5
more times (Bob on changes 2 and 4), so core.py is the one hotspot and the pair is 100%
coupled; a third person adds one file. web: Carol alone. Every repository has truck
factor 1, so the register's three highest risks are truck-factor risks (score 4 × 5).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from workspace import EVIL_SUBJECT, build_in, core

from techlead.communicate.charts import short_labels
from techlead.communicate.model import TITLES
from techlead.communicate.roles import ROLES

from conftest import run_cli, scan_json

NOW = "2020-02-01"


@pytest.fixture(scope="module")
def workspace_db(module_git: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workspace of workspace.py, built and scanned once for this module (reports and
    briefs only read the warehouse)."""
    return build_in(tmp_path_factory.mktemp("workspace"))


@pytest.fixture(scope="module")
def report(workspace_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """`techlead report --now 2020-02-01` on the workspace: the command's result and file."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    return run_cli("report", "--out", str(out), "--now", NOW, "--db", str(workspace_db)), out


@pytest.fixture
def html(report: tuple[Result, Path]) -> str:
    result, out = report
    assert result.exit_code == 0, result.output
    return out.read_text()


def test_brief_text(workspace_db: Path) -> None:
    result = run_cli("brief", "--role", "cto", "--now", NOW, "--db", str(workspace_db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["Briefing for a CTO", "Evidence up to 2020-01-07."]
    # The verdict says the lights again: two red, one green, one grey; one scan and a
    # history of days: nothing to compare, so no direction.
    assert lines[3] == (
        "Overall: at risk — of 4 lights, 2 red (Knowledge, Standards), 1 "
        "green (Code health), 1 grey (Dependencies and security)."
    )
    # Production code weighted by commits: core.py 9.9 × 6, util.py 10 × 6, the evil file
    # 10 × 1, page.js 10 × 2: 149.4 / 15 = 9.96, "10.0"; no hotspot is unhealthy or grew
    # more complex (no history a year back); truck factor 1 in api and web;
    # both repositories fail bronze checks (no LICENSE, no CI).
    assert lines[7:11] == [
        "  • 🟢 Code health (green): The code people change most has code health 10.0 of 10 "
        "(healthy: 9 or more); no hotspot is unhealthy (below 4) or grew more complex in the "
        "last year.",
        "  • 🔴 Knowledge (red): The lowest truck factor of a repository is 1 (api); no "
        "component has lost the people who wrote 25% of its code. Decision 1 below answers "
        "this.",
        "  • ⚪ Dependencies and security (grey): Dependencies not checked for known "
        "vulnerabilities (no advisory data was given); no dependency list lacks the lockfile "
        "its ecosystem expects, and no retired technology is in use.",
        "  • 🔴 Standards (red): 2 of 2 repositories miss the basic standards level (bronze). "
        "Decision 2 below answers this.",
    ]
    # A CTO decides per repository: a red light's answer first (knowledge: api's src rests
    # on Alice, score 20), then the standards (web fails 3 bronze checks, api 2), then the
    # next risk (web's app rests on Carol, 20). The ADR in doc/ is not code: knowledge
    # risks count code files only.
    decisions = [line for line in lines if re.match(r"\d\. ", line)]
    assert decisions == [
        "1. Spread the knowledge of api: src depends on Alice Smith; pair them with another "
        "developer",
        "2. Bring 2 repositories up to the basic standards level (bronze): add a LICENSE file "
        "with the full text of an SPDX licence.",
        "3. Spread the knowledge of web: app depends on Carol White; pair them with another "
        "developer",
    ]
    # Both miss the licence and CI (the first of those fails in the most: its fix leads);
    # web has no README either.
    assert "   Why: api and web miss bronze: LICENSE with a recognised licence fails in both; " \
        "CI configured fails in both; README present fails in web" in lines  # fmt: skip
    assert (
        "   If ignored: losing Alice Smith would leave most of src with nobody who knows it."
        in lines
    )
    # The cto's sections follow the lights, in its order (the overview is not a point).
    points = lines[lines.index("What the evidence says") + 2 : lines.index("Words used here") - 1]
    assert [next(t for t in TITLES.values() if p.startswith(f"  • {t}: ")) for p in points] == [
        TITLES[s] for s in ROLES["cto"].sections if s != "overview"
    ]
    # 1 hotspot: core.py holds 14 of the 17 lines of the scored production files (82%: with
    # util.py, the evil file and page.js, 1 line each); its 6 revisions are 40% of their 15
    # (util.py 6, the evil file 1, page.js 2): less than its share of the code, so no
    # payback is claimed.
    assert "  • Hotspots: 1 hotspot file holds 82% of the measured code and draws 40% of its " \
        "changes." in lines  # fmt: skip
    markdown = run_cli("brief", "--format", "markdown", "--now", NOW, "--db", str(workspace_db))
    assert markdown.stdout.startswith(
        "# Briefing\nEvidence up to 2020-01-07.\n\n**Overall: at "
        "risk — of 4 lights, 2 red (Knowledge, Standards), 1 "
        "green (Code health), 1 grey (Dependencies and security)."
        "**\n\n## Traffic lights"
    )
    document = json.loads(run_cli("brief", "--format", "json", "--db", str(workspace_db)).stdout)
    assert [d["colour"] for d in document["lights"]] == ["green", "red", "grey", "red"]
    # Without a role, decisions are taken at file level: the risks' own mitigations.
    assert [d["title"] for d in document["decisions"]] == [
        "Pair Alice Smith with another developer on src, starting with src/core.py, "
        "src/util.py (in api)",
        "Bring 2 repositories up to the basic standards level (bronze): add a LICENSE file "
        "with the full text of an SPDX licence.",
        "Pair Carol White with another developer on app, starting with app/page.js (in web)",
    ]
    assert [d["level"] for d in document["decisions"]] == ["file", "repository", "file"]


def test_report_writes_the_file_it_names(report: tuple[Result, Path]) -> None:
    result, out = report
    assert result.exit_code == 0, result.output
    assert result.stdout == f"techlead: wrote {out.resolve()}\n"


def test_report_is_self_contained(html: str) -> None:
    # Self-contained: no external script, stylesheet or image.
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"?https?:", html)
    assert (
        "plotly.js v" in html and html.count('<script type="application/json" class="figure"') >= 5
    )


def test_report_sections_in_default_order(html: str) -> None:
    sections = re.findall(r'<section id="s-([a-z]+)"', html)
    # Every section with data, in the default order; the radar needs --radar, and no
    # component is coupled to another (the architecture section).
    assert sections == ["glance", "overview", "risks", "hotspots", "health", "complexity",
                        "coupling",
                        "knowledge", "loss", "mentoring", "skills", "teams", "rollup",
                        "alignment", "culture", "inventory", "decisions", "standards",
                        "delivery", "work"]  # fmt: skip
    assert "Nothing to show for: Architecture: coupling across components and " in html


def test_report_overview_counts(html: str) -> None:
    # api: 7 commits by Alice, Bob and the injected name; web: 2 by Carol. No merges, no
    # bots; all 4 committed within the policy's 180 days before their repository's newest.
    assert re.search(r"2 repositories, 9 commits \(0 merges, 0 by bots\) by 4 people \(4 "
                     r"active\), [\d,]+ lines of code\.", html)  # fmt: skip


def test_report_without_now_uses_the_stored_register_date(
    workspace_db: Path, tmp_path: Path
) -> None:
    # Without --now activity is measured to the moment the stored register was (the
    # scan's --now, 2020-02-01): the same 4 people are active.
    stored = tmp_path / "stored.html"
    run_cli("report", "--out", str(stored), "--db", str(workspace_db))
    assert "by 4 people (4 active)" in stored.read_text()


def test_report_teams_own_repositories(html: str) -> None:
    # Teams own repositories ([[repos]] team); nobody's team membership is configured.
    assert (
        "2 teams own 2 repositories (core: api; front: web); no person&#39;s team is "
        "configured, so a component counts for its repository&#39;s team; 0 coupled pairs of "
        "components across teams (changed for the same tickets)." in html
    )


def test_report_escapes_repository_text(html: str) -> None:
    # Repository text is escaped wherever it lands.
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=window.__pwned=2&gt;.py" in html
    assert 'href="javascript:' not in html


def test_report_adr_text_folded_and_sanitised(html: str) -> None:
    # Each ADR's sanitised text is in the report, folded, and its row links to it.
    text = re.search(r'<details class="adr-text" id="(adr-[0-9a-f]{12})">.*?</details>', html, re.S)
    assert text is not None and f'<a href="#{text[1]}" data-key="1 Use &lt;script&gt;' in html
    assert "<h2>Decision</h2>\n<p>We will.</p>" in text[0]
    assert "[the docs](javascript:window.__pwned=5) and &lt;img src=x" in text[0]


def test_report_for_a_role(workspace_db: Path, tmp_path: Path) -> None:
    staff = tmp_path / "staff.html"
    run_cli("report", "--role", "staff-engineer", "--out", str(staff), "--db", str(workspace_db))
    staff_html = staff.read_text()
    assert re.findall(r'<section id="s-([a-z]+)"', staff_html)[:5] == [
        "glance", "hotspots", "health", "coupling", "complexity"]  # fmt: skip
    assert "Left out for this role: Risk register" not in staff_html  # risks are shown
    assert (
        "Left out for this role: Knowledge loss and off-boarding exposure, Mentoring needs, "
        "Skills: who knows which technology, Teams and cross-team coupling, Team roll-up: "
        "every team against the same lights, Alignment: dependencies between repositories, "
        "fragmentation and drift, Culture: collaboration, knowledge spreading, learning and "
        "innovation, People&#39;s profiles, Technology radar, Engineering standards" in staff_html
    )


def test_report_for_executives(workspace_db: Path, tmp_path: Path) -> None:
    executive = tmp_path / "exec.html"
    run_cli("report", "--audience", "executive", "--role", "cto", "--out", str(executive),
            "--now", NOW, "--db", str(workspace_db))  # fmt: skip
    page = executive.read_text()
    assert "<h1>Briefing for a CTO</h1>" in page
    assert page.count('<div class="light ') == 4 and page.count("<li><b>") == 3
    assert '<p class="answer">Decision 1 below answers this.</p>' in page
    assert "<dt><b>truck factor</b></dt>" in page and "plotly" not in page


def test_bad_input(make_repo: Any, db_path: Path, tmp_path: Path) -> None:
    unknown = run_cli("report", "--role", "ceo", "--db", str(db_path))
    assert unknown.exit_code == 2 and "'ceo' is not one of" in unknown.output
    missing = run_cli("brief", "--db", str(tmp_path / "none.duckdb"))
    assert missing.exit_code == 2
    assert missing.stderr.startswith("techlead: error:") and len(missing.stderr.splitlines()) <= 2


# A payload in a file path: "</script>" holds a "/", so git stores a folder named
# "<script>window.__pwned=3<" holding "script> fix.py", and the path keeps the whole text.
EVIL_PATH = f"src/{EVIL_SUBJECT}.py"
EVIL_PATH_HTML = "src/&lt;script&gt;window.__pwned=3&lt;/script&gt; fix.py"
EVIL_PATH_JSON = "src/\\u003cscript\\u003ewindow.__pwned=3\\u003c/script\\u003e fix.py"
# A payload in a person's name: git drops "<" and ">" from names but keeps quotes, so this
# one tries to break out of an HTML attribute instead (names land in data-key="...").
EVIL_NAME = ('Eve" onmouseover="window.__pwned=7', "eve@example.com")
EVIL_NAME_HTML = "Eve&#34; onmouseover=&#34;window.__pwned=7"


def test_injection_text_in_evidence(make_repo: Any, db_path: Path, tmp_path: Path) -> None:
    # The payloads sit where the report shows them: the one file that changes is the only
    # hotspot (4 revisions x cyclomatic 7), and its only author is in the mentoring table.
    # (workspace.py's EVIL_SUBJECT, as a commit subject, is in no report section.)
    repo = make_repo("shop")
    repo.commit("add", author=EVIL_NAME, files={EVIL_PATH: core(0), "src/ok.py": "x = 1\n"})
    for n in range(1, 4):
        repo.commit(f"change {n}", author=EVIL_NAME, files={EVIL_PATH: core(n)})
    scan_json(str(repo.path), "--db", str(db_path), "--now", NOW)
    out = tmp_path / "report.html"
    result = run_cli("report", "--out", str(out), "--now", NOW, "--db", str(db_path))
    assert result.exit_code == 0, result.output
    html = out.read_text()
    sections = {
        m[1]: m[0] for m in re.finditer(r'<section id="s-([a-z]+)".*?</section>', html, re.S)
    }
    # Shown, as text: the path in the hotspots table and chart, the name in the mentoring
    # table (an attribute and a cell).
    hotspots = sections["hotspots"]
    assert f'<td>1</td><td><span class="ref" data-key="{EVIL_PATH_HTML}">{EVIL_PATH_HTML}</span>' \
        "</td><td>4</td>" in hotspots  # fmt: skip
    assert EVIL_PATH_JSON in hotspots
    assert f'<td><span class="ref" data-key="{EVIL_NAME_HTML}">{EVIL_NAME_HTML}</span></td>' \
        in sections["mentoring"]  # fmt: skip
    # Not live markup anywhere: no script element or "</script>" from the path (which
    # would also end the chart's JSON block early), no attribute from the name.
    assert EVIL_SUBJECT not in html and "<script>window.__pwned" not in html
    assert "</script> fix" not in html
    assert 'onmouseover="' not in html


def test_every_role_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "roles.md").read_text()
    for name, chosen in ROLES.items():
        assert f"### {name}\n" in doc
        assert "Order: " + " → ".join(TITLES[s] for s in chosen.sections) + "." in doc


def test_short_chart_labels() -> None:
    paths = ["doc/en/how-to/index.rst", "doc/en/index.rst", "src/a.py", "api:src/b.py",
             "web:src/b.py", "README.md"]  # fmt: skip
    assert short_labels(paths) == [
        "how-to/index.rst", "en/index.rst", "a.py", "api:src/b.py", "web:src/b.py", "README.md"
    ]  # fmt: skip


def test_a_report_computes_each_analysis_once(
    workspace_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fourteen sections and the briefing need the hotspot ranking (hotspots, complexity)
    and the truck factors (knowledge, the knowledge light): each is computed once for the
    workspace; the team roll-up judges each of the two teams (core, front) by its own
    truck factor."""
    import dataclasses
    from datetime import datetime

    from techlead.analyses import hotspots, truck_factor
    from techlead.communicate.model import Scope
    from techlead.communicate.report import report
    from techlead.warehouse.connection import open_warehouse

    calls: dict[str, int] = {"rank": 0, "truck-factor": 0}
    rank = hotspots.rank

    def counted_rank(*args: Any) -> Any:
        calls["rank"] += 1
        return rank(*args)

    def counted_truck(*args: Any) -> Any:
        calls["truck-factor"] += 1
        return truck_factor.run(*args)

    monkeypatch.setattr(hotspots, "rank", counted_rank)
    monkeypatch.setattr(
        truck_factor, "ANALYSIS", dataclasses.replace(truck_factor.ANALYSIS, run=counted_truck)
    )
    con = open_warehouse(workspace_db, read_only=True)
    try:
        # Trends measure the metrics at past dates (their own computations): left out here.
        moment = datetime.fromisoformat(NOW + "T00:00:00+00:00")
        made = report(Scope(con, now=moment, trends=False), None)
    finally:
        con.close()
    assert [s.id for s in made.sections][:3] == ["overview", "risks", "hotspots"]
    assert calls == {"rank": 1, "truck-factor": 3}


def test_report_charts_explain_their_colours(html: str) -> None:
    # A caption under the chart says what its colours mean (and the legend names them).
    assert '<p class="caption">Red: the main developer has left (no commit in the 180 days ' in html
    assert '<p class="caption">Each cell counts the risks of that likelihood' in html


def test_health_section(html: str) -> None:
    section = html[html.index('id="s-health"') : html.index('id="s-complexity"')]
    # Scored production files: core.py 14 lines at 9.9 (five parameters: 10 - 0.5 × 1/5),
    # util.py, the evil file and page.js 1 line each at 10. By lines: (14 × 9.9 + 3 × 10)
    # / 17 = 9.92; by their commits in the year before 2020-02-01 (all of them): core.py
    # 6 × 9.9, util.py 6, the evil file 1 and page.js 2 at 10: 149.4 / 15 = 9.96.
    assert (
        "Code health 9.9 of 10 on average (weighted by lines of code), 10.0 in the code people "
        "changed in the last year (weighted by their commits); 0 files unhealthy (below 4), 0 "
        "problematic (below 9), of 4 files scored." in section
    )
    # No file is below the healthy mark (9): only the table by component is shown
    assert "Code health by component, least healthy first" in section
    assert "Files below the healthy mark" not in section
