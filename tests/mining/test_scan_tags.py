"""Tags in the warehouse: annotated and lightweight, release times, hostile names, and the
refresh on a re-scan whose history did not move."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from techlead.mining.tags import parse_tags
from techlead.warehouse.schema import SCHEMA_VERSION

from conftest import scan_json

HOSTILE = 'x";DROP-TABLE-tags;--$(id)<b>é'  # no space or control char: git refuses those
TAG_ENV = {"GIT_COMMITTER_NAME": "Rel", "GIT_COMMITTER_EMAIL": "rel@example.com"}


def _tag(repo: Any, *args: str, date: str) -> None:
    repo.git("tag", *args, env={**TAG_ENV, "GIT_COMMITTER_DATE": date})


def test_scan_records_tags_and_refreshes_them(make_repo: Any, db_path: Path, query: Any) -> None:
    repo = make_repo("tagged")
    c1 = repo.commit("one", files={"a.txt": "1\n"})  # committed 2020-01-01T12:00Z
    c2 = repo.commit("two", files={"a.txt": "2\n"})  # 2020-01-02T12:00Z
    _tag(repo, "-a", "-m", "first", "v1.0", c1, date="2020-01-05T00:00:00+00:00")
    _tag(repo, "v1.1", c2, date="2030-01-01T00:00:00+00:00")  # lightweight: date unused
    _tag(repo, HOSTILE, c2, date="2030-01-01T00:00:00+00:00")
    scan_json(str(repo.path), "--db", str(db_path))
    sql = "SELECT name, sha, epoch(tagged_at)::BIGINT, annotated FROM tags ORDER BY name"
    # v1.0: annotated, release time its tagger date 2020-01-05T00:00Z = 1578182400.
    # v1.1 and the hostile name: lightweight, the commit's committer date
    # 2020-01-02T12:00Z = 1577966400; the hostile name is stored as it is.
    assert query(sql) == [
        ("v1.0", c1, 1578182400, True),
        ("v1.1", c2, 1577966400, False),
        (HOSTILE, c2, 1577966400, False),
    ]
    # nothing else moved: the scan is "unchanged", yet the new tag and the deletion show
    _tag(repo, "-a", "-m", "second", "v2.0", c2, date="2020-01-06T00:00:00+00:00")
    repo.git("tag", "-d", HOSTILE)
    again = scan_json(str(repo.path), "--db", str(db_path))["repos"][0]
    assert again["mode"] == "unchanged"
    # v2.0: 2020-01-06T00:00Z = 1578268800
    assert query(sql) == [
        ("v1.0", c1, 1578182400, True),
        ("v1.1", c2, 1577966400, False),
        ("v2.0", c2, 1578268800, True),
    ]


def test_tags_of_trees_and_tags_are_left_out() -> None:
    line = b"\0".join
    out = b"\n".join(
        [
            line(
                [
                    b"refs/tags/t",
                    b"tag",
                    b"a" * 40,
                    b"tree",
                    b"b" * 40,
                    b"2020-01-01T00:00:00Z",
                    b"",
                    b"",
                ]
            ),
            line(
                [
                    b"refs/tags/n",
                    b"tag",
                    b"c" * 40,
                    b"tag",
                    b"a" * 40,
                    b"2020-01-01T00:00:00Z",
                    b"",
                    b"",
                ]
            ),
            line(
                [
                    b"refs/tags/\xffv",
                    b"commit",
                    b"d" * 40,
                    b"",
                    b"",
                    b"",
                    b"2020-01-02T00:00:00+01:00",
                    b"",
                ]
            ),
        ]
    )
    found = parse_tags(out)
    # only the lightweight tag of a commit; its invalid byte becomes U+FFFD
    assert [(t.name, t.sha, t.annotated) for t in found] == [("\ufffdv", "d" * 40, False)]
    assert found[0].tagged_at.isoformat() == "2020-01-02T00:00:00+01:00"


def test_a_schema_15_warehouse_gets_its_tags_on_the_next_scan(
    make_repo: Any, db_path: Path, query: Any
) -> None:
    repo = make_repo("old")
    c1 = repo.commit("one", files={"a.txt": "1\n"})  # committed 2020-01-01T12:00Z
    _tag(repo, "v1.0", c1, date="2030-01-01T00:00:00+00:00")
    scan_json(str(repo.path), "--db", str(db_path))
    # what techlead with schema 15 wrote: no tags table
    con = duckdb.connect(str(db_path))
    con.execute("DROP TABLE tags")
    con.execute("UPDATE techlead_meta SET value = '15' WHERE key = 'schema_version'")
    con.close()
    scan_json(str(repo.path), "--db", str(db_path))
    assert query("SELECT value FROM techlead_meta WHERE key = 'schema_version'") == [
        (str(SCHEMA_VERSION),)
    ]
    # 2020-01-01T12:00Z = 1577880000
    assert query("SELECT name, sha, epoch(tagged_at)::BIGINT FROM tags") == [
        ("v1.0", c1, 1577880000)
    ]
