"""Go, Rust, Ruby, PHP and .NET manifests and lockfiles.

* ``go.mod`` (manifest, Go): ``require`` lines and blocks, ``// indirect`` ones are
  transitive; versions are stored without the leading ``v`` (as OSV writes Go versions),
  the spec keeps Go's spelling; ``replace`` with a version redirects a module. ``go.sum``
  (lockfile): distinct module and version pairs (``/go.mod`` suffixes dropped).
* ``Cargo.toml`` (manifest, crates.io): ``[dependencies]``, ``[build-dependencies]``,
  ``[dev-dependencies]`` (development), their ``[target.*.…]`` forms and
  ``[workspace.dependencies]``; ``package = "…"`` renames. ``Cargo.lock``: packages with
  a ``source`` (those without are the workspace's own crates).
* ``Gemfile.lock`` (lockfile, RubyGems): the ``specs:`` entries at four spaces,
  ``name (version)``; the ``DEPENDENCIES`` section names the direct ones. ``Gemfile``
  (manifest): ``gem "name", "~> 1.2"`` lines, development inside ``group :development``
  or ``:test`` blocks.
* ``composer.json`` / ``composer.lock`` (Packagist): ``require``/``require-dev`` (``php``
  and ``ext-*`` left out); ``packages``/``packages-dev``, versions without a leading ``v``.
* ``*.csproj``, ``*.fsproj``, ``*.vbproj`` (manifest, NuGet): ``PackageReference``
  Include and Version (attribute or element). ``packages.lock.json``: per target
  framework, ``Direct`` and ``Transitive`` entries (``Project`` ones left out).
"""

from __future__ import annotations

import re
from typing import Any

from techlead.mining.manifests.documents import Shapes, load_json, load_toml, load_xml
from techlead.mining.manifests.model import (
    Dependency,
    Ecosystem,
    Kind,
    Parsed,
    ParseWarning,
    Reader,
    Registration,
)

# ---------------------------------------------------------------- Go


def _go_tokens(line: str) -> tuple[list[str], str]:
    code, _, comment = line.partition("//")
    return code.split(), comment.strip()


def parse_go_mod(path: str, text: str, read: Reader) -> Parsed:
    requires: list[tuple[str, str, bool, int]] = []
    replaces: dict[str, tuple[str, str]] = {}
    warnings: list[ParseWarning] = []
    block: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        words, comment = _go_tokens(line)
        if not words:
            continue
        if block is not None:
            if words == [")"]:
                block = None
                continue
            words = [block, *words]
        elif len(words) == 2 and words[1] == "(":
            block = words[0]
            continue
        verb, args = words[0], [w.strip('"') for w in words[1:]]
        if verb == "require":
            if len(args) != 2:
                warnings.append(ParseWarning(number, "require needs a module path and a version"))
                continue
            requires.append((args[0], args[1], comment != "indirect", number))
        elif verb == "replace" and "=>" in args:
            arrow = args.index("=>")
            target = args[arrow + 1 :]
            if len(target) == 2:
                replaces[args[0]] = (target[0], target[1])
    deps = []
    for module, version, direct, number in requires:
        module, version = replaces.get(module, (module, version))
        deps.append(
            Dependency(
                Ecosystem.GO, module, version, version.removeprefix("v"), direct, False, number
            )
        )
    return Parsed(Kind.MANIFEST, tuple(deps), tuple(warnings))


def parse_go_sum(path: str, text: str, read: Reader) -> Parsed:
    seen: dict[tuple[str, str], int] = {}
    warnings = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.split()
        if not words:
            continue
        if len(words) != 3:
            warnings.append(ParseWarning(number, "expected: module version hash"))
            continue
        seen.setdefault((words[0], words[1].removesuffix("/go.mod")), number)
    deps = tuple(
        Dependency(Ecosystem.GO, module, None, version.removeprefix("v"), False, False, number)
        for (module, version), number in seen.items()
    )
    return Parsed(Kind.LOCKFILE, deps, tuple(warnings))


# ---------------------------------------------------------------- Rust


def parse_cargo_toml(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_toml(text, Kind.MANIFEST)
    if doc is None:
        return failed or Parsed(Kind.MANIFEST)
    shapes = Shapes(text)
    tables: list[tuple[dict[str, Any], bool]] = []
    targets = shapes.table(doc.get("target"), "target")
    for holder in [doc, *(shapes.table(t, name) for name, t in targets.items())]:
        for section, dev in (
            ("dependencies", False),
            ("build-dependencies", False),
            ("dev-dependencies", True),
        ):
            tables.append((shapes.table(holder.get(section), section), dev))
    workspace = shapes.table(doc.get("workspace"), "workspace")
    tables.append((shapes.table(workspace.get("dependencies"), "dependencies"), False))
    lines = _first_lines(text)
    deps: dict[str, Dependency] = {}
    for table, dev in tables:
        for key, value in table.items():
            name, spec = key, value if isinstance(value, str) else None
            if isinstance(value, dict):
                renamed, version = value.get("package", key), value.get("version")
                name = renamed if isinstance(renamed, str) else key
                spec = version if isinstance(version, str) else None
            exact = spec[1:] if spec and spec.startswith("=") else None
            if name not in deps or (deps[name].dev and not dev):
                deps[name] = Dependency(
                    Ecosystem.CRATES, name, spec, exact, True, dev, lines.get(key)
                )
    return Parsed(Kind.MANIFEST, tuple(deps.values()), tuple(shapes.warnings))


_TOML_KEY = re.compile(r"^\s*(?:\"([^\"]*)\"|([\w.-]+))\s*=", re.MULTILINE)


def _first_lines(text: str) -> dict[str, int]:
    """The first line of each key assignment (``name =``), in one pass over the text."""
    lines: dict[str, int] = {}
    for match in _TOML_KEY.finditer(text):
        key = match.group(1) if match.group(1) is not None else match.group(2)
        lines.setdefault(key, text.count("\n", 0, match.start()) + 1)
    return lines


def parse_cargo_lock(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_toml(text, Kind.LOCKFILE)
    if doc is None:
        return failed or Parsed(Kind.LOCKFILE)
    shapes = Shapes(text)
    deps = []
    for item in shapes.array(doc.get("package"), "package", "an array of tables ([[package]])"):
        package = shapes.table(item, "package", "a table ([[package]])")
        name = package.get("name")
        if "source" in package and isinstance(name, str):
            version = shapes.scalar(package.get("version"), "version")
            deps.append(Dependency(Ecosystem.CRATES, name, None, version, False, False))
    return Parsed(Kind.LOCKFILE, tuple(deps), tuple(shapes.warnings))


# ---------------------------------------------------------------- Ruby


def parse_gemfile_lock(path: str, text: str, read: Reader) -> Parsed:
    specs: list[tuple[str, str, int]] = []
    direct: set[str] = set()
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if line and not line.startswith(" "):
            section = line.strip()
            continue
        if section == "GEM" or section == "GIT" or section == "PATH":
            found = re.match(r"^ {4}([^ (]+) \(([^)]+)\)$", line)
            if found:
                specs.append((found.group(1), found.group(2).split("-")[0], number))
        elif section == "DEPENDENCIES":
            found = re.match(r"^ {2}([^ (!]+)", line)
            if found:
                direct.add(found.group(1))
    deps = tuple(
        Dependency(Ecosystem.RUBYGEMS, name, None, version, name in direct, False, number)
        for name, version, number in specs
    )
    return Parsed(Kind.LOCKFILE, deps)


# a backslash is only ever an escape: with "." it could also be itself, and an unclosed
# string of backslashes would take exponential time
_QUOTED = re.compile(r"""(["'])((?:\\.|(?!\1)[^\\])*)\1""")


def parse_gemfile(path: str, text: str, read: Reader) -> Parsed:
    deps: list[Dependency] = []
    groups: list[bool] = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0].strip()
        if re.match(r"^group\b.*\bdo$", code):
            groups.append(bool(re.search(r":(development|test)\b", code)))
            continue
        if code == "end" and groups:
            groups.pop()
            continue
        if not re.match(r"^gem\s", code):
            continue
        strings = [m.group(2) for m in _QUOTED.finditer(code)]
        if not strings:
            continue
        spec = ", ".join(strings[1:]) or None
        dev = any(groups) or bool(re.search(r"group:\s*:?(development|test)", code))
        deps.append(Dependency(Ecosystem.RUBYGEMS, strings[0], spec, None, True, dev, number))
    return Parsed(Kind.MANIFEST, tuple(deps))


# ---------------------------------------------------------------- PHP, .NET


def _platform(name: str) -> bool:
    return name == "php" or name.startswith(("ext-", "lib-")) or "/" not in name


def parse_composer_json(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_json(text, Kind.MANIFEST)
    if failed:
        return failed
    shapes = Shapes(text)
    doc = shapes.document(doc, "a JSON object")
    deps = []
    for section, dev in (("require", False), ("require-dev", True)):
        for name, value in shapes.table(doc.get(section), section, "an object").items():
            spec = shapes.scalar(value, name)
            if spec is not None and not _platform(name):
                deps.append(Dependency(Ecosystem.PACKAGIST, name, spec, None, True, dev))
    return Parsed(Kind.MANIFEST, tuple(deps), tuple(shapes.warnings))


def parse_composer_lock(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_json(text, Kind.LOCKFILE)
    if failed:
        return failed
    shapes = Shapes(text)
    doc = shapes.document(doc, "a JSON object")
    deps = []
    for section, dev in (("packages", False), ("packages-dev", True)):
        for item in shapes.array(doc.get(section), section):
            package = shapes.table(item, section, "a list of objects")
            name = package.get("name")
            if isinstance(name, str):
                version = shapes.scalar(package.get("version"), "version") or ""
                deps.append(
                    Dependency(
                        Ecosystem.PACKAGIST,
                        name,
                        None,
                        version.removeprefix("v") or None,
                        False,
                        dev,
                    )
                )
    return Parsed(Kind.LOCKFILE, tuple(deps), tuple(shapes.warnings))


def parse_project_file(path: str, text: str, read: Reader) -> Parsed:
    root, failed = load_xml(text, Kind.MANIFEST)
    if root is None:
        return failed or Parsed(Kind.MANIFEST)
    deps = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] != "PackageReference":
            continue
        name = element.get("Include") or element.get("Update")
        version = element.get("Version")
        for child in element:
            if child.tag.rsplit("}", 1)[-1] == "Version" and child.text:
                version = child.text.strip()
        if name:
            exact = version if version and re.fullmatch(r"[\d.]+[\w.-]*", version) else None
            deps.append(Dependency(Ecosystem.NUGET, name, version, exact, True, False))
    return Parsed(Kind.MANIFEST, tuple(deps))


def parse_nuget_lock(path: str, text: str, read: Reader) -> Parsed:
    doc, failed = load_json(text, Kind.LOCKFILE)
    if failed:
        return failed
    shapes = Shapes(text)
    doc = shapes.document(doc, "a JSON object")
    found: dict[tuple[str, str | None], bool] = {}
    for target, framework in shapes.table(doc.get("dependencies"), "dependencies").items():
        for name, value in shapes.table(framework, target).items():
            entry = shapes.table(value, name, "an object")
            if not entry or entry.get("type") == "Project":
                continue
            key = (name, shapes.scalar(entry.get("resolved"), "resolved"))
            found[key] = found.get(key, False) or entry.get("type") == "Direct"
    deps = tuple(
        Dependency(Ecosystem.NUGET, name, None, version, direct, False)
        for (name, version), direct in found.items()
    )
    return Parsed(Kind.LOCKFILE, deps, tuple(shapes.warnings))


PARSERS: tuple[Registration, ...] = (
    ("go.mod", parse_go_mod),
    ("go.sum", parse_go_sum),
    ("Cargo.toml", parse_cargo_toml),
    ("Cargo.lock", parse_cargo_lock),
    ("Gemfile", parse_gemfile),
    ("Gemfile.lock", parse_gemfile_lock),
    ("composer.json", parse_composer_json),
    ("composer.lock", parse_composer_lock),
    ("*.csproj", parse_project_file),
    ("*.fsproj", parse_project_file),
    ("*.vbproj", parse_project_file),
    ("packages.lock.json", parse_nuget_lock),
)
