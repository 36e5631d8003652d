"""Fixtures: real git repositories built in tmp_path with the git CLI, fixed dates and people."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from techlead.cli import cli
from techlead.git.hunks import hunks_argv, parse_hunks
from techlead.git.patch import HunkCommit

# Property-based tests draw the same examples on every run (derandomize), so CI is
# repeatable; a failure found once stays found. Widen the search locally with
# `--hypothesis-seed=N` or `HYPOTHESIS_PROFILE=explore`.
settings.register_profile("techlead", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "techlead"))

# A test that presses Ctrl-C on a scan or a server sends SIGINT to a child process. A
# suite started in the background by a shell without job control (`make test &`, nohup)
# inherits SIGINT ignored, and so would every child: the scan would never see the key the
# test presses. Give the children the terminal's default, as a user at a terminal has.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Real-world parser corpus, a checked-in copy (tests/data/corpus/COPIED.md says of what).
CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
ALICE = ("Alice Smith", "alice@example.com")
BOB = ("Bob Jones", "bob@example.com")
CAROL = ("Carol White", "carol@example.com")


def isolate_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point git at a configuration of its own in HOME, with no user or system settings."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ".gitconfig").write_text(
        "[init]\n\tdefaultBranch = main\n[user]\n\tname = Test\n\temail = test@example.com\n"
        '[protocol "file"]\n\tallow = always\n[uploadpack]\n\tallowFilter = true\n'
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.delenv("TECHLEAD_DB", raising=False)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration leaks into tests."""
    isolate_git(tmp_path_factory.mktemp("home"), monkeypatch)


@pytest.fixture(scope="module")
def module_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """isolated_git for module-scoped fixtures (a repository built once for a test module):
    they are set up before the function-scoped autouse isolated_git, so they ask for this."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate_git(tmp_path_factory.mktemp("home"), monkeypatch)
        yield


def identity_env(author: tuple[str, str], committer: tuple[str, str], date: str) -> dict[str, str]:
    return {
        "GIT_AUTHOR_NAME": author[0],
        "GIT_AUTHOR_EMAIL": author[1],
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": committer[0],
        "GIT_COMMITTER_EMAIL": committer[1],
        "GIT_COMMITTER_DATE": date,
    }


class GitRepo:
    """A repository driven through the git CLI, with explicit authors and dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self._tick = 0

    def git(self, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> str:
        full_env = dict(os.environ)
        full_env.update(env or {})
        proc = subprocess.run(
            ["git", "-C", str(self.path), *args],
            capture_output=True,
            env=full_env,
            input=stdin,
            check=False,
        )
        if proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr.decode()}")
        return proc.stdout.decode("utf-8", "replace").strip()

    def write(self, relpath: str | bytes, content: str | bytes) -> None:
        target = os.path.join(os.fsencode(self.path), os.fsencode(relpath))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        with open(target, "wb") as handle:
            handle.write(data)

    def commit(
        self,
        message: str,
        *,
        author: tuple[str, str] = ALICE,
        committer: tuple[str, str] | None = None,
        date: str | None = None,
        files: dict[str, str | bytes] | None = None,
        allow_empty: bool = False,
    ) -> str:
        for relpath, content in (files or {}).items():
            self.write(relpath, content)
        self.git("add", "-A")
        self._tick += 1
        when = date or f"2020-01-{self._tick:02d}T12:00:00+00:00"
        args = ["commit", "-q", "--no-verify", "-m", message]
        if allow_empty:
            args.append("--allow-empty")
        self.git(*args, env=identity_env(author, committer or author, when))
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def hunks(self, shas: list[str]) -> list[HunkCommit]:
        """git's patches of ``shas`` (a merge against its first parent), as the line ages
        read them (git.hunks)."""
        stdin = "".join(f"{sha}\n" for sha in shas).encode()
        out = subprocess.run(["git", "-C", str(self.path), *hunks_argv()], input=stdin,
                             capture_output=True, check=True).stdout  # fmt: skip
        return list(parse_hunks([out]))

    def merge(
        self, branch: str, message: str, *, author: tuple[str, str] = ALICE, date: str
    ) -> str:
        env = identity_env(author, author, date)
        self.git("merge", "-q", "--no-ff", "-m", message, branch, env=env)
        return self.head()


@pytest.fixture
def make_repo(tmp_path: Path) -> Any:
    def make(name: str = "repo") -> GitRepo:
        return GitRepo(tmp_path / name)

    return make


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "techlead.duckdb"


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    runner = CliRunner()
    previous = Path.cwd()
    if cwd:
        os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(previous)


def scan_json(*args: str, cwd: Path | None = None) -> dict[str, Any]:
    result = run_cli("scan", "--format", "json", *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def cli_json(*args: str) -> dict[str, Any]:
    """The JSON document a command printed (it must exit 0)."""
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def history_values(db: Path, metric: str, *args: str) -> list[tuple[str, float | None]]:
    """(date, value) of ``techlead history METRIC ARGS`` on the warehouse ``db``."""
    rows = cli_json("history", metric, *args, "--db", str(db), "--format", "json")["rows"]
    return [(r["date"], r["value"]) for r in rows]


def query_db(db_path: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows of one query on a warehouse, opened read-only for just this query."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def query(db_path: Path) -> Iterator[Any]:
    def run(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return query_db(db_path, sql, params)

    yield run


BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
# add: cyclomatic 1, lines 1-2, 2 parameters; sign: cyclomatic 3 (if, elif), lines 5-10,
# nesting 1, 1 parameter; 10 lines, 8 of code.
CALC_PY = """def add(a, b):
    return a + b


def sign(x):
    if x > 0:
        return 1
    elif x < 0:
        return -1
    return 0
"""
APP_PY = "".join(f"line {i}\n" for i in range(1, 11))  # 10 lines


def build_history(repo: GitRepo) -> dict[str, str]:
    """A small history with every case the miner must handle; returns sha by label.

    1 init      Alice  A README.md (3 lines), A src/app.py (10), A logo.png (binary)
    2 edit      Bob    M src/app.py: line 1 replaced, 1 line appended (+2 -1)
    3 rename    alice  R src/app.py -> src/main.py (+1 -0), as "alice <ALICE@example.com>"
    4 feature   Carol  A lib/util.py (5 lines), on branch feature
    5 readme    Bob    M README.md (+1)
    6 merge     Alice  merge of feature (no diff recorded)
    7 deps      dependabot[bot]  A requirements.txt (2 lines)
    8 cleanup   Bob    D logo.png, with a Co-authored-by trailer for Carol
    """
    shas = {}
    shas["init"] = repo.commit(
        "Initial commit",
        date="2020-01-01T10:00:00+01:00",
        files={
            "README.md": "# demo\n\ntext\n",
            "src/app.py": APP_PY,
            "logo.png": b"\x89PNG\x00\x01\x02",
        },
    )
    shas["edit"] = repo.commit(
        "Edit app",
        author=BOB,
        date="2020-01-02T10:00:00-05:00",
        files={"src/app.py": APP_PY.replace("line 1\n", "first line\n") + "line 11\n"},
    )
    repo.git("mv", "src/app.py", "src/main.py")
    repo.write("src/main.py", APP_PY.replace("line 1\n", "first line\n") + "line 11\nline 12\n")
    shas["rename"] = repo.commit(
        "Rename app to main",
        author=("alice", "ALICE@example.com"),
        date="2020-01-03T10:00:00+00:00",
    )
    repo.git("checkout", "-q", "-b", "feature")
    shas["feature"] = repo.commit(
        "Add util",
        author=CAROL,
        date="2020-01-04T10:00:00+00:00",
        files={"lib/util.py": "a\nb\nc\nd\ne\n"},
    )
    repo.git("checkout", "-q", "main")
    shas["readme"] = repo.commit(
        "Document",
        author=BOB,
        date="2020-01-05T10:00:00+00:00",
        files={"README.md": "# demo\n\ntext\nmore\n"},
    )
    shas["merge"] = repo.merge(
        "feature", "Merge branch 'feature'", date="2020-01-06T10:00:00+00:00"
    )
    shas["deps"] = repo.commit(
        "Bump deps",
        author=BOT,
        date="2020-01-07T10:00:00+00:00",
        files={"requirements.txt": "a==1\nb==2\n"},
    )
    repo.git("rm", "-q", "logo.png")
    shas["cleanup"] = repo.commit(
        "Remove logo\n\nCo-authored-by: Carol White <carol@example.com>",
        author=BOB,
        date="2020-01-08T10:00:00+00:00",
    )
    return shas


@pytest.fixture
def history(make_repo: Any) -> tuple[GitRepo, dict[str, str]]:
    repo = make_repo("demo")
    return repo, build_history(repo)


def fast_import_history(
    repo: GitRepo, commits: int, files_per_commit: int = 8, start: int = 0
) -> None:
    """Append ``commits`` synthetic commits to main quickly with one git fast-import."""
    parts: list[bytes] = []
    parent = repo.git("rev-parse", "--verify", "-q", "refs/heads/main") if start else ""
    for n in range(start, start + commits):
        when = 1577836800 + n * 600
        message = f"change {n}\n".encode()
        parts.append(b"commit refs/heads/main\n")
        parts.append(f"author Dev {n % 7} <dev{n % 7}@example.com> {when} +0000\n".encode())
        parts.append(f"committer Dev {n % 7} <dev{n % 7}@example.com> {when} +0000\n".encode())
        parts.append(b"data %d\n%s" % (len(message), message))
        if n == start and parent:
            parts.append(f"from {parent}\n".encode())
        for k in range(files_per_commit):
            body = "".join(f"line {n} {k} {j}\n" for j in range((n + k) % 20 + 1)).encode()
            parts.append(f"M 100644 inline dir{k % 5}/file{(n * 3 + k) % 97}.txt\n".encode())
            parts.append(b"data %d\n%s\n" % (len(body), body))
    repo.git("fast-import", "--quiet", stdin=b"".join(parts))
    repo.git("reset", "-q", "--hard", "main")
