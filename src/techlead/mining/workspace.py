"""The workspace: which repositories to scan, from techlead.toml or the command line,
and discovery of repositories for ``techlead init``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import tomli_w

from techlead.core.config import Config, find_config, load_config
from techlead.core.dates import parse_date
from techlead.core.errors import ConfigError
from techlead.git.identities import DEFAULT_BOT_PATTERNS
from techlead.git.repository import inspect_repo
from techlead.mining.scan_setup import RepoTarget, ScanOptions

_SKIP_DIRS = frozenset({"node_modules", ".venv", "venv", "__pycache__", ".tox", ".techlead"})


def load_workspace_config(explicit: Path | None, directory: Path) -> Config:
    """The configuration from --config, else ./techlead.toml, else an empty one."""
    path = explicit or find_config(directory)
    return load_config(path) if path else Config()


def targets(config: Config, paths: Sequence[Path]) -> list[RepoTarget]:
    """Paths on the command line win; then the configured repos; then the current directory."""
    configured = {os.path.realpath(r.path): r for r in config.repos}
    if paths:
        chosen = []
        for path in paths:
            repo = configured.get(os.path.realpath(path))
            chosen.append(
                RepoTarget(
                    path.absolute(), repo.name if repo else None, repo.team if repo else None
                )
            )
        return chosen
    if config.repos:
        return [RepoTarget(r.path, r.name, r.team) for r in config.repos]
    return [RepoTarget(Path.cwd())]


def plan_scan(
    config: Config,
    paths: Sequence[Path],
    since: str | None,
    all_refs: bool,
    copies: bool,
    jobs: int,
    complexity: bool = True,
) -> tuple[list[RepoTarget], ScanOptions]:
    """What to scan and how; every path and date is checked before anything is written."""
    wanted = targets(config, list(paths))
    # a handful of git processes each: a thousand repositories are inspected a few at once
    with ThreadPoolExecutor(max_workers=min(8, max(1, len(wanted)))) as pool:
        infos = list(pool.map(inspect_repo, [t.path for t in wanted]))
    chosen = [replace(t, info=info) for t, info in zip(wanted, infos, strict=True)]
    since = since or config.mining.since
    if since:
        parse_date(since, what="--since")
    options = ScanOptions(
        since=since,
        all_refs=all_refs,
        copies=copies,
        jobs=jobs,
        bots=DEFAULT_BOT_PATTERNS + config.mining.bots,
        exclude=config.mining.exclude,
        teams=config.teams,
        components=config.components,
        complexity=complexity and config.mining.complexity,
        merge_names=config.mining.merge_names,
        aliases=config.people.aliases,
        keep_texts=config.mining.keep_texts,
        roles=config.roles,
        review=config.review,
    )
    return chosen, options


def _is_bare_repo(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()


def find_repositories(root: Path, max_depth: int = 4) -> list[Path]:
    """Git working trees and bare repositories under ``root`` (not descending into them)."""
    if not root.is_dir():
        raise ConfigError(f"{root} is not a directory")
    found: list[Path] = []
    base_depth = len(root.resolve().parts)
    for current, dirs, _ in os.walk(root.resolve()):
        here = Path(current)
        if (here / ".git").exists() or _is_bare_repo(here):
            found.append(here)
            dirs.clear()
            continue
        if len(here.parts) - base_depth >= max_depth:
            dirs.clear()
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
    return sorted(found)


def _repo_name(repo: Path, root: Path) -> str:
    name = repo.name if repo.name != ".git" else root.resolve().name
    return name.removesuffix(".git") or name


def _keys(values: dict[str, str]) -> list[str]:
    """``key = "value"`` lines, quoted and escaped by tomli_w (any name round-trips).

    Split at "\\n" only: tomli_w leaves characters such as U+2028 unescaped, and
    str.splitlines() would break a string at them.
    """
    return tomli_w.dumps(values).rstrip("\n").split("\n")


def starter_config(root: Path, repos: Sequence[Path], name: str) -> str:
    """A commented techlead.toml listing the repositories found under ``root``.

    Table headers and comments are fixed text; every value taken from the file system
    (names and paths) is written by tomli_w.
    """
    lines = [
        "# techlead workspace configuration (see docs/cli.md and README.md).",
        "# Paths are relative to this file. Every section is optional.",
        "",
        "[workspace]",
        *_keys({"name": name}),
        "",
    ]
    if not repos:
        lines += [
            "# No git repositories were found; add them like this:",
            "# [[repos]]",
            '# path = "service-a"',
            "",
        ]
    for repo in repos:
        rel = os.path.relpath(repo, root.resolve())
        lines += [
            "[[repos]]",
            *_keys({"path": rel, "name": _repo_name(repo, root)}),
            '# team = "platform"',
            "",
        ]
    lines += [
        "# Teams: members are emails or globs over emails and names.",
        "# [teams.platform]",
        '# members = ["alice@example.com", "*@platform.example.com"]',
        "",
        "# Components: named sets of paths inside a repository (default: top-level directories).",
        "# [components.api]",
        '# paths = ["src/api/**", "openapi/**"]',
        '# repos = ["service-a"]          # optional: only in these repositories',
        "",
        "[mining]",
        '# exclude = ["docs/generated/**"]   # flagged is_excluded, left out of analyses',
        '# bots = ["ci-robot*"]              # added to the built-in bot patterns',
        '# since = "2020-01-01"              # mine history from this date on',
        "",
    ]
    return "\n".join(lines)
