"""`techlead people suggest-mailmap`: identities that are probably one person, with the
rule and evidence behind each line, on a hand-built repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from techlead.analyses.mailmap import local_part, name_key

from conftest import run_cli, scan_json


def test_suggestions_by_name_email_and_placeholder(make_repo: Any, db_path: Path) -> None:
    repo = make_repo("svc")
    jose, garcia = ("José García", "jose@a.example"), ("Jose Garcia", "jg@b.example")
    sam, samuel = ("Sam Lee", "sam.lee@a.example"), ("Samuel Lee", "sam.lee@b.example")
    young, park = ("Chris Young", "chris@a.example"), ("Chris Park", "chris@b.example")
    dana, placeholder = ("Dana Scott", "dana@a.example"), ("dana", "none@none")
    for day, (who, path) in enumerate([
        (jose, "a.py"), (jose, "b.py"), (garcia, "a.py"), (sam, "c.py"), (sam, "c.py"),
        (samuel, "c.py"), (young, "d.py"), (park, "e.py"), (dana, "f.py"),
        (placeholder, "f.py"), (dana, "g.py"),
    ], start=1):  # fmt: skip
        repo.commit(f"c{day}", author=who, date=f"2020-01-{day:02d}T12:00:00+00:00",
                    files={path: f"x = {day}\n"})  # fmt: skip
    scan_json(str(repo.path), "--db", str(db_path))
    result = run_cli("people", "suggest-mailmap", "--db", str(db_path), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    # José García: 2 commits, Jose Garcia 1 → the name rule, José canonical.
    # Sam Lee (2) and Samuel Lee (1) share the distinctive local part sam.lee and "lee".
    # Chris Young and Chris Park: chris@ is not distinctive → nothing.
    # dana <none@none> changed f.py, which Dana Scott changed too, in her period
    # (2020-01-09 .. 2020-01-11), and the names share "dana".
    assert [(r["line"], r["rule"]) for r in rows] == [
        ("Dana Scott <dana@a.example> dana <none@none>", "placeholder"),
        ("José García <jose@a.example> Jose Garcia <jg@b.example>", "name"),
        ("Sam Lee <sam.lee@a.example> Samuel Lee <sam.lee@b.example>", "email"),
    ]
    assert rows[0]["evidence"] == (
        "dana <none@none> changed 1 file, 1 of them also changed by Dana Scott in the same period"
    )
    text = run_cli("people", "suggest-mailmap", "--db", str(db_path)).stdout
    assert [line for line in text.splitlines() if line and not line.startswith("#")] == [
        r["line"] for r in rows
    ]
    people = run_cli("people", "--db", str(db_path), "--format", "json")
    assert people.exit_code == 0 and len(json.loads(people.stdout)["rows"]) == 8


def test_keys() -> None:
    assert name_key("García, José") == name_key("jose garcia") == "garcia jose"
    assert name_key("hpk") is None
    assert local_part("123+jdoe-x@users.noreply.github.com") == "jdoe-x"
    assert local_part("chris@a.example") is None  # many people are chris@
    assert local_part("christopher@a.example") == "christopher"
    assert local_part("info.desk@a.example") == "info.desk"
    assert local_part("admin@a.example") is None
    assert local_part("none@none") is None
