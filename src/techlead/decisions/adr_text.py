"""The text of ADR records, as pure functions: a new record in either format, a status
or a link written into a record's text, and Markdown links that survive any title."""

from __future__ import annotations

import re
from datetime import date

from techlead.mining.adr import Adr


def md_link(label: str, file: str) -> str:
    """A Markdown link whose label and target survive any title and file name: brackets
    and backslashes escaped, a target with spaces or parentheses in angle brackets."""
    escaped = re.sub(r"([\\\[\]])", r"\\\1", label)
    if re.fullmatch(r"[^\s()<>\\]+", file) is None:
        file = "<" + re.sub(r"([\\<>])", r"\\\1", file) + ">"
    return f"[{escaped}]({file})"


def link_to(adr: Adr) -> str:
    label = f"{adr.number}. {adr.title}" if adr.number is not None else adr.title
    return md_link(label, adr.file)


def adr_tools_text(number: int, title: str, status: str, today: date, links: list[str]) -> str:
    status_block = "\n\n".join([status.capitalize(), *links])
    return (
        f"# {number}. {title}\n\nDate: {today.isoformat()}\n\n## Status\n\n{status_block}\n\n"
        "## Context\n\nThe issue motivating this decision, and any context that influences "
        "or constrains the decision.\n\n## Decision\n\nThe change that we're proposing or "
        "have agreed to implement.\n\n## Consequences\n\nWhat becomes easier or more "
        "difficult to do and any risks introduced by the change that will need to be "
        "mitigated.\n"
    )


def madr_text(title: str, status: str, today: date, links: list[str]) -> str:
    related = "".join(f"\n* {link}" for link in links)
    return (
        f"---\nstatus: {status}\ndate: {today.isoformat()}\ndecision-makers: []\n---\n"
        f"# {title}\n{related}\n\n## Context and Problem Statement\n\n{{Describe the context "
        "and problem statement.}}\n\n## Considered Options\n\n* {title of option 1}\n\n"
        '## Decision Outcome\n\nChosen option: "{title of option 1}", because {justification}.'
        "\n"
    )


def with_status(adr: Adr, text: str, status: str) -> str:
    if adr.format == "adr-tools":
        return re.sub(
            r"(## Status\n\n)([^\n]*)", lambda m: m.group(1) + _capital(status), text, count=1
        )
    value = _yaml_value(status)
    if text.startswith("---") and re.search(r"^status:.*$", text, re.MULTILINE):
        return re.sub(r"^status:.*$", lambda _: f"status: {value}", text, count=1,
                      flags=re.MULTILINE)  # fmt: skip
    if re.search(r"^[-*] Status:.*$", text, re.MULTILINE):
        return re.sub(r"^([-*]) Status:.*$", lambda m: f"{m.group(1)} Status: {status}", text,
                      count=1, flags=re.MULTILINE)  # fmt: skip
    if text.startswith("---"):
        return f"---\nstatus: {value}\n" + text[4:]
    return f"---\nstatus: {value}\n---\n" + text


def _capital(status: str) -> str:
    return status[:1].upper() + status[1:]


def _yaml_value(value: str) -> str:
    """``value`` as YAML: bare when plain words, else a double-quoted scalar in which
    quotes, backslashes and every character YAML will not take raw are escaped."""
    if re.fullmatch(r"[A-Za-z][A-Za-z ]*", value):
        return value
    return '"' + "".join(_yaml_char(c) for c in value) + '"'


def _yaml_char(c: str) -> str:
    if c in '"\\':
        return "\\" + c
    if c.isprintable() and c not in "\ufeff\ufffe\uffff":
        return c
    return f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}"


def with_link(fmt: str, text: str, line: str) -> str:
    if fmt == "adr-tools":
        # after the status paragraph and any links already there, before the next section
        found = re.search(r"## Status\n\n(?:[^\n]+\n\n?)*?(?=## |\Z)", text)
        if found:
            block = found.group(0).rstrip("\n") + f"\n\n{line}\n\n"
            return text[: found.start()] + block + text[found.end() :]
        return text.rstrip("\n") + f"\n\n{line}\n"
    heading = re.search(r"^# .*$", text, re.MULTILINE)
    if heading is None:
        return f"* {line}\n\n" + text
    return text[: heading.end()] + f"\n\n* {line}" + text[heading.end() :]
