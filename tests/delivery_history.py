"""A workspace of two repositories with release tags, reverts and fixing patch releases,
shared by the delivery metrics' and the Delivery section's tests (worked out by hand in
tests/test_delivery_metrics.py).

svc (team pay), every time UTC 2021:
  a1 "add feature"   1 Mar 00:00   v1.0.0  1 Mar 12:00
  a2 "add more"      2 Mar 00:00   v1.1.0  2 Mar 12:00
  r  revert of a2    5 Mar 00:00   v1.1.1  6 Mar 00:00
  a3 "fix typo ..."  1 Apr 00:00   v1.1.2  1 Apr 12:00
  a4 "add x"         2 Apr 00:00   v1.2.0  2 Apr 12:00
  a5 "fix crash"     3 Apr 00:00   v1.2.1 10 Apr 00:00
  revert of a5      11 Apr 00:00   (no release holds it)
site (team web): one commit and a tag "notes", which is not a release.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import ALICE, GitRepo, identity_env, scan_json

TAGGER = {"GIT_COMMITTER_NAME": "Rel", "GIT_COMMITTER_EMAIL": "rel@example.com"}


def _tag(repo: GitRepo, name: str, sha: str, date: str) -> None:
    repo.git("tag", "-a", "-m", "r", name, sha, env={**TAGGER, "GIT_COMMITTER_DATE": date})


def _revert(repo: GitRepo, sha: str, when: str) -> str:
    repo.git("revert", "--no-edit", sha, env=identity_env(ALICE, ALICE, when))
    return repo.head()


def delivery_workspace(make_repo: Any, tmp_path: Path, now: str = "2021-05-01") -> Path:
    """The two repositories scanned (--now ``now``) into a warehouse; its path."""
    svc, site = make_repo("svc"), make_repo("site")
    a1 = svc.commit("add feature", files={"a": "1\n"}, date="2021-03-01T00:00:00+00:00")
    _tag(svc, "v1.0.0", a1, "2021-03-01T12:00:00+00:00")
    a2 = svc.commit("add more", files={"b": "1\n"}, date="2021-03-02T00:00:00+00:00")
    _tag(svc, "v1.1.0", a2, "2021-03-02T12:00:00+00:00")
    _tag(svc, "v1.1.1", _revert(svc, a2, "2021-03-05T00:00:00+00:00"), "2021-03-06T00:00:00+00:00")
    a3 = svc.commit("fix typo in docs", files={"a": "2\n"}, date="2021-04-01T00:00:00+00:00")
    _tag(svc, "v1.1.2", a3, "2021-04-01T12:00:00+00:00")
    a4 = svc.commit("add x", files={"x": "1\n"}, date="2021-04-02T00:00:00+00:00")
    _tag(svc, "v1.2.0", a4, "2021-04-02T12:00:00+00:00")
    a5 = svc.commit("fix crash", files={"x": "2\n"}, date="2021-04-03T00:00:00+00:00")
    _tag(svc, "v1.2.1", a5, "2021-04-10T00:00:00+00:00")
    _revert(svc, a5, "2021-04-11T00:00:00+00:00")
    s1 = site.commit("page", files={"index.html": "hi\n"}, date="2021-03-10T00:00:00+00:00")
    _tag(site, "notes", s1, "2021-03-10T00:00:00+00:00")
    config = tmp_path / "techlead.toml"
    config.write_text(f"[[repos]]\npath = '{svc.path}'\nteam = 'pay'\n\n"
                      f"[[repos]]\npath = '{site.path}'\nteam = 'web'\n")  # fmt: skip
    path = tmp_path / "w.duckdb"
    scan_json("--config", str(config), "--db", str(path), "--now", now)
    return path
