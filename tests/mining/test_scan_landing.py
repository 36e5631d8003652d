"""How main-line commits landed, stored at scan time (mining.landing): every kind, reviewers
resolved to the people of the history, incremental re-scans and techlead.toml's rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from techlead.git.identities import person_id

from conftest import BOB, CAROL, scan_json

KINDS = "SELECT sha, kind, forge, number, source FROM landing_kinds WHERE via IS NULL"
BRANCH = "SELECT sha, via, kind, number, brings FROM landing_kinds WHERE via IS NOT NULL"


def build(repo: Any) -> dict[str, str]:
    """main: c1 (direct), a pull request merged from branch feat (f1), a squash merge, a
    commit reviewed by trailers, stable merged back. stable: c2, then pull request #3
    from branch fix (x1) merged into it."""
    shas = {"c1": repo.commit("Initial", files={"a.py": "1\n"})}
    repo.git("checkout", "-q", "-b", "feat")
    shas["f1"] = repo.commit("Add b", author=BOB, files={"b.py": "1\n"})
    repo.git("checkout", "-q", "main")
    shas["pr"] = repo.merge("feat", "Merge pull request #1 from bob/feat\n\nAdd b",
                            date="2020-02-01T00:00:00+00:00")  # fmt: skip
    shas["sq"] = repo.commit("Add c (#2)", author=CAROL, files={"c.py": "1\n"})
    shas["tr"] = repo.commit(
        "Fix a\n\nReviewed-by: Robert Jones <bob@home.example>\n"  # Bob by his full name
        "Acked-by: CAROL WHITE <Carol@Example.com>\n"  # Carol by her e-mail, any case
        "Tested-by: Zoe Quinn <zoe@example.com>",  # no commit of hers: a person of her own
        files={"a.py": "2\n"},
    )
    repo.git("checkout", "-q", "-b", "stable", shas["c1"])
    shas["c2"] = repo.commit("Backport", files={"d.py": "1\n"})
    repo.git("checkout", "-q", "-b", "fix")
    shas["x1"] = repo.commit("Fix d", author=CAROL, files={"d.py": "2\n"})
    repo.git("checkout", "-q", "stable")
    shas["pr3"] = repo.merge("fix", "Merge pull request #3 from carol/fix",
                             date="2020-02-15T00:00:00+00:00")  # fmt: skip
    repo.git("checkout", "-q", "main")
    shas["mb"] = repo.merge("stable", "Merge branch 'stable'", date="2020-03-01T00:00:00+00:00")
    return shas


def test_every_main_line_commit_is_classified(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("landing")
    shas = build(repo)
    scan_json(str(repo.path), "--db", str(db_path))
    # main line: c1, pr, sq, tr, mb (f1 and c2 came in by merges and are not classified)
    expected = {
        (shas["c1"], "direct", None, None, None),
        (shas["pr"], "pull-request", "github", 1, "bob/feat"),
        (shas["sq"], "pull-request", "squash", 2, None),
        (shas["tr"], "trailers", None, None, None),
        (shas["mb"], "merge", "branches", None, None),
    }
    assert set(query(KINDS)) == expected
    # stable's own main line, brought by the merge of stable: c2 direct, #3 a pull request
    # that brings x1 (x1 is on fix, not on stable's first-parent chain: not classified)
    branch = {
        (shas["c2"], shas["mb"], "direct", None, None),
        (shas["pr3"], shas["mb"], "pull-request", 3, (shas["x1"],)),
    }
    assert set(map(_hashable, query(BRANCH))) == branch
    reviewers = query(
        "SELECT sha, trailer, name, person_id FROM landing_reviewers ORDER BY trailer"
    )
    [(carol,)] = query("SELECT person_id FROM people WHERE email = ?", [CAROL[1]])
    # Carol: her trailer e-mail, lower-cased, is the e-mail her commit used -> her person
    # (the people table's id: with merge_names, the id of her full name);
    # Robert Jones and Zoe Quinn: neither e-mail nor full name is known -> person_id of
    # what the trailer says
    assert reviewers == [
        (shas["tr"], "Acked-by", "CAROL WHITE", carol),
        (shas["tr"], "Reviewed-by", "Robert Jones", person_id("Robert Jones", "bob@home.example")),
        (shas["tr"], "Tested-by", "Zoe Quinn", person_id("Zoe Quinn", "zoe@example.com")),
    ]
    # a later commit by "Robert Jones <bob@example.com>" makes Robert Jones a full name of
    # Bob's person (same e-mail): the re-scan resolves the trailer to Bob's person, and
    # classifies only the new main-line commit
    new = repo.commit("Tidy", author=("Robert Jones", BOB[1]), files={"e.py": "1\n"})
    scan_json(str(repo.path), "--db", str(db_path))
    assert set(query(KINDS)) == expected | {(new, "direct", None, None, None)}
    assert set(map(_hashable, query(BRANCH))) == branch
    bob = query("SELECT person_id FROM people WHERE email = ?", [BOB[1]])
    assert query("SELECT person_id FROM landing_reviewers WHERE trailer = 'Reviewed-by'") == bob


def _hashable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(tuple(v) if isinstance(v, list) else v for v in row)


def test_review_rules_of_techlead_toml_reclassify(
    make_repo: Any, tmp_path: Path, db_path: Path, query: Any
) -> None:
    repo = make_repo("landing")
    shas = build(repo)
    config = tmp_path / "techlead.toml"
    config.write_text('[[repos]]\npath = "landing"\n')
    scan_json("--db", str(db_path), cwd=tmp_path)
    assert query(f"SELECT kind FROM landing_kinds WHERE sha = '{shas['sq']}'") == [
        ("pull-request",)
    ]
    # squash subjects no longer count, and "Initial" is a pull request of a home-made
    # forge; nothing moved in git, yet the re-scan reclassifies with the new rules
    config.write_text(
        '[[repos]]\npath = "landing"\n\n[review.squash]\nsubject = []\n\n'
        "[review.home]\nsubject = ['^Initial$']\n"
    )
    assert scan_json("--db", str(db_path), cwd=tmp_path)["repos"][0]["mode"] == "unchanged"
    assert query(
        "SELECT sha, kind, forge FROM landing_kinds WHERE forge IS DISTINCT FROM 'github' "
        "AND kind <> 'merge' AND via IS NULL ORDER BY kind, sha"
    ) == sorted(
        [
            (shas["sq"], "direct", None),
            (shas["tr"], "trailers", None),
            (shas["c1"], "pull-request", "home"),
        ],
        key=lambda row: (row[1], row[0]),
    )
    assert query("SELECT count(*) FROM landing_reviewers") == [(3,)]


def test_a_rescan_with_nothing_new_classifies_only_what_is_missing(
    make_repo: Any, db_path: Path, query: Any
) -> None:
    repo = make_repo("landing")
    build(repo)
    scan_json(str(repo.path), "--db", str(db_path))
    classified = query(f"{KINDS} ORDER BY sha")
    # main: c1, pr, sq, tr, mb (5 main-line commits); stable's chain brought by mb: c2, pr3
    assert len(classified) == 5
    assert len(query(BRANCH)) == 2
    # nothing moved and the rules are the same: the re-scan leaves the rows as they were
    assert scan_json(str(repo.path), "--db", str(db_path))["repos"][0]["mode"] == "unchanged"
    assert query(f"{KINDS} ORDER BY sha") == classified
    # a warehouse just migrated to schema 17 has the tables but no rows: the next scan,
    # with nothing new in git, classifies every commit again
    con = duckdb.connect(str(db_path))
    con.execute("DELETE FROM landing_kinds")
    con.execute("DELETE FROM landing_reviewers")
    con.close()
    scan_json(str(repo.path), "--db", str(db_path))
    assert query(f"{KINDS} ORDER BY sha") == classified
    assert len(query(BRANCH)) == 2
    assert query("SELECT count(*) FROM landing_reviewers") == [(3,)]
