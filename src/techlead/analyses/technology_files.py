"""The files of each technology in use: what "knowing a technology" is measured on.

``build(con)`` creates the temporary table ``tech_files`` (repo_id, path, technology,
kind, dev) over ``analysis_files`` (head.head_files: the filtered files at HEAD):

* ``language``: the files of each programming language, by its name;
* ``file``: for a catalogue technology recognised from files (Docker, GitHub Actions,
  Helm ...), the files its globs match;
* ``dependency``: for a catalogue technology recognised from dependencies (Django,
  PostgreSQL ...), the code files under the folder of each manifest that declares it, in
  the languages of the dependency's ecosystem (PyPI: Python; npm: JavaScript, TypeScript
  ... ``ECOSYSTEM_LANGUAGES``; others: every programming language);
  ``dev`` when every declaration there is a development dependency (pytest, mypy ...),
  whose files are then only the test and build files.
  techlead does not read imports, so a manifest at the root stands for the whole
  repository: an approximation the docs state.
"""

from __future__ import annotations

import fnmatch
from typing import NamedTuple

import duckdb
import pyarrow as pa

from techlead.core.globs import glob_to_regex
from techlead.mining.languages import programming_languages
from techlead.mining.technologies import catalogue

TABLE = "tech_files"

# The languages a dependency of each ecosystem is used from; others: every code file.
ECOSYSTEM_LANGUAGES: dict[str, tuple[str, ...]] = {
    "PyPI": ("Python",),
    "npm": ("JavaScript", "TypeScript", "JSX"),
    "Go": ("Go",),
    "crates.io": ("Rust",),
    "Maven": ("Java", "Kotlin", "Scala", "Groovy", "Clojure"),
    "RubyGems": ("Ruby",),
    "Packagist": ("PHP",),
    "NuGet": ("C#", "F#", "Visual Basic .NET"),
}

_LANGUAGES = f"""
CREATE OR REPLACE TEMP TABLE {TABLE} AS
SELECT repo_id, path, language AS technology, 'language' AS kind, false AS dev
FROM analysis_files WHERE list_contains($languages, language)
"""

_FOLDERS = pa.schema(
    [
        ("repo_id", pa.int32()),
        ("folder", pa.string()),
        ("technology", pa.string()),
        ("dev", pa.bool_()),
        ("languages", pa.list_(pa.string())),
    ]
)


def build(con: duckdb.DuckDBPyConnection) -> str:
    """Create ``tech_files`` from ``analysis_files``; returns its name."""
    languages = sorted(programming_languages())
    con.execute(_LANGUAGES, {"languages": languages}).fetchall()
    for tech in catalogue():
        if tech.files:
            regex = "^(?:" + "|".join(glob_to_regex(g) for g in tech.files) + ")$"
            con.execute(
                f"INSERT INTO {TABLE} SELECT repo_id, path, $name, 'file', false "
                "FROM analysis_files WHERE regexp_full_match(path, $regex)",
                {"name": tech.name, "regex": regex},
            ).fetchall()
    folders = _manifest_folders(con)
    if folders:
        con.register("_tech_folders", pa.table(
            {k: [f[i] for f in folders] for i, k in enumerate(_FOLDERS.names)},
            schema=_FOLDERS))  # fmt: skip
        con.execute(
            f"INSERT INTO {TABLE} SELECT f.repo_id, f.path, t.technology, 'dependency', "
            "bool_and(t.dev) "
            "FROM analysis_files f JOIN _tech_folders t ON t.repo_id = f.repo_id "
            "AND starts_with(f.path, t.folder) WHERE list_contains(t.languages, f.language) "
            # a development dependency (pytest, mypy) is used from tests and build files
            "AND (NOT t.dev OR f.role IN ('test', 'build')) "
            "GROUP BY f.repo_id, f.path, t.technology"
        ).fetchall()
        con.unregister("_tech_folders")
    return TABLE


class Declaration(NamedTuple):
    repo_id: int
    manifest: str
    technology: str
    ecosystem: str
    dev: bool


def declarations(con: duckdb.DuckDBPyConnection, repo_ids: list[int]) -> list[Declaration]:
    """Every direct declaration, in a manifest at HEAD, of a dependency by which the
    catalogue recognises a technology, in the given repositories."""
    wanted = {t.name: t.dependencies for t in catalogue() if t.dependencies}
    declared = con.execute(
        "SELECT DISTINCT d.repo_id, t.name, d.ecosystem, d.name, d.manifest, d.dev "
        "FROM dependencies d "
        "JOIN technologies t ON t.repo_id = d.repo_id AND t.source = 'dependency' "
        "WHERE list_contains($ids, d.repo_id) ORDER BY ALL",
        {"ids": repo_ids},
    ).fetchall()
    return [
        Declaration(int(repo_id), manifest, str(tech), ecosystem, bool(is_dev))
        for repo_id, tech, ecosystem, name, manifest, is_dev in declared
        if any(ecosystem == e and fnmatch.fnmatchcase(name, n) for e, n in wanted.get(tech, ()))
    ]


def _manifest_folders(
    con: duckdb.DuckDBPyConnection,
) -> list[tuple[int, str, str, bool, list[str]]]:
    """(repo_id, folder of a manifest, technology, only as a development dependency, the
    languages it is used from) for each dependency technology in use."""
    ids = [int(r) for (r,) in con.execute("SELECT DISTINCT repo_id FROM analysis_files").fetchall()]
    every = tuple(sorted(programming_languages()))
    dev: dict[tuple[int, str, str], bool] = {}
    used_from: dict[tuple[int, str, str], set[str]] = {}
    for found in declarations(con, ids):
        folder = found.manifest.rpartition("/")[0] + "/" if "/" in found.manifest else ""
        key = (found.repo_id, folder, found.technology)
        dev[key] = dev.get(key, True) and found.dev
        used_from.setdefault(key, set()).update(ECOSYSTEM_LANGUAGES.get(found.ecosystem, every))
    return sorted((*key, only_dev, sorted(used_from[key])) for key, only_dev in dev.items())
