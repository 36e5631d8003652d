"""Reading ADRs: the three real logs of tests/data/corpus/adr and hand-written files."""

from __future__ import annotations

from techlead.mining.adr import Adr, Link, is_adr_file, parse_adr

from conftest import CORPUS

ADRS = CORPUS / "adr"


def read_log(folder: str) -> list[Adr]:
    files = sorted(p for p in (ADRS / folder).iterdir() if is_adr_file(p.name))
    return [parse_adr(p.name, p.read_text(encoding="utf-8")) for p in files]


def test_adr_tools_log() -> None:
    log = read_log("npryce-adr-tools--doc-adr")
    # 9 ADRs, all Accepted (corpus README); 0005 and 0009 amend each other.
    assert [a.number for a in log] == list(range(1, 10))
    assert {a.format for a in log} == {"adr-tools"} and {a.status for a in log} == {"accepted"}
    assert (log[0].title, log[0].date) == ("Record architecture decisions", "2016-02-12")
    assert log[4].links == (Link("amended by", "0009-help-scripts.md"),)
    assert log[8].links == (Link("amends", "0005-help-comments.md"),)
    assert log[0].sections == ("Status", "Context", "Decision", "Consequences")


def test_madr_log_skips_index_and_template() -> None:
    folder = ADRS / "adr-madr--docs-decisions"
    names = sorted(p.name for p in folder.iterdir() if p.suffix == ".md")
    assert [n for n in names if not is_adr_file(n)] == ["adr-template.md", "index.md"]
    log = read_log("adr-madr--docs-decisions")
    assert [a.number for a in log] == list(range(19))
    # Only 0003 has a status in its front matter (the others carry Jekyll keys only).
    assert [(a.number, a.status) for a in log if a.status] == [(3, "on hold")]
    assert log[3].title == "Write Own MADR Tooling" and log[3].format == "madr"


def test_log4brains_bullets_and_superseded_link() -> None:
    log = read_log("thomvaill-log4brains--docs-adr")
    assert len(log) == 9 and all(a.number is None for a in log)  # date-prefixed names
    superseded = next(a for a in log if a.status == "superseded")
    assert superseded.file == "20200926-use-the-adr-number-as-its-unique-id.md"
    assert superseded.date == "2020-09-26"
    assert superseded.links == (
        Link("superseded by", "20201016-use-the-adr-slug-as-its-unique-id.md"),
    )
    assert sorted({a.status for a in log}) == ["accepted", "superseded"]


def test_madr4_front_matter_and_spellings() -> None:
    madr = parse_adr(
        "0012-use-postgres.md",
        "---\nstatus: accepted\ndate: 2024-03-01\ndecision-makers: [Ann, Bo]\n"
        "consulted: Cy\ninformed:\n  - Dee\n---\n# Use PostgreSQL\n\n## Considered Options\n",
    )
    assert madr == Adr(
        "0012-use-postgres.md",
        12,
        "Use PostgreSQL",
        "accepted",
        "2024-03-01",
        "madr",
        ("Ann", "Bo"),
        ("Cy",),
        ("Dee",),
        (),
        ("Considered Options",),
    )
    tools = parse_adr(
        "0004-x.md",
        "# 4. X\n\nDate: 2020-01-02\n\n## Status\n\nSuperceded by [5. Y](0005-y.md)\n\n"
        "Supercedes [3. W](0003-w.md)\n",
    )
    assert tools.status == "superseded"
    assert tools.links == (Link("superseded by", "0005-y.md"), Link("supersedes", "0003-w.md"))
    empty = parse_adr("0001-empty.md", "")
    assert (empty.title, empty.status, empty.date) == ("", None, None)
