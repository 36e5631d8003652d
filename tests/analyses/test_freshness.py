"""dependency-freshness on hand-built workspaces (analyses/freshness.py).

The workspace of ``workspace`` (every commit at 12:00 UTC):

api    2021-03-01  requirements.txt: requests==2.19.1, flask==2.0.0
tools  2022-01-10  requirements.txt: requests==2.20.0
       2022-09-01  requirements.txt: requests==2.25.0 (the bump)
       2022-10-01  README.md only (the manifest unchanged)
web    2023-06-01  requirements.txt: requests==2.31.0, flask==2.0, six===abc

requests: three versions, 2.19.1 < 2.25.0 < 2.31.0. flask 2.0 = 2.0.0 (PEP 440): nobody
is behind. six's 'abc' is no PEP 440 version: left out, and a note says so.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techlead.analyses.freshness import FreshnessRow, _behind, _Holder

from conftest import run_cli, scan_json


def at(day: str) -> str:
    return f"{day}T12:00:00+00:00"


@pytest.fixture
def workspace(make_repo: Any, db_path: Path) -> Path:
    api = make_repo("api")
    api.commit("deps", date=at("2021-03-01"),
               files={"requirements.txt": "requests==2.19.1\nflask==2.0.0\n"})  # fmt: skip
    tools = make_repo("tools")
    tools.commit("deps", date=at("2022-01-10"), files={"requirements.txt": "requests==2.20.0\n"})
    tools.commit("bump", date=at("2022-09-01"), files={"requirements.txt": "requests==2.25.0\n"})
    tools.commit("docs", date=at("2022-10-01"), files={"README.md": "tools\n"})
    web = make_repo("web")
    web.commit("deps", date=at("2023-06-01"),
               files={"requirements.txt": "requests==2.31.0\nflask==2.0\nsix===abc\n"})  # fmt: skip
    scan_json(str(api.path), str(tools.path), str(web.path), "--db", str(db_path))
    return db_path


def rows(db: Path, *args: str) -> dict[str, Any]:
    result = run_cli("dependency-freshness", *args, "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_who_is_behind_and_since_when(workspace: Path) -> None:
    # api (2.19.1) is 2 versions behind. Newer ones: tools' 2.25.0, whose file last changed
    # 2022-09-01 (the bump; README's commit does not count), and web's 2.31.0, since
    # 2023-06-01. The earliest is 2022-09-01, not exact: tools declared requests from
    # 2022-01-10 on (at 2.20.0), and the warehouse keeps no history per version, so
    # 2.25.0 may have come at any time in between.
    # tools (2.25.0) is 1 behind web's 2.31.0, exactly since 2023-06-01: that commit
    # introduced requests in web's manifest.
    document = rows(workspace)
    assert document["rows"] == [
        {"ecosystem": "PyPI", "package": "requests", "newest": "2.31.0", "repo": "api",
         "manifest": "requirements.txt", "version": "2.19.1", "behind": 2,
         "since": at("2022-09-01"), "exact": False},
        {"ecosystem": "PyPI", "package": "requests", "newest": "2.31.0", "repo": "tools",
         "manifest": "requirements.txt", "version": "2.25.0", "behind": 1,
         "since": at("2023-06-01"), "exact": True},
    ]  # fmt: skip
    assert document["notes"] == [
        "2 manifest versions behind the newest in the workspace, of 1 package",
        "1 version left out: not a version its ecosystem's rules read (e.g. PyPI six 'abc')",
    ]


def test_only_the_repositories_asked_for(workspace: Path) -> None:
    # Without web, tools' 2.25.0 is the newest: api is 1 behind since 2022-09-01, not exact.
    document = rows(workspace, "--repo", "api", "--repo", "tools")
    assert [(r["repo"], r["version"], r["newest"], r["behind"], r["since"], r["exact"])
            for r in document["rows"]] == [
        ("api", "2.19.1", "2.25.0", 1, at("2022-09-01"), False)
    ]  # fmt: skip


def test_history_filters_and_unknown_repositories_are_one_line_errors(workspace: Path) -> None:
    for flag, value in (("--until", "2022-01-01"), ("--since", "2022-01-01"),
                        ("--path", "*.txt"), ("--role", "test")):  # fmt: skip
        result = run_cli("dependency-freshness", flag, value, "--db", str(workspace))
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"techlead: error: dependency-freshness reads the manifests at HEAD; "
            f"{flag} is not supported"
        )
    unknown = run_cli("dependency-freshness", "--repo", "nope", "--db", str(workspace))
    assert unknown.exit_code == 2 and len(unknown.stderr.strip().splitlines()) == 1


def holder(repo: str, version: str, changed: str | None = None) -> _Holder:
    when = datetime.fromisoformat(at(changed)) if changed else None
    return _Holder(repo, "pom.xml", version, when, when)


def test_equal_versions_spelled_apart_are_one_level() -> None:
    # Maven: 1 = 1.0 = 1.0-final (one level), 1.1 newer; 1.1-rc1 between them.
    found = _behind(
        "Maven", "g:a",
        [holder("a", "1"), holder("b", "1.0-final"), holder("c", "1.1-rc1", "2024-01-01"),
         holder("d", "1.1", "2024-02-01")],
        set(),
    )  # fmt: skip
    jan, feb = (datetime(2024, m, 1, 12, tzinfo=UTC) for m in (1, 2))
    assert found == [
        FreshnessRow("Maven", "g:a", "1.1", "a", "pom.xml", "1", 2, jan, True),
        FreshnessRow("Maven", "g:a", "1.1", "b", "pom.xml", "1.0-final", 2, jan, True),
        FreshnessRow("Maven", "g:a", "1.1", "c", "pom.xml", "1.1-rc1", 1, feb, True),
    ]


def test_a_newer_version_with_no_history_gives_no_date() -> None:
    # The newer holder's file has no commit in the history (a shallow clone): unknown.
    found = _behind("npm", "lodash", [holder("a", "4.17.0"), holder("b", "4.17.21")], set())
    assert [(r.version, r.since, r.exact) for r in found] == [("4.17.0", None, False)]


VERSION = st.one_of(
    st.from_regex(r"\A[0-9]{1,3}(\.[0-9]{1,3}){0,3}(-[a-z0-9.]{1,6})?\Z"),
    st.text(max_size=8),
)
DAY = st.none() | st.dates(min_value=datetime(2000, 1, 1).date()).map(str)


@settings(max_examples=150, deadline=1000)
@given(
    st.sampled_from(["PyPI", "npm", "Maven", "RubyGems", "Go", "Docker"]),
    st.lists(st.tuples(VERSION, DAY), max_size=12),
)
def test_generated_versions_give_consistent_rows(
    ecosystem: str, held: list[tuple[str, str | None]]
) -> None:
    unreadable: set[tuple[str, str, str]] = set()
    holders = [holder(f"r{i}", v, d) for i, (v, d) in enumerate(held)]
    found = _behind(ecosystem, "p", holders, unreadable)
    read = len(holders) - sum(1 for h in holders if (ecosystem, "p", h.version) in unreadable)
    assert len(found) <= max(read - 1, 0)
    assert all(r.behind >= 1 for r in found)
    assert [r.behind for r in found] == sorted((r.behind for r in found), reverse=True)
    assert all(r.since is not None or not r.exact for r in found)
