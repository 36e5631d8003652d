"""An ADR log on disk: finding it, listing it, writing new records in its own format,
changing statuses, and checking it.

The log's folder is the one named in ``.adr-dir`` (adr-tools' convention), else the first
of ``doc/adr``, ``docs/adr``, ``docs/decisions``, ``doc/decisions`` that exists. A log's
format is the one most of its records use (adr-tools when empty, unless ``init`` chose
MADR and wrote the ``.adr-format`` marker).

A log is a repository's content, so it is handled as untrusted: its folder must lie inside
the project (``.adr-dir`` cannot name a place outside, nor reach one through links), a
record that is a link out of the folder is never read, a link is never written through,
and a command that changes several records checks them all first, then writes all or
none (core/files.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from techlead.core.errors import DecisionError
from techlead.core.files import inside, refuse_link, write_text, write_texts
from techlead.decisions import adr_text
from techlead.mining.adr import CANDIDATES, Adr, is_adr_file, parse_adr

FORMATS = ("adr-tools", "madr")
STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded", "on hold")
REQUIRED_SECTIONS = {
    "adr-tools": ("Status", "Context", "Decision", "Consequences"),
    "madr": ("Context and Problem Statement", "Decision Outcome"),
}


class AdrError(DecisionError):
    pass


@dataclass(frozen=True)
class Log:
    folder: Path
    records: tuple[Adr, ...]
    format: str

    def get(self, number: int) -> Adr:
        for adr in self.records:
            if adr.number == number:
                return adr
        valid = ", ".join(str(a.number) for a in self.records if a.number is not None)
        raise AdrError(f"no ADR number {number} in {self.folder} (numbers: {valid or 'none'})")


def find_folder(root: Path) -> Path:
    marker = root / ".adr-dir"
    if marker.is_file() or marker.is_symlink():
        folder = root / _marker_folder(marker)
    else:
        found = [root / c for c in CANDIDATES if (root / c).is_dir()]
        if not found:
            raise AdrError(
                f"no ADR log under {root} (looked for .adr-dir, {', '.join(CANDIDATES)})",
                tip="create one with `techlead adr init`",
            )
        folder = found[0]
    _require_inside(root, folder)
    return folder


def _marker_folder(marker: Path) -> str:
    """The folder named on the first line of ``.adr-dir``."""
    if marker.is_symlink():
        raise AdrError(f"{marker} is a symbolic link; techlead does not follow it")
    try:
        lines = marker.read_bytes()[:4096].decode("utf-8").strip().splitlines()
    except UnicodeDecodeError:
        raise AdrError(f"{marker}:1: expected a folder's path in UTF-8 text") from None
    except OSError as exc:
        raise AdrError(f"cannot read {marker}: {exc.strerror or exc}") from None
    name = lines[0].strip() if lines else ""
    if not name or not name.isprintable():
        raise AdrError(f"{marker}:1: expected the ADR folder's path, relative to {marker.parent}")
    return name


def _require_inside(root: Path, folder: Path) -> None:
    if not inside(root, folder):
        raise AdrError(
            f"the ADR folder {folder} is outside {root}; techlead keeps an ADR log inside "
            "its repository (links followed)"
        )


def read_log(folder: Path) -> Log:
    if not folder.is_dir():
        raise AdrError(f"the ADR folder {folder} does not exist")
    files = sorted(
        p for p in folder.iterdir() if is_adr_file(p.name) and (p.is_symlink() or p.is_file())
    )
    records = tuple(parse_adr(p.name, _text(folder, p)) for p in files)
    counts = Counter(a.format for a in records)
    marker = _text(folder, folder / ".adr-format").strip()
    if counts:
        chosen = counts.most_common(1)[0][0]
    elif marker in FORMATS:
        chosen = marker
    else:
        chosen = "adr-tools"
    return Log(folder, records, chosen)


def _text(folder: Path, path: Path) -> str:
    """A file of the log as text; a link that leads out of the folder (or to anything but
    a file) is not followed, and reads as empty."""
    if path.is_symlink() and not (inside(folder, path) and path.is_file()):
        return ""
    if not path.is_file():
        return ""
    return path.read_text(encoding="utf-8", errors="replace")


def text(log: Log, number: int) -> str:
    """ADR ``number`` as it reads (bytes that are not UTF-8 replaced)."""
    return _text(log.folder, log.folder / log.get(number).file)


def _linkable(log: Log, adr: Adr) -> Path:
    """The record's path, once its name is known to fit in a Markdown link."""
    if not adr.file.isprintable():
        raise AdrError(f"{adr.file!a} in {log.folder}: a file name with control "
                       "characters cannot be linked to; rename it first")  # fmt: skip
    return log.folder / adr.file


def _for_edit(log: Log, adr: Adr) -> tuple[Path, str]:
    """An ADR's path and text, to be changed; refused when it is a link or not UTF-8."""
    path = _linkable(log, adr)
    refuse_link(path)
    try:
        return path, path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise AdrError(
            f"{path}: not UTF-8 text (byte {exc.start}); techlead does not edit it, "
            "and changed nothing"
        ) from None
    except OSError as exc:
        raise AdrError(f"cannot read {path}: {exc.strerror or exc}") from None


def init(root: Path, folder: str, fmt: str, today: date) -> Path:
    target = root / folder
    if not folder.strip() or not folder.isprintable():
        raise AdrError(f"{folder!r} is not a folder name")
    _require_inside(root, target)
    if target.is_dir() and any(is_adr_file(p.name) for p in target.iterdir()):
        raise AdrError(f"{target} already holds ADRs")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AdrError(f"cannot create {target}: {exc.strerror or exc}") from None
    if folder not in CANDIDATES:
        write_text(root / ".adr-dir", folder + "\n")
    write_text(target / ".adr-format", fmt + "\n")
    log = read_log(target)
    return new(log, "Record architecture decisions", today, status="accepted")


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "decision"


def _file_name(log: Log, number: int, title: str) -> str:
    return f"{number:04d}-{slug(title)}.md"


def one_line(value: str, what: str) -> str:
    """``value`` stripped; a one-line error when it is empty or holds a line break or
    another control character (it would add lines, or sections, to a record)."""
    value = value.strip()
    if not value or any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in value):
        raise AdrError(f"{what} must be one line of printable text: {value!r}")
    return value


def new(
    log: Log,
    title: str,
    today: date,
    status: str = "proposed",
    supersedes: tuple[int, ...] = (),
    links: Sequence[tuple[str, int, str | None]] = (),
) -> Path:
    """Write the next ADR in the log's format; superseded ADRs get a link back, and each
    of ``links`` (relation, number, reverse) links both ways. Every record changed is
    checked before any is written; then all are written, or none."""
    title = one_line(title, "an ADR's title")
    old = [log.get(n) for n in supersedes]
    linked = [(one_line(r, "a relation"), log.get(n), v and one_line(v, "a relation"))
              for r, n, v in links]  # fmt: skip
    for _, adr, _ in linked:
        _linkable(log, adr)
    number = _next_number(log)
    name = _file_name(log, number, title)
    path = log.folder / name
    if path.exists() or path.is_symlink():
        raise AdrError(f"{path} already exists")
    this = adr_text.md_link(f"{number}. {title}", name)
    lines = [f"Supersedes {adr_text.link_to(a)}" for a in old]
    if log.format == "madr":
        record = adr_text.madr_text(title, status, today, lines)
    else:
        record = adr_text.adr_tools_text(number, title, status, today, lines)
    edits: dict[Path, str] = {}
    for adr in old:
        where, before = _for_edit(log, adr)
        edits[where] = adr_text.with_status(adr, edits.get(where, before), f"superseded by {this}")
    for relation, adr, reverse in linked:
        record = adr_text.with_link(log.format, record, f"{relation} {adr_text.link_to(adr)}")
        if reverse:
            where, before = _for_edit(log, adr)
            edits[where] = adr_text.with_link(
                adr.format, edits.get(where, before), f"{reverse} {this}"
            )
    write_texts({path: record, **edits})
    return path


def _next_number(log: Log) -> int:
    return max((a.number for a in log.records if a.number is not None), default=0) + 1


def write_record(log: Log, title: str, text: str) -> Path:
    """Write ``text`` as the log's next record; returns its path."""
    path = log.folder / _file_name(log, _next_number(log), one_line(title, "an ADR's title"))
    if path.exists() or path.is_symlink():
        raise AdrError(f"{path} already exists")
    write_text(path, text)
    return path


def set_status(log: Log, number: int, status: str) -> Path:
    adr = log.get(number)
    path, before = _for_edit(log, adr)
    write_text(path, adr_text.with_status(adr, before, one_line(status, "a status")))
    return path


def lint(log: Log) -> list[tuple[str, str]]:
    """(file, problem) for every problem, in file order."""
    problems: list[tuple[str, str]] = []
    numbers = Counter(a.number for a in log.records if a.number is not None)
    files = {a.file for a in log.records} | {p.name for p in log.folder.iterdir()}
    for adr in log.records:
        if adr.number is not None and numbers[adr.number] > 1:
            problems.append(
                (adr.file, f"number {adr.number} is used by {numbers[adr.number]} ADRs")
            )
        if adr.status is None:
            problems.append((adr.file, "no status"))
        elif adr.status.split()[0] not in {s.split()[0] for s in STATUSES}:
            problems.append(
                (adr.file, f"unknown status '{adr.status}' (known: {', '.join(STATUSES)})")
            )
        for link in adr.links:
            target = link.target.split("#")[0]
            if "://" not in target and Path(target).name not in files:
                problems.append((adr.file, f"broken link to {link.target}"))
        successors = [link for link in adr.links if link.relation == "superseded by"]
        if adr.status == "superseded" and not successors:
            problems.append((adr.file, "superseded, but names no successor"))
        for section in REQUIRED_SECTIONS[adr.format]:
            if section not in adr.sections:
                problems.append((adr.file, f"missing section '{section}' ({adr.format})"))
    return problems


def toc(log: Log) -> str:
    lines = ["# Architecture Decision Records", ""]
    lines += [f"* {adr_text.link_to(adr)}" for adr in log.records]
    return "\n".join(lines) + "\n"


def graph(log: Log, fmt: str) -> str:
    ids = {a.file: _node(a) for a in log.records}
    edges = [
        (ids[a.file], ids.get(Path(link.target).name), link.relation)
        for a in log.records
        for link in a.links
        if ids.get(Path(link.target).name)
    ]
    if fmt == "mermaid":
        out = ["graph TD"]
        out += [f'  {ids[a.file]}["{_label(a)}"]' for a in log.records]
        out += [f"  {src} -->|{rel}| {dst}" for src, dst, rel in edges]
        return "\n".join(out) + "\n"
    out = ["digraph adrs {", "  node [shape=box];"]
    out += [f'  {ids[a.file]} [label="{_label(a)}"];' for a in log.records]
    out += [f'  {src} -> {dst} [label="{rel}"];' for src, dst, rel in edges]
    return "\n".join([*out, "}"]) + "\n"


def _node(adr: Adr) -> str:
    if adr.number is not None:
        return f"adr{adr.number}"
    return "adr_" + slug(adr.file).replace("-", "_")


def _label(adr: Adr) -> str:
    text = f"{adr.number}. {adr.title}" if adr.number is not None else adr.title
    return text.replace("\\", "\\\\").replace('"', "'")


def link(log: Log, source: int, relation: str, target: int, reverse: str | None) -> None:
    """Add ``relation`` from ``source`` to ``target`` (and ``reverse`` back), e.g.
    ``link(log, 12, "Amends", 10, "Amended by")``; both records change, or neither."""
    first, second = log.get(source), log.get(target)
    _linkable(log, second)
    relation = one_line(relation, "a relation")
    edits: dict[Path, str] = {}
    where, before = _for_edit(log, first)
    edits[where] = adr_text.with_link(
        first.format, before, f"{relation} {adr_text.link_to(second)}"
    )
    if reverse:
        back = f"{one_line(reverse, 'a relation')} {adr_text.link_to(first)}"
        where, before = _for_edit(log, second)
        edits[where] = adr_text.with_link(second.format, edits.get(where, before), back)
    write_texts(edits)


def rename(log: Log, number: int, title: str) -> Path:
    """Give ADR ``number`` a new title and file name, and repair every link to it; every
    record is checked first, then all change or none."""
    adr = log.get(number)
    title = one_line(title, "an ADR's title")
    renamed = replace(adr, title=title, file=_file_name(log, number, title))
    path, text = _for_edit(log, adr)
    heading = f"# {number}. {title}" if adr.format == "adr-tools" else f"# {title}"
    text = re.sub(r"^# .*$", lambda _: heading, text, count=1, flags=re.MULTILINE)
    new_path = log.folder / renamed.file
    if new_path != path and (new_path.exists() or new_path.is_symlink()):
        raise AdrError(f"{new_path} already exists")
    edits = {new_path: text}
    for other in log.records:
        if other.file != adr.file:
            edits.update(_relinked(log, other, adr, renamed))
    write_texts(edits, remove=[path] if new_path != path else [])
    return new_path


def _relinked(log: Log, other: Adr, old: Adr, new: Adr) -> dict[Path, str]:
    """``other`` with its links to ``old`` pointing at ``new`` (nothing when it has none)."""
    path = log.folder / other.file
    if path.is_symlink() or old.file.encode() not in path.read_bytes():
        return {}
    path, before = _for_edit(log, other)
    after = before
    quoted = re.search(r"^status:.*$", before, re.MULTILINE) if before.startswith("---") else None
    if quoted and old.file in quoted.group(0):  # a YAML string: written anew, not patched
        relation = next((k.relation for k in other.links if k.target == old.file), "superseded by")
        after = adr_text.with_status(other, before, f"{relation} {adr_text.link_to(new)}")
    after = after.replace(adr_text.link_to(old), adr_text.link_to(new))
    after = after.replace(f"[{_label(old)}]({old.file})", adr_text.link_to(new))
    after = after.replace(f"({old.file})", f"({new.file})")
    return {path: after} if after != before else {}
