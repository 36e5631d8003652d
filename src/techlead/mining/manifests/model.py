"""What a manifest or lockfile parser returns: dependencies, and warnings naming lines.

Parsers are pure: ``parse(path, text, read)`` gets the file's repository path, its text,
and ``read(other_path)`` to open another file of the same tree (``-r`` includes); they
never touch git, the disk or the network. A malformed file gives warnings (file, line,
message) and whatever could be read; the scan goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

Reader = Callable[[str], str | None]  # repository path -> text at HEAD, None if absent


class Ecosystem(StrEnum):
    """OSV ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field);
    the last three have no OSV database and are inventory only."""

    PYPI = "PyPI"
    NPM = "npm"
    GO = "Go"
    CRATES = "crates.io"
    MAVEN = "Maven"
    RUBYGEMS = "RubyGems"
    PACKAGIST = "Packagist"
    NUGET = "NuGet"
    GITHUB_ACTIONS = "GitHub Actions"
    DOCKER = "Docker"
    TERRAFORM = "Terraform"


class Kind(StrEnum):
    MANIFEST = "manifest"  # declares what is wanted (package.json, pyproject.toml, ...)
    LOCKFILE = "lockfile"  # records what was resolved (package-lock.json, poetry.lock, ...)


@dataclass(frozen=True)
class Dependency:
    ecosystem: Ecosystem
    name: str  # normalised by the ecosystem's rules (PEP 503 for PyPI, ...)
    spec: str | None = None  # the requirement as declared ("^1.2.0", ">=2,<3"); None if none
    version: str | None = None  # an exact resolved version (lockfile, exact pin); None if not
    direct: bool = True  # declared by the project itself, not pulled in by another package
    dev: bool = False  # only for development, tests, docs or CI
    line: int | None = None  # 1-based line of the declaration, when the format has lines


@dataclass(frozen=True)
class ParseWarning:
    line: int | None
    message: str

    def __post_init__(self) -> None:
        # one warning, one line: parsers' own messages may span several (YAML marks)
        if "\n" in self.message or "\r" in self.message:
            parts = (part.strip() for part in self.message.splitlines())
            object.__setattr__(self, "message", "; ".join(p for p in parts if p))


@dataclass(frozen=True)
class Parsed:
    kind: Kind
    dependencies: tuple[Dependency, ...] = ()
    warnings: tuple[ParseWarning, ...] = field(default_factory=tuple)


Parser = Callable[[str, str, Reader], Parsed]

# Each parser module exposes PARSERS: (glob, parser) pairs; globs follow techlead.core.globs
# (a pattern without "/" matches the file name in any folder).
Registration = tuple[str, Parser]
