"""Reading and measuring the trend samples' past versions (mining/trends.py), in a thread
of their own while the scan stores the rest of a repository, and their figures."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import NamedTuple

from techlead.git.runner import cat_file_batch
from techlead.mining.languages import detect_language
from techlead.mining.linecount import LineCounts, count_lines, is_binary
from techlead.mining.measuring import MAX_BYTES, Measured, Measurer


class Figures(NamedTuple):
    status: str  # measured | large | binary | missing
    loc: int | None = None
    functions: int | None = None
    cyclomatic: int | None = None
    max_cyclomatic: int | None = None
    mean_cyclomatic: float | None = None
    indentation: float | None = None


Kept = list[tuple[str, str, LineCounts, str | None, Measured]]  # blob, path, ..., language
Outcome = tuple[dict[tuple[str, str], Figures], Kept, int]


class _Stopped(BaseException):
    """The scan stopped before the trends were finished (not an error of measuring)."""


class Measuring:
    """:func:`measure` in a thread of its own; :meth:`stop` ends it at once."""

    def __init__(self, repo_path: Path, wanted: list[tuple[str, str]], workers: int) -> None:
        self._stop = threading.Event()
        self._measurer: Measurer | None = None
        self._outcome: Outcome | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(repo_path, wanted, workers), name="trends", daemon=True
        )
        self._thread.start()

    def _run(self, repo_path: Path, wanted: list[tuple[str, str]], workers: int) -> None:
        try:
            self._outcome = measure(repo_path, wanted, workers, self)
        except BaseException as error:  # handed to the scan's thread by result()
            self._error = error

    def started(self, measurer: Measurer) -> None:
        self._measurer = measurer
        self.check()

    def check(self) -> None:
        if self._stop.is_set():
            raise _Stopped

    def result(self) -> Outcome:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._outcome is not None
        return self._outcome

    def stop(self) -> None:
        """End the measuring if it still runs (the scan failed or was interrupted)."""
        if not self._thread.is_alive():
            return
        self._stop.set()
        measurer = self._measurer
        if measurer is not None:
            measurer.close(interrupted=True)
        self._thread.join()


def measure(
    repo_path: Path, wanted: list[tuple[str, str]], workers: int, control: Measuring
) -> Outcome:
    """Figures of each (blob, path), what was measured (for the store of past blobs) and
    the number of blobs read. Measuring runs in ``workers`` processes when there is much
    to measure, as for the HEAD snapshot."""
    blobs = sorted({blob for blob, _ in wanted})
    paths: dict[str, list[str]] = {}
    for blob, path in wanted:
        paths.setdefault(blob, []).append(path)
    figures: dict[tuple[str, str], Figures] = {}
    counts_of: dict[tuple[str, str], tuple[LineCounts, str | None]] = {}
    # Past versions of hotspots are mostly code under 1 MiB: assume 64 KiB each to choose
    # between measuring inline and in worker processes.
    with Measurer(len(wanted) * (64 << 10), workers, docstrings=False) as measurer:
        control.started(measurer)
        for blob, content in cat_file_batch(repo_path, blobs):
            control.check()
            for path in paths[blob]:
                key = (blob, path)
                if content is None:
                    continue  # not in the repository (partial clone): recorded as missing
                if is_binary(content):
                    figures[key] = Figures("binary")
                    continue
                language = detect_language(path, content[:256])
                counts = count_lines(content, language)
                if len(content) > MAX_BYTES:
                    figures[key] = Figures("large", counts.code)
                    continue
                name = language.name if language else None
                counts_of[key] = (counts, name)
                measurer.add(key, content, name, path)
        kept: Kept = []
        for (blob, measured_path), m in measurer.results().items():
            key = (blob, str(measured_path))
            counts, name = counts_of[key]
            figures[key] = _figures(counts.code, m)
            kept.append((blob, str(measured_path), counts, name, m))
    return figures, kept, len(blobs)


def _figures(loc: int, m: Measured) -> Figures:
    return Figures(
        "measured", loc, m.functions, m.cyclomatic_total, m.cyclomatic_max,
        mean(m.cyclomatic_total, m.functions), m.indentation_total,
    )  # fmt: skip


def mean(cyclomatic: int | None, functions: int | None) -> float | None:
    """Mean cyclomatic complexity per function, 2 decimals (Python's rounding)."""
    return round((cyclomatic or 0) / functions, 2) if functions else None
