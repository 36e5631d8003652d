"""An ADR log on disk: finding it, listing it, writing new records in its own format,
changing statuses, and checking it.

The log's folder is the one named in ``.adr-dir`` (adr-tools' convention), else the first
of ``doc/adr``, ``docs/adr``, ``docs/decisions``, ``doc/decisions`` that exists. A log's
format is the one most of its records use (adr-tools when empty, unless ``init`` chose
MADR and wrote the ``.adr-format`` marker).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from techlead.core.errors import DecisionError
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
    if marker.is_file():
        return root / marker.read_text(encoding="utf-8").strip()
    for candidate in CANDIDATES:
        if (root / candidate).is_dir():
            return root / candidate
    raise AdrError(
        f"no ADR log under {root} (looked for .adr-dir, {', '.join(CANDIDATES)})",
        tip="create one with `techlead adr init`",
    )


def read_log(folder: Path) -> Log:
    files = sorted(p for p in folder.iterdir() if p.is_file() and is_adr_file(p.name))
    records = tuple(
        parse_adr(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in files
    )
    marker = folder / ".adr-format"
    counts = Counter(a.format for a in records)
    if counts:
        chosen = counts.most_common(1)[0][0]
    elif marker.is_file() and marker.read_text().strip() in FORMATS:
        chosen = marker.read_text().strip()
    else:
        chosen = "adr-tools"
    return Log(folder, records, chosen)


def init(root: Path, folder: str, fmt: str, today: date) -> Path:
    target = root / folder
    if target.is_dir() and any(is_adr_file(p.name) for p in target.iterdir()):
        raise AdrError(f"{target} already holds ADRs")
    target.mkdir(parents=True, exist_ok=True)
    if folder not in CANDIDATES:
        (root / ".adr-dir").write_text(folder + "\n", encoding="utf-8")
    (target / ".adr-format").write_text(fmt + "\n", encoding="utf-8")
    log = read_log(target)
    return new(log, "Record architecture decisions", today, status="accepted")


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "decision"


def _file_name(log: Log, number: int, title: str) -> str:
    return f"{number:04d}-{slug(title)}.md"


def new(
    log: Log,
    title: str,
    today: date,
    status: str = "proposed",
    supersedes: tuple[int, ...] = (),
) -> Path:
    """Write the next ADR in the log's format; superseded ADRs get a link back."""
    if not title.strip():
        raise AdrError("an ADR needs a title")
    old = [log.get(n) for n in supersedes]
    number = max((a.number for a in log.records if a.number is not None), default=0) + 1
    name = _file_name(log, number, title)
    links = [f"Supersedes [{a.number}. {a.title}]({a.file})" for a in old]
    if log.format == "madr":
        text = _madr_text(title, status, today, links)
    else:
        text = _adr_tools_text(number, title, status, today, links)
    path = log.folder / name
    path.write_text(text, encoding="utf-8")
    for adr in old:
        set_status(log, adr.number or 0, f"superseded by [{number}. {title}]({name})")
    return path


def write_record(log: Log, title: str, text: str) -> Path:
    """Write ``text`` as the log's next record; returns its path."""
    number = max((a.number for a in log.records if a.number is not None), default=0) + 1
    path = log.folder / _file_name(log, number, title)
    path.write_text(text, encoding="utf-8")
    return path


def _adr_tools_text(number: int, title: str, status: str, today: date, links: list[str]) -> str:
    status_block = "\n\n".join([status.capitalize(), *links])
    return (
        f"# {number}. {title}\n\nDate: {today.isoformat()}\n\n## Status\n\n{status_block}\n\n"
        "## Context\n\nThe issue motivating this decision, and any context that influences "
        "or constrains the decision.\n\n## Decision\n\nThe change that we're proposing or "
        "have agreed to implement.\n\n## Consequences\n\nWhat becomes easier or more "
        "difficult to do and any risks introduced by the change that will need to be "
        "mitigated.\n"
    )


def _madr_text(title: str, status: str, today: date, links: list[str]) -> str:
    related = "".join(f"\n* {link}" for link in links)
    return (
        f"---\nstatus: {status}\ndate: {today.isoformat()}\ndecision-makers: []\n---\n"
        f"# {title}\n{related}\n\n## Context and Problem Statement\n\n{{Describe the context "
        "and problem statement.}}\n\n## Considered Options\n\n* {title of option 1}\n\n"
        '## Decision Outcome\n\nChosen option: "{title of option 1}", because {justification}.'
        "\n"
    )


def set_status(log: Log, number: int, status: str) -> Path:
    adr = log.get(number)
    path = log.folder / adr.file
    text = path.read_text(encoding="utf-8")
    if adr.format == "adr-tools":
        updated = re.sub(
            r"(## Status\n\n)([^\n]*)", lambda m: m.group(1) + _capital(status), text, count=1
        )
    elif text.startswith("---") and re.search(r"^status:.*$", text, re.MULTILINE):
        updated = re.sub(r"^status:.*$", f"status: {_yaml_value(status)}", text, count=1,
                         flags=re.MULTILINE)  # fmt: skip
    elif re.search(r"^[-*] Status:.*$", text, re.MULTILINE):
        updated = re.sub(r"^([-*]) Status:.*$", lambda m: f"{m.group(1)} Status: {status}", text,
                         count=1, flags=re.MULTILINE)  # fmt: skip
    elif text.startswith("---"):
        updated = f"---\nstatus: {_yaml_value(status)}\n" + text[4:]
    else:
        updated = f"---\nstatus: {_yaml_value(status)}\n---\n" + text
    path.write_text(updated, encoding="utf-8")
    return path


def _capital(status: str) -> str:
    return status[:1].upper() + status[1:]


def _yaml_value(value: str) -> str:
    return (
        value
        if re.fullmatch(r"[A-Za-z][A-Za-z ]*", value)
        else '"' + value.replace('"', '\\"') + '"'
    )


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
    for adr in log.records:
        label = f"{adr.number}. {adr.title}" if adr.number is not None else adr.title
        lines.append(f"* [{label}]({adr.file})")
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
    ``link(log, 12, "Amends", 10, "Amended by")``."""
    first, second = log.get(source), log.get(target)
    _add_link(log, first, f"{relation} [{_label(second)}]({second.file})")
    if reverse:
        _add_link(log, second, f"{reverse} [{_label(first)}]({first.file})")


def _add_link(log: Log, adr: Adr, line: str) -> None:
    path = log.folder / adr.file
    text = path.read_text(encoding="utf-8")
    if adr.format == "adr-tools":
        # after the status paragraph and any links already there, before the next section
        found = re.search(r"## Status\n\n(?:[^\n]+\n\n?)*?(?=## |\Z)", text)
        if found:
            block = found.group(0).rstrip("\n") + f"\n\n{line}\n\n"
            text = text[: found.start()] + block + text[found.end() :]
        else:
            text = text.rstrip("\n") + f"\n\n{line}\n"
    else:
        heading = re.search(r"^# .*$", text, re.MULTILINE)
        at = heading.end() if heading else 0
        text = text[:at] + f"\n\n* {line}" + text[at:] if heading else f"* {line}\n\n" + text
    path.write_text(text, encoding="utf-8")


def rename(log: Log, number: int, title: str) -> Path:
    """Give ADR ``number`` a new title and file name, and repair every link to it."""
    adr = log.get(number)
    old_file, new_file = adr.file, _file_name(log, number, title)
    old_label, new_label = _label(adr), _label(replace(adr, title=title))
    path = log.folder / old_file
    text = path.read_text(encoding="utf-8")
    if adr.format == "adr-tools":
        text = re.sub(r"^# .*$", f"# {number}. {title}", text, count=1, flags=re.MULTILINE)
    else:
        text = re.sub(r"^# .*$", f"# {title}", text, count=1, flags=re.MULTILINE)
    path.unlink()
    (log.folder / new_file).write_text(text, encoding="utf-8")
    for other in log.records:
        if other.file == old_file:
            continue
        other_path = log.folder / other.file
        before = other_path.read_text(encoding="utf-8")
        after = before.replace(f"[{old_label}]({old_file})", f"[{new_label}]({new_file})")
        after = after.replace(f"({old_file})", f"({new_file})")
        if after != before:
            other_path.write_text(after, encoding="utf-8")
    return log.folder / new_file
