"""Technologies a repository uses, recognised by the data-driven catalogue
``mining/data/technologies.toml`` (frameworks, libraries, datastores, platforms, tools)
from its dependencies and files at HEAD, plus its languages by share of lines of code.

Each technology found gets one row: its first piece of evidence (a manifest or a file
path, in path order) and how many pieces there are.
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import duckdb
import pyarrow as pa

from techlead.core.errors import ConfigError
from techlead.core.globs import glob_to_regex
from techlead.core.policy import counted_sql
from techlead.mining.manifests.model import Ecosystem
from techlead.warehouse.load import insert_arrow, table_from_rows

CATEGORIES = ("framework", "library", "datastore", "platform", "tool")

TECHNOLOGY_SCHEMA = pa.schema(
    [
        ("name", pa.string()),
        ("category", pa.string()),
        ("source", pa.string()),
        ("evidence", pa.string()),
        ("evidence_count", pa.int32()),
    ]
)


@dataclass(frozen=True)
class Technology:
    name: str
    category: str
    dependencies: tuple[tuple[str, str], ...]  # (ecosystem, name glob)
    files: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def catalogue() -> tuple[Technology, ...]:
    text = resources.files("techlead.mining").joinpath("data/technologies.toml").read_text()
    return parse_catalogue(tomllib.loads(text))


def parse_catalogue(doc: dict[str, object]) -> tuple[Technology, ...]:
    ecosystems = {e.value for e in Ecosystem}
    found = []
    for name, entry in doc.items():
        if not isinstance(entry, dict) or entry.get("category") not in CATEGORIES:
            raise ConfigError(f"technology catalogue: {name}: category must be one of {CATEGORIES}")
        deps = []
        for item in entry.get("dependencies", []):
            ecosystem, sep, pattern = str(item).partition(":")
            if not sep or ecosystem not in ecosystems:
                raise ConfigError(f"technology catalogue: {name}: bad dependency {item!r}")
            deps.append((ecosystem, pattern))
        found.append(
            Technology(
                name,
                entry["category"],
                tuple(deps),
                tuple(entry.get("files", [])),
                tuple(entry.get("aliases", [])),
            )
        )
    return tuple(found)


def recognise(
    dependencies: Sequence[tuple[str, str, str]], paths: Sequence[str]
) -> list[tuple[str, str, str, str, int]]:
    """(name, category, source, evidence, count) for every catalogue technology in use;
    ``dependencies`` are (ecosystem, name, manifest path), ``paths`` the files at HEAD."""
    techs = catalogue()
    file_regex, owners = _file_regex(techs)
    file_hits: dict[int, list[str]] = {}
    for path in paths:
        hit = file_regex.match(path)
        if hit and hit.lastgroup:
            file_hits.setdefault(owners[int(hit.lastgroup[1:])], []).append(path)
    rows = []
    for index, tech in enumerate(techs):
        dep_hits = sorted(
            {
                where
                for ecosystem, name, where in dependencies
                for want_ecosystem, pattern in tech.dependencies
                if ecosystem == want_ecosystem and fnmatch.fnmatchcase(name, pattern)
            }
        )
        if dep_hits:
            rows.append((tech.name, tech.category, "dependency", dep_hits[0], len(dep_hits)))
        elif index in file_hits:
            hits = sorted(file_hits[index])
            rows.append((tech.name, tech.category, "file", hits[0], len(hits)))
    return sorted(rows)


@lru_cache(maxsize=1)
def _file_regex(techs: tuple[Technology, ...]) -> tuple[re.Pattern[str], tuple[int, ...]]:
    parts: list[str] = []
    owners: list[int] = []
    for index, tech in enumerate(techs):
        for glob in tech.files:
            parts.append(f"(?P<g{len(owners)}>{glob_to_regex(glob)})")
            owners.append(index)
    return re.compile("^(?:" + "|".join(parts) + ")$"), tuple(owners)


_LANGUAGES = f"""
INSERT INTO technologies
SELECT repo_id, language, 'language', 'files', NULL, count(*)::INTEGER,
       round(sum(code) / sum(sum(code)) OVER (), 4)
FROM files
WHERE repo_id = $repo AND language IS NOT NULL AND code > 0
  AND {counted_sql()}
GROUP BY repo_id, language
"""


def store_technologies(con: duckdb.DuckDBPyConnection, repo_id: int) -> None:
    """Recompute the repository's ``technologies`` rows from its dependencies and files."""
    con.execute("DELETE FROM technologies WHERE repo_id = ?", [repo_id])
    deps = con.execute(
        "SELECT DISTINCT ecosystem, name, manifest FROM dependencies WHERE repo_id = ?",
        [repo_id],
    ).fetchall()
    paths = [
        p
        for (p,) in con.execute(
            "SELECT path FROM files WHERE repo_id = ? AND NOT is_vendored ORDER BY path",
            [repo_id],
        ).fetchall()
    ]
    table = table_from_rows(TECHNOLOGY_SCHEMA, recognise(deps, paths))
    insert_arrow(
        con, "technologies", table, "$repo AS repo_id, *, NULL AS share", {"repo": repo_id}
    )
    con.execute(_LANGUAGES, {"repo": repo_id}).fetchall()


def mentioned(text: str) -> list[str]:
    """Catalogue technologies a piece of prose names (its name or an alias, as whole
    words, case-insensitive; "next-js" also matches "next js")."""
    return [tech.name for tech in catalogue() if _mention_regex(tech).search(text)]


@cache
def _mention_regex(tech: Technology) -> re.Pattern[str]:
    names = [tech.name.replace("-", "[- ]"), *(re.escape(a) for a in tech.aliases)]
    return re.compile(r"(?<![\w.-])(?:" + "|".join(names) + r")(?![\w-])", re.IGNORECASE)
