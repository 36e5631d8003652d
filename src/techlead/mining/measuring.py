"""Complexity of many files at once, in worker processes while the scan goes on.

Measuring holds the interpreter lock for most of its time (tree-sitter parses in C, but the
sweep over its captures and the indentation figures are Python), so it would compete with
the thread that parses ``git log``. Large amounts of text therefore go to a pool
of worker processes in chunks of about :data:`CHUNK_BYTES`; small amounts (a typical
re-scan, a tiny repository) are measured in the calling thread, which is cheaper than
starting processes.

Workers never outlive the scan: each watches the scan's process (``pidfd_open``, else a
poll every half second) and exits the moment it is gone, even after ``kill -9``; the
forkserver and multiprocessing's resource tracker then see their last client go and exit
too. On an interrupt the pool's workers are terminated rather than waited for.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import NamedTuple

from techlead.mining.complexity import SUPPORTED, measure_source
from techlead.mining.docstrings import coverage

CHUNK_BYTES = 256 << 10
# Total bytes below which measuring stays in this process. With tree-sitter, 2 workers beat
# measuring inline from about 1 MiB of Python up (pytest's sources, best of 3 on 2 cores:
# 527 KiB 0.31 s inline, 0.48 s pooled; 1,075 KiB 0.64 s and 0.51 s; 1,363 KiB 0.93 s and
# 0.68 s); lizard's slower measuring had put the limit at 2 MiB.
INLINE_LIMIT = 1 << 20
MAX_BYTES = 1 << 20  # larger files are not measured (minified or data-like, rarely hand-written)


FunctionRow = tuple[str, int, int, int, int, int, int, int, int, int, str]


class Measured(NamedTuple):
    """A file's complexity summary and its functions, as plain tuples (cheap to pickle).
    Function figures are None for languages without per-function metrics."""

    functions: int | None
    cyclomatic_total: int | None
    cyclomatic_max: int | None
    indentation_total: float
    indentation_max: int
    indentation_mean: float
    # (name, start_line, end_line, length, cyclomatic, nesting, parameters,
    #  complex_conditionals, bumps, variables, shape)
    rows: tuple[FunctionRow, ...]
    # Python only (mining.docstrings): public definitions and module, and those documented
    documentable: int | None = None
    documented: int | None = None
    # None for languages without a grammar, like the function figures
    global_nesting: int | None = None
    classes: int | None = None  # classes with methods
    lcom4_max: int | None = None  # the least cohesive class's LCOM4 (None without classes)
    class_rows: tuple[tuple[str, int, int, int], ...] = ()  # (name, start_line, methods, lcom4)


Item = tuple[bytes, str | None, str, bool]  # content, language, path, docstrings
Key = tuple[str, str | None]  # blob, language


def measure_bytes(
    content: bytes, language: str | None, path: str, docstrings: bool = True
) -> Measured:
    """Measure one file; ``docstrings``: also count Python docstrings (HEAD's files: the
    docstring coverage is measured at HEAD only, so past versions skip the second parse)."""
    text = content.decode("utf-8", "replace")
    result = measure_source(content, text, language, path)
    applies = language in SUPPORTED
    counted = coverage(text) if docstrings and language == "Python" else None
    documentable, documented = counted or (None, None)
    classes = result.classes
    return Measured(
        len(result.functions) if applies else None,
        result.total_cyclomatic if applies else None,
        result.max_cyclomatic if applies else None,
        round(result.indentation_total, 3),
        result.indentation_max,
        round(result.indentation_mean, 3),
        tuple(
            (
                f.name,
                f.start_line,
                f.end_line,
                f.length,
                f.cyclomatic,
                f.nesting,
                f.parameters,
                f.complex_conditionals,
                f.bumps,
                f.variables,
                f.shape,
            )
            for f in result.functions
        ),
        documentable=documentable,
        documented=documented,
        global_nesting=result.global_nesting if applies else None,
        classes=len(classes) if applies else None,
        lcom4_max=max((c.lcom4 for c in classes), default=None),
        class_rows=tuple((c.name, c.start_line, c.methods, c.lcom4) for c in classes),
    )


def _measure_chunk(items: list[Item]) -> list[Measured]:
    return [measure_bytes(*item) for item in items]


def _start_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), name="watchdog", daemon=True).start()


def _exit_with(parent: int) -> None:
    """Return never: exit this worker as soon as process ``parent`` has ended. A worker's
    own parent is the forkserver, so ``getppid`` or PDEATHSIG would not notice the scan's
    death; the scan's pid, taken while it is alive, is watched instead."""
    try:
        handle = os.pidfd_open(parent)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):  # not Linux >= 5.3: poll
        while _alive(parent):
            time.sleep(0.5)
        os._exit(1)
    select.select([handle], [], [])  # readable once the process has exited
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user took the pid: ours is gone
        return False
    return True


class Measurer:
    """Collects files to measure; :meth:`results` returns every file's :class:`Measured`.

    ``expected_bytes`` (known from ``git ls-tree -l`` before any content is read) decides
    between measuring inline and in ``workers`` processes.
    """

    def __init__(
        self,
        expected_bytes: int,
        workers: int,
        inline_limit: int = INLINE_LIMIT,
        docstrings: bool = True,
    ):
        self._inline = workers <= 1 or expected_bytes < inline_limit
        self._docstrings = docstrings
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._done: dict[Key, Measured] = {}
        self._futures: list[tuple[list[Key], Future[list[Measured]]]] = []
        self._chunk: list[Item] = []
        self._keys: list[Key] = []
        self._size = 0
        self._seen: set[Key] = set()

    def add(self, key: Key, content: bytes, language: str | None, path: str) -> None:
        if key in self._seen:
            return
        self._seen.add(key)
        if self._inline:
            self._done[key] = measure_bytes(content, language, path, self._docstrings)
            return
        self._chunk.append((content, language, path, self._docstrings))
        self._keys.append(key)
        self._size += len(content)
        if self._size >= CHUNK_BYTES:
            self._submit()

    def flush(self) -> None:
        """Hand the files added since the last full chunk to the workers now (their
        results are awaited later, by :meth:`results`)."""
        if not self._inline:
            self._submit()

    def results(self) -> dict[Key, Measured]:
        self._submit()
        for keys, future in self._futures:
            self._done.update(zip(keys, future.result(), strict=True))
        self._futures.clear()
        return self._done

    def close(self, *, interrupted: bool = False) -> None:
        """Stop the pool; ``interrupted``: at once, ending the chunks still being measured
        (Ctrl-C must end the command within a second, not after the running chunks)."""
        if self._pool is None:
            return
        if interrupted:
            for process in list((self._pool._processes or {}).values()):
                process.terminate()
        self._pool.shutdown(wait=not interrupted, cancel_futures=True)
        self._pool = None

    def __enter__(self) -> Measurer:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(interrupted=kind is not None and not issubclass(kind, Exception))

    def _submit(self) -> None:
        if not self._chunk:
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self._workers,
                mp_context=_context(),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        future = self._pool.submit(_measure_chunk, self._chunk)
        self._futures.append((self._keys, future))
        self._chunk, self._keys, self._size = [], [], 0


def _context() -> multiprocessing.context.BaseContext:
    # Never fork: the parent holds DuckDB's and git readers' threads, and a forked child
    # could inherit a lock held by one of them.
    if sys.platform == "linux":
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["techlead.mining.complexity"])
        return context
    return multiprocessing.get_context("spawn")
