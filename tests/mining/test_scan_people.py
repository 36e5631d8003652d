"""People, aliases, .mailmap, co-authors, bots and teams."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from techlead.mining.same_person import full_name

from conftest import ALICE, CORPUS, scan_json


def test_people_merge_aliases_by_email(history: Any, db_path: Path, query: Any) -> None:
    repo, _ = history
    scan_json(str(repo.path), "--db", str(db_path))
    people = query("SELECT name, email, is_bot, commits, co_authored FROM people ORDER BY name")
    # Alice authored init, rename (as "alice <ALICE@example.com>") and the merge: 3 commits.
    # Bob authored edit, readme, cleanup: 3. Carol authored feature and co-authored cleanup.
    assert people == [
        ("Alice Smith", "alice@example.com", False, 3, 0),
        ("Bob Jones", "bob@example.com", False, 3, 0),
        ("Carol White", "carol@example.com", False, 1, 1),
        (
            "dependabot[bot]",
            "49699333+dependabot[bot]@users.noreply.github.com",
            True,
            1,
            0,
        ),
    ]
    aliases = query(
        "SELECT i.name, i.email, i.roles, i.commits FROM identities i JOIN people p USING "
        "(repo_id, person_id) WHERE p.name = 'Alice Smith' ORDER BY i.name"
    )
    assert aliases == [
        ("Alice Smith", "alice@example.com", ["author", "committer"], 2),
        ("alice", "ALICE@example.com", ["author", "committer"], 1),
    ]
    roles = query("SELECT role, count(*) FROM commit_authors GROUP BY role ORDER BY role")
    assert roles == [("author", 8), ("co-author", 1), ("committer", 8)]


def test_real_mailmap_from_jquery(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("mm")
    shutil.copy(CORPUS / "owners" / "jquery-jquery--.mailmap", repo.path / ".mailmap")
    repo.commit("add mailmap", author=("Tim", "4timmywil@gmail.com"))
    repo.commit("two", author=("timmywil", "timmywillisn@gmail.com"), files={"a": "1\n"})
    repo.commit(
        "three\n\nCo-authored-by: Alex <a.farkas.pm@googlemail.com>",
        author=("Adam", "adamcoulombe187@hotmail.com"),
        files={"b": "1\n"},
    )
    repo.commit("four", author=("Zed", "zed@example.org"), files={"c": "1\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    # jquery's .mailmap maps both of Timmy's addresses to his noreply address, Adam's
    # hotmail address to me@adam.co, and Alexander Farkas's googlemail address.
    assert query("SELECT name, email, commits, co_authored FROM people ORDER BY name") == [
        ("Adam Coulombe", "me@adam.co", 1, 0),
        ("Alexander Farkas", "info@corrupt-system.de", 0, 1),
        ("Timmy Willison", "timmywil@users.noreply.github.com", 2, 0),
        ("Zed", "zed@example.org", 1, 0),
    ]
    raw = query(
        "SELECT raw_name, raw_email FROM commit_authors "
        "WHERE role = 'author' AND name = 'Timmy Willison' ORDER BY raw_name"
    )
    assert raw == [("Tim", "4timmywil@gmail.com"), ("timmywil", "timmywillisn@gmail.com")]


def test_configured_bots_and_teams(
    make_repo: Any, tmp_path: Path, db_path: Path, query: Any
) -> None:
    repo = make_repo("cfg")
    repo.commit("one", files={"a": "1\n"})
    repo.commit("two", author=("ci-robot", "robot@ci.example.org"), files={"a": "2\n"})
    config = tmp_path / "techlead.toml"
    config.write_text(
        '[[repos]]\npath = "cfg"\nname = "service"\nteam = "platform"\n\n'
        '[teams.core]\nmembers = ["*@example.com"]\n\n[mining]\nbots = ["ci-robot*"]\n'
    )
    doc = scan_json("--db", str(db_path), cwd=tmp_path)
    assert [r["name"] for r in doc["repos"]] == ["service"]
    assert query("SELECT name, team FROM repos") == [("service", "platform")]
    assert query("SELECT name, is_bot, team FROM people ORDER BY name") == [
        (ALICE[0], False, "core"),
        ("ci-robot", True, None),
    ]


def test_placeholder_emails_do_not_merge_different_people(
    make_repo: Any, db_path: Path, query: Any
) -> None:
    """Converted histories give many people `none@none`; they stay apart by name."""
    repo = make_repo("converted")
    repo.commit("a", author=("hpk", "none@none"), files={"a": "1\n"})
    repo.commit("b", author=("guido", "none@none"), files={"b": "1\n"})
    repo.commit("c", author=("hpk", "none@none"), files={"a": "2\n"})
    repo.commit("d", author=("root", "root@localhost"), files={"c": "1\n"})
    repo.commit("e", author=("admin", "admin@localhost"), files={"c": "2\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    assert query("SELECT name, email, commits FROM people ORDER BY name") == [
        ("admin", "admin@localhost", 1),
        ("guido", "none@none", 1),
        ("hpk", "none@none", 2),
        ("root", "root@localhost", 1),
    ]


def test_ai_coding_agents_are_bots(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("agents")
    repo.commit("fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>", files={"a": "1\n"})
    # Release bots named like people, and a person whose name merely contains "bot".
    repo.commit("release", author=("pytest bot", "pytestbot@example.com"), files={"a": "2\n"})
    repo.commit("triage", author=("readme-bot", "r@example.com"), files={"a": "3\n"})
    repo.commit("docs", author=("Joe Talbott", "joe@example.com"), files={"a": "4\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    assert query("SELECT name, is_bot, co_authored FROM people ORDER BY name") == [
        (ALICE[0], False, 0),
        ("Claude", True, 1),
        ("Joe Talbott", False, 0),
        ("pytest bot", True, 0),
        ("readme-bot", True, 0),
    ]


def test_one_person_per_full_name(
    make_repo: Any, tmp_path: Path, db_path: Path, query: Any
) -> None:
    """Identities of one full name are one person, whatever their emails; handles are not.

    Bruno commits as bruno@work.example and bruno@home.example (same name), then as
    "☿ BRUNO  Oliveira" (same name once folded) with bruno@home.example; "bo" shares no
    name but shares bruno@work.example, so is Bruno too (transitively). Ran commits as
    "bluetech" and as "Ran Benita" from different emails: a handle merges only by email,
    so they stay two people. Two different full names stay apart.
    """
    repo = make_repo("names")
    commits = [
        ("Bruno Oliveira", "bruno@work.example"),
        ("Bruno Oliveira", "bruno@home.example"),
        ("☿ BRUNO  Oliveira", "bruno@home.example"),
        ("bo", "bruno@work.example"),
        ("bluetech", "ran@one.example"),
        ("Ran Benita", "ran@two.example"),
        ("Ronny Pfannschmidt", "ronny@example.com"),
    ]
    for n, author in enumerate(commits):
        repo.commit(f"c{n}", author=author, files={"a.txt": f"{n}\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    people = query("SELECT name, commits FROM people ORDER BY name")
    # The latest name of each person; Bruno's four identities are one person of 4 commits.
    assert people == [("Ran Benita", 1), ("Ronny Pfannschmidt", 1), ("bluetech", 1), ("bo", 4)]
    assert query("SELECT count(DISTINCT author_id) FROM commits") == [(4,)]
    # Every name and email is kept, under the one person.
    assert query(
        "SELECT count(*), count(DISTINCT person_id) FROM identities WHERE name IN "
        "('Bruno Oliveira', '☿ BRUNO  Oliveira', 'bo')"
    ) == [(4, 1)]
    # A re-scan with a new commit keeps the ids; the merge can be turned off.
    before = query("SELECT sha, author_id FROM commits ORDER BY sha")
    repo.commit("c7", author=("Bruno Oliveira", "bruno@third.example"), files={"a.txt": "7\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    after = query("SELECT sha, author_id FROM commits ORDER BY sha")
    assert set(before) < set(after) and len({a for _, a in after}) == 4
    config = tmp_path / "techlead.toml"
    config.write_text(f'[[repos]]\npath = "{repo.path}"\n\n[mining]\nmerge_names = false\n')
    scan_json("--db", str(db_path), "--config", str(config))
    # By email alone: bruno@work (with "bo"), bruno@home, bruno@third, ran@one, ran@two, ronny.
    assert query("SELECT count(*) FROM people") == [(6,)]


def test_full_name_forms() -> None:
    assert full_name("☿ Kenneth Reitz") == full_name("kenneth  REITZ") == "kenneth reitz"
    assert full_name("Jean-Luc Picard") == "jean luc picard"
    assert full_name("Ran_Benita") == "ran benita"
    assert full_name("José Müller") == "josé müller"  # letters beyond ASCII are letters
    assert full_name("hpk") is None and full_name("  bluetech ") is None and full_name("") is None
