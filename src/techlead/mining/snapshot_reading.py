"""Reading a snapshot: the files of a tree (HEAD's, or a past tree's) with their facts,
read from git as :mod:`techlead.mining.snapshot` describes, in three steps
(:class:`Reading`) so that a history can share one :class:`Measurer` between several
readings and go on while it measures (analyses.as_of_batches); :func:`read_snapshot` is
the three at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from techlead.core.config import ComponentConfig
from techlead.core.globs import matches
from techlead.git.runner import cat_file_batch
from techlead.mining.classify import PathRules
from techlead.mining.measuring import MAX_BYTES, Measured, Measurer
from techlead.mining.policy_documents import document_text, is_policy_document
from techlead.mining.secrets import SCAN_LIMIT, scan_lines
from techlead.mining.snapshot import (
    CLASS_SCHEMA,
    FILE_SCHEMA,
    FINDING_SCHEMA,
    FUNCTION_SCHEMA,
    GUESSED_SIZE,
    TEXT_SCHEMA,
    Cache,
    Components,
    Facts,
    Snapshot,
    TreeEntry,
    _count,
    _language_key,
    list_tree,
)
from techlead.warehouse.load import table_from_rows


@dataclass(frozen=True)
class Measuring:
    """Whether and how to measure complexity: ``rules`` name the files left unmeasured
    (vendored, generated, excluded), ``workers`` the processes to measure with."""

    enabled: bool
    rules: PathRules
    workers: int = 1
    keep_texts: tuple[str, ...] = ()  # globs of more files whose text is kept ([mining])
    capture: bool = True  # keep documents' texts and search for secrets (HEAD only)
    # paths counted but not measured: of roles a past tree's reader does not need
    # (analyses.as_of: a code-health history measures production code only)
    unmeasured: frozenset[str] = frozenset()

    def kept(self, path: str) -> bool:
        """Whether the text of ``path`` is kept: a policy document, or a file matching
        ``[mining] keep_texts`` (for custom content checks)."""
        return self.capture and (
            is_policy_document(path) or (bool(self.keep_texts) and matches(path, self.keep_texts))
        )

    def wanted(self, entry: TreeEntry, facts: Facts) -> bool:
        return (
            self.enabled
            and facts.is_binary is False
            and facts.lines is not None
            and not facts.generated_marker
            and (entry.size or 0) <= MAX_BYTES
            and not self.rules.matches(entry.path)
            and entry.path not in self.unmeasured
        )

    def searched(self, entry: TreeEntry, facts: Facts) -> bool:
        """Whether the file is searched for secrets: a text file up to SCAN_LIMIT bytes,
        not vendored and not generated (excluded files are searched: a secret is a risk
        wherever it is committed)."""
        return (
            self.capture
            and facts.is_binary is False
            and (entry.size or 0) <= SCAN_LIMIT
            and not facts.generated_marker
            and not self.rules.vendored_or_generated(entry.path)
        )


def read_snapshot(
    path: Path,
    commit: str,
    repo_name: str,
    components: Sequence[ComponentConfig],
    cache: Cache,
    missing: frozenset[str],
    measuring: Measuring,
    entries: list[TreeEntry] | None = None,
) -> Snapshot:
    """List ``commit``'s tree (or take ``entries``, blobs of any trees); count lines,
    measure complexity, keep documents' texts and search for secrets in every blob whose
    results are not in ``cache``.

    Touches git and the CPU but not the warehouse, so a scan runs it in a thread while
    git mines the history.
    """
    reading = Reading(list_tree(path, commit) if entries is None else entries, cache, missing,
                      measuring)  # fmt: skip
    # A past tree (capture off) needs no docstrings: their coverage is measured at HEAD.
    with Measurer(
        reading.expected if measuring.enabled else 0,
        measuring.workers,
        docstrings=measuring.capture,
    ) as measurer:
        reading.read(path, measurer)
        measured = measurer.results()
    return reading.snapshot(measured, components, repo_name)


class Reading:
    """A snapshot read in three steps: what the cache lacks (on creation), the blobs read
    and handed to a :class:`Measurer` (:meth:`read`), the tables once its results are in
    (:meth:`snapshot`). A history (analyses.as_of_batches) shares one measurer between
    several readings and computes other dates while its workers measure."""

    def __init__(
        self, entries: list[TreeEntry], cache: Cache, missing: frozenset[str], measuring: Measuring
    ) -> None:
        self.entries, self.cache, self.measuring = entries, cache, measuring
        self.facts: dict[int, Facts] = {}
        self.to_read: list[int] = []
        for index, entry in enumerate(entries):
            hit = cache.facts.get((entry.blob, _language_key(entry.path)))
            if hit is not None and _complete(entry, hit, cache, measuring):
                self.facts[index] = hit
            elif entry.blob in missing:
                self.facts[index] = _count(entry, None)
            else:
                self.to_read.append(index)
        self.missing = sum(1 for e in entries if e.blob in missing)
        # sizes come from `git ls-tree -l`; entries given without one count as a small file
        self.expected = sum(entries[i].size or GUESSED_SIZE for i in self.to_read)
        self.wanted: list[int] = []
        self.keys: dict[tuple[str, str | None], None] = {}  # measured here, in order
        self.texts = dict(cache.texts)
        self.findings = dict(cache.findings)
        self.searched = set(cache.searched)

    def read(self, path: Path, measurer: Measurer) -> None:
        """Read the blobs the cache lacks: count them, keep and search what is asked, and
        hand those to measure to ``measurer`` (its results are awaited by the caller)."""
        entries, cache, measuring = self.entries, self.cache, self.measuring
        oids = [entries[i].blob for i in self.to_read]
        for index, (_, content) in zip(self.to_read, cat_file_batch(path, oids), strict=True):
            entry = entries[index]
            # Facts depend on the content and the path's language only: a blob read for
            # its text or its secrets keeps the counts and complexity it had.
            counted = cache.facts.get((entry.blob, _language_key(entry.path)))
            if counted is None or counted.is_binary is None or content is None:
                counted = _count(entry, content)
            self.facts[index] = counted
            if content is None:
                continue
            if entry.blob not in self.texts and measuring.kept(entry.path):
                self.texts[entry.blob] = document_text(content)
            if entry.blob not in self.searched and measuring.searched(entry, counted):
                self.searched.add(entry.blob)
                self.findings[entry.blob] = scan_lines(content.decode("utf-8", "replace"))
            if not counted.measured and measuring.wanted(entry, counted):
                self.wanted.append(index)
                key = (entry.blob, counted.language)
                self.keys[key] = None
                measurer.add(key, content, counted.language, entry.path)
        measurer.flush()

    def snapshot(
        self,
        measured: dict[tuple[str, str | None], Measured],
        components: Sequence[ComponentConfig] = (),
        repo_name: str = "",
    ) -> Snapshot:
        """The tables, given the measurer's results (a shared measurer's hold more)."""
        entries, facts, measuring = self.entries, self.facts, self.measuring
        for index in self.wanted:
            found = measured[(entries[index].blob, facts[index].language)]
            facts[index] = facts[index].with_complexity(found)
        component = Components(components, repo_name)
        rows = []
        text_rows: list[tuple[object, ...]] = []
        finding_rows: list[tuple[object, ...]] = []
        for index, e in enumerate(entries):
            f = facts[index]
            search = e.blob in self.searched and measuring.searched(e, f)
            rows.append(
                (e.path, e.blob, e.mode, e.size, f.language, component.of(e.path), *_stored(f),
                 True if search else None, f.global_nesting, f.classes, f.lcom4_max)
            )  # fmt: skip
            if e.blob in self.texts and measuring.kept(e.path):
                text_rows.append((e.path, e.blob, *self.texts[e.blob]))
            if search:
                finding_rows.extend(
                    (e.path, e.blob, line, kind) for line, kind in self.findings.get(e.blob, ())
                )
        mine = [(key, measured[key]) for key in self.keys]
        function_rows = [(blob, language, *row) for (blob, language), m in mine for row in m.rows]
        class_rows = [
            (blob, language, *row) for (blob, language), m in mine for row in m.class_rows
        ]
        return Snapshot(
            table_from_rows(FILE_SCHEMA, rows),
            table_from_rows(FUNCTION_SCHEMA, function_rows),
            table_from_rows(CLASS_SCHEMA, class_rows),
            table_from_rows(TEXT_SCHEMA, text_rows),
            table_from_rows(FINDING_SCHEMA, finding_rows),
            blobs_read=len(self.to_read),
            blobs_measured=len(self.keys),
            missing_blobs=self.missing,
            blobs_searched=len(self.searched - self.cache.searched),
        )


def _complete(entry: TreeEntry, hit: Facts, cache: Cache, measuring: Measuring) -> bool:
    """Whether the cache holds all the snapshot needs of a file: its facts (measured when
    wanted), its text when it is kept, its secrets when it is searched."""
    return (
        (hit.measured or not measuring.wanted(entry, hit))
        and (entry.blob in cache.texts or not measuring.kept(entry.path))
        and (entry.blob in cache.searched or not measuring.searched(entry, hit))
    )


def _stored(f: Facts) -> tuple[object, ...]:
    """The facts in FILE_SCHEMA's order after path, blob, mode, size, language, component."""
    return (
        f.is_binary,
        f.lines,
        f.code,
        f.comment,
        f.blank,
        f.generated_marker,
        f.functions,
        f.cyclomatic_total,
        f.cyclomatic_max,
        f.indentation_total,
        f.indentation_max,
        f.indentation_mean,
        f.documentable,
        f.documented,
    )
