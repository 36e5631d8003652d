"""The workspace summed up (analyses/portfolio.py): languages averaged over every
repository, technologies and where, dependencies per repository, and version drift."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from techlead.analyses import portfolio

from conftest import scan_json


def test_portfolio(make_repo: Any, db_path: Path) -> None:
    # api: Python only (6 lines of code), requests pinned at 2.31.0 in a requirements file;
    # web: Python (2 lines) and JavaScript (2 lines), requests pinned at 2.20.0.
    api = make_repo("api")
    api.commit("a", files={"app.py": "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\n",
                           "requirements.txt": "requests==2.31.0\n"})  # fmt: skip
    web = make_repo("web")
    web.commit("a", files={"tool.py": "a = 1\nb = 2\n", "ui.js": "let a = 1;\nlet b = 2;\n",
                           "requirements.txt": "requests==2.20.0\nflask\n"})  # fmt: skip
    scan_json(str(api.path), str(web.path), "--db", str(db_path))
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        # Shares of each repository's lines of code (the requirements files are Text):
        # api Python 6/7, Text 1/7; web Python 2/6, JavaScript 2/6, Text 2/6. Averaged over
        # both: Python (6/7 + 1/3) / 2 = 0.595, Text (1/7 + 1/3) / 2 = 0.238, JavaScript
        # (0 + 1/3) / 2 = 0.167 (three decimals).
        langs = portfolio.language_shares(con, ["api", "web"])
        assert [(r.language, r.share, r.repos) for r in langs] == [
            ("Python", 0.595, ["api", "web"]),
            ("Text", 0.238, ["api", "web"]),
            ("JavaScript", 0.167, ["web"]),
        ]
        counts = portfolio.dependency_counts(con, ["api", "web"])
        # web's flask has no version and no lockfile: direct and unpinned.
        assert [tuple(r) for r in counts] == [("api", "PyPI", 1, 0, 0), ("web", "PyPI", 2, 0, 1)]
        [drift] = portfolio.drift(con, ["api", "web"])
        assert (drift.ecosystem, drift.dependency, drift.versions, drift.where) == (
            "PyPI", "requests", ["2.20.0", "2.31.0"],
            [("api", "2.31.0"), ("web", "2.20.0")],
        )  # fmt: skip
        assert portfolio.drift(con, ["api"]) == []
    finally:
        con.close()
