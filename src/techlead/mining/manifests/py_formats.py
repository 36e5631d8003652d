"""Python (PyPI) manifests and lockfiles.

Names are normalised by PEP 503 (``Django_REST.framework`` -> ``django-rest-framework``).

* ``requirements*.txt``, ``requirements/*.txt`` (manifest): one PEP 508 requirement per
  logical line (backslash continuations joined, `` #`` comments dropped), read with
  ``packaging``; option lines are skipped; ``-r FILE`` includes another file's
  requirements, ``-c FILE`` a constraints file (read for nothing but cycles: constraints
  are not dependencies); paths are relative to the including file; a missing include is
  a warning. ``name==1.2`` gives the version 1.2. ``-e``/URL lines count when they name
  the package (``#egg=name`` or ``name @ url``). Files whose path (name or folder)
  mentions dev, test, docs, lint or ci hold development dependencies.
* ``pyproject.toml`` (manifest): PEP 621 ``[project] dependencies`` (runtime) and
  ``optional-dependencies`` (development when the extra's name mentions dev, test, docs,
  lint, typing or ci), PEP 735 ``[dependency-groups]`` (development; the project's own
  name, as in ``myproject[socks]``, is left out), Poetry's
  ``[tool.poetry.dependencies]`` (``python`` left out), ``dev-dependencies`` and
  ``group.*.dependencies`` (development).
* ``Pipfile`` (manifest): ``[packages]`` and ``[dev-packages]``; ``"*"`` is no spec.
* ``setup.cfg`` (manifest): ``[options] install_requires``, ``[options.extras_require]``.
* ``poetry.lock``, ``uv.lock`` (lockfiles): ``[[package]]`` name and version (uv's
  editable/virtual/directory packages are the project itself and are left out);
  ``Pipfile.lock``: ``default`` and ``develop``. Lockfile entries are transitive until
  merged with a manifest (see mining.inventory); Poetry 1.1's ``category = "dev"`` marks
  development packages.
"""

from __future__ import annotations

import configparser
import posixpath
import re
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from techlead.mining.manifests.documents import (
    Shapes,
    line_of,
    load_json,
    load_toml,
    logical_lines,
)
from techlead.mining.manifests.model import (
    Dependency,
    Ecosystem,
    Kind,
    Parsed,
    ParseWarning,
    Reader,
    Registration,
)

_DEV_WORDS = re.compile(
    r"(^|[^a-z])(dev|develop|test|tests|testing|docs?|lint|typing|ci)([^a-z]|$)"
)


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def is_dev_name(name: str) -> bool:
    return bool(_DEV_WORDS.search(name.lower()))


def _dependency(req: Requirement, dev: bool, line: int | None, direct: bool = True) -> Dependency:
    spec = str(req.specifier) or None
    version = None
    specs = list(req.specifier)
    if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
        version = specs[0].version
    return Dependency(Ecosystem.PYPI, normalise(req.name), spec, version, direct, dev, line)


# ---------------------------------------------------------------- requirements files

_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def parse_requirements(path: str, text: str, read: Reader) -> Parsed:
    deps: list[Dependency] = []
    warnings: list[ParseWarning] = []
    _requirements(path, text, read, is_dev_name(path), deps, warnings, {path})
    return Parsed(Kind.MANIFEST, tuple(deps), tuple(warnings))


def _requirements(
    path: str,
    text: str,
    read: Reader,
    dev: bool,
    deps: list[Dependency],
    warnings: list[ParseWarning],
    seen: set[str],
) -> None:
    for number, raw in logical_lines(text):
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not line:
            continue
        include = re.match(r"^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)", line)
        if include:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), include.group(2)))
            if target in seen:
                continue
            content = read(target)
            if content is None:
                warnings.append(ParseWarning(number, f"included file {target} not found"))
                continue
            if include.group(1) in ("-r", "--requirement"):
                seen.add(target)
                _requirements(target, content, read, dev, deps, warnings, seen)
            continue
        if line.startswith(("-e ", "--editable")):
            egg = _EGG.search(raw)
            if egg:
                deps.append(
                    Dependency(
                        Ecosystem.PYPI, normalise(egg.group(1)), None, None, True, dev, number
                    )
                )
            continue
        if line.startswith("-"):
            continue  # --hash, --index-url, -f, --pre, ...
        requirement = re.split(r"\s+--", line, maxsplit=1)[0].strip()
        try:
            req = Requirement(requirement)
        except InvalidRequirement as exc:
            egg = _EGG.search(raw)
            if egg:
                deps.append(
                    Dependency(
                        Ecosystem.PYPI, normalise(egg.group(1)), None, None, True, dev, number
                    )
                )
            elif "://" not in requirement:
                warnings.append(
                    ParseWarning(number, f"not a valid requirement: {str(exc).splitlines()[0]}")
                )
            continue
        deps.append(_dependency(req, dev, number))


# ---------------------------------------------------------------- pyproject.toml


def _pep508_list(
    items: Any, text: str, dev: bool, deps: list[Dependency], warnings: list[ParseWarning]
) -> None:
    for item in items:
        if not isinstance(item, str):
            continue  # PEP 735 {include-group = ...}
        try:
            req = Requirement(item)
        except InvalidRequirement as exc:
            warnings.append(
                ParseWarning(
                    line_of(text, item), f"not a valid requirement: {str(exc).splitlines()[0]}"
                )
            )
            continue
        deps.append(_dependency(req, dev, line_of(text, f'"{item}"') or line_of(text, item)))


def _poetry_table(table: dict[str, Any], text: str, dev: bool, deps: list[Dependency]) -> None:
    for name, value in table.items():
        if name.lower() == "python":
            continue
        spec = _poetry_spec(value)
        exact = spec if spec and re.fullmatch(r"=?=?\d[\w.!+-]*", spec) else None
        line = None
        for pattern in (rf"^\s*{re.escape(name)}\s*=", rf"^\s*\"{re.escape(name)}\"\s*="):
            hit = re.search(pattern, text, re.MULTILINE)
            if hit:
                line = text.count("\n", 0, hit.start()) + 1
                break
        deps.append(
            Dependency(
                Ecosystem.PYPI,
                normalise(name),
                None if spec in (None, "*") else spec,
                exact.lstrip("=") if exact else None,
                True,
                dev,
                line,
            )
        )


def _poetry_spec(value: Any) -> str | None:
    """``"^1.2"``, ``{version = "^1.2"}`` or a list of such (the first); else None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("version")
    return value if isinstance(value, str) else None


def parse_pyproject(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_toml(text, Kind.MANIFEST)
    if failed:
        return failed
    shapes = Shapes(text)
    deps: list[Dependency] = []
    warnings = shapes.warnings
    project = shapes.table(doc.get("project"), "project")
    _pep508_list(shapes.array(project.get("dependencies"), "dependencies", _PEP508), text,
                 False, deps, warnings)  # fmt: skip
    extras = shapes.table(project.get("optional-dependencies"), "optional-dependencies", _EXTRAS)
    for extra, items in extras.items():
        _pep508_list(shapes.array(items, extra, _PEP508), text, is_dev_name(extra), deps, warnings)
    groups = shapes.table(doc.get("dependency-groups"), "dependency-groups", _EXTRAS)
    for group_name, items in groups.items():
        _pep508_list(shapes.array(items, group_name, _PEP508), text, True, deps, warnings)
    tool = shapes.table(doc.get("tool"), "tool")
    poetry = shapes.table(tool.get("poetry"), "poetry")
    for key, dev in (("dependencies", False), ("dev-dependencies", True)):
        _poetry_table(shapes.table(poetry.get(key), key), text, dev, deps)
    for group_name, group in shapes.table(poetry.get("group"), "group").items():
        table = shapes.table(group, group_name)
        _poetry_table(shapes.table(table.get("dependencies"), "dependencies"), text, True, deps)
    # the project naming itself (``name[extra]`` in its own groups) is not a dependency
    own = normalise(str(project.get("name") or poetry.get("name") or ""))
    deps = [d for d in deps if d.name != own]
    return Parsed(Kind.MANIFEST, _first_per_name(deps), tuple(warnings))


_PEP508 = 'a list of requirements (["requests>=2"])'
_EXTRAS = "a table of names to lists of requirements"


def _first_per_name(deps: list[Dependency]) -> tuple[Dependency, ...]:
    """One row per name: a runtime declaration wins over a development one."""
    chosen: dict[str, Dependency] = {}
    for dep in deps:
        if dep.name not in chosen or (chosen[dep.name].dev and not dep.dev):
            chosen[dep.name] = dep
    return tuple(chosen.values())


# ---------------------------------------------------------------- Pipfile, setup.cfg


def parse_pipfile(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_toml(text, Kind.MANIFEST)
    if failed:
        return failed
    shapes = Shapes(text)
    deps: list[Dependency] = []
    for key, dev in (("packages", False), ("dev-packages", True)):
        _poetry_table(shapes.table(doc.get(key), key), text, dev, deps)
    return Parsed(Kind.MANIFEST, tuple(deps), tuple(shapes.warnings))


def parse_setup_cfg(path: str, text: str, read: Reader) -> Parsed:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        return Parsed(Kind.MANIFEST, (), (ParseWarning(getattr(exc, "lineno", None), str(exc)),))
    deps: list[Dependency] = []
    warnings: list[ParseWarning] = []
    if parser.has_option("options", "install_requires"):
        items = parser.get("options", "install_requires").splitlines()
        _pep508_list([i.strip() for i in items if i.strip()], text, False, deps, warnings)
    if parser.has_section("options.extras_require"):
        for extra, value in parser.items("options.extras_require"):
            items = [i.strip() for i in value.splitlines() if i.strip()]
            _pep508_list(items, text, is_dev_name(extra), deps, warnings)
    return Parsed(Kind.MANIFEST, _first_per_name(deps), tuple(warnings))


# ---------------------------------------------------------------- lockfiles


def parse_toml_lock(path: str, text: str, read: Reader) -> Parsed:
    """poetry.lock and uv.lock: ``[[package]]`` tables."""
    doc, failed = load_toml(text, Kind.LOCKFILE)
    if failed:
        return failed
    shapes = Shapes(text)
    deps = []
    for item in shapes.array(doc.get("package"), "package", "an array of tables ([[package]])"):
        package = shapes.table(item, "package", "a table ([[package]])")
        source = package.get("source")
        if isinstance(source, dict) and {"editable", "virtual", "directory"} & set(source):
            continue  # the project itself (uv)
        name = package.get("name")
        if not isinstance(name, str):
            continue
        deps.append(
            Dependency(
                Ecosystem.PYPI,
                normalise(name),
                None,
                shapes.scalar(package.get("version"), "version") or None,
                False,
                package.get("category") == "dev",
                None,
            )
        )
    return Parsed(Kind.LOCKFILE, tuple(deps), tuple(shapes.warnings))


def parse_pipfile_lock(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_json(text, Kind.LOCKFILE)
    if failed:
        return failed
    shapes = Shapes(text)
    doc = shapes.document(doc, "a JSON object")
    deps = []
    for section, dev in (("default", False), ("develop", True)):
        for name, entry in shapes.table(doc.get(section), section).items():
            pinned = entry.get("version") if isinstance(entry, dict) else None
            pinned = pinned if isinstance(pinned, str) else ""
            version = pinned[2:] if pinned.startswith("==") else None
            deps.append(Dependency(Ecosystem.PYPI, normalise(name), None, version, False, dev))
    return Parsed(Kind.LOCKFILE, tuple(deps), tuple(shapes.warnings))


PARSERS: tuple[Registration, ...] = (
    ("requirements*.txt", parse_requirements),
    ("**/requirements/*.txt", parse_requirements),
    ("pyproject.toml", parse_pyproject),
    ("Pipfile", parse_pipfile),
    ("Pipfile.lock", parse_pipfile_lock),
    ("setup.cfg", parse_setup_cfg),
    ("poetry.lock", parse_toml_lock),
    ("uv.lock", parse_toml_lock),
)
