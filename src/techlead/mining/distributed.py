"""Where a scan's git and CPU work runs: in this process (``local``) or on Dask distributed.

A repository's scan is split in two. The work that needs only git and the CPU is a pure
task from a repository path, commits and options to Arrow tables:

* ``mine_range``: one range of the new commits (at most RANGE_COMMITS) -> Batches;
* ``read_mainline_from``: HEAD's main line and the spans of its trees (or only what it
  gained since the stored main line);
* ``read_snapshot``: HEAD's files, measured (inline: a Dask worker is the unit of
  parallelism, so it starts no process pool of its own).

The client, the only process holding the DuckDB connection, loads what the tasks return in
the repository's transaction, as a local scan does; everything else (tags, co-author
trailers through ``.mailmap``, manifests' past versions, trends) stays on the client. With
``--executor dask`` or ``tcp://HOST:PORT`` the tasks go to a cluster:

* every task is submitted with ``retries=RETRIES``; a worker that dies is noticed by the
  scheduler, which runs its tasks again on another worker (and recomputes any result it
  held and that was not yet fetched);
* the history is loaded only once every task of the repository has arrived, so a task
  that fails for good raises before anything is loaded, and what was loaded is rolled back
  with the transaction: the warehouse is unchanged until the repository's commit.

Workers read the repositories by the client's paths: the cluster must see the same files
(the same machine, or a shared file system mounted at the same place), and have techlead
installed (``pip install 'techlead[distributed]'``).
"""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor as Pool
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from techlead.core.errors import TechleadError
from techlead.mining.batches import Batch
from techlead.mining.history import BATCH_COMMITS, LogSpec, mine
from techlead.mining.snapshot_reading import Measuring

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

LOCAL = "local"
DASK = "dask"
RANGE_COMMITS = 3 * BATCH_COMMITS  # commits per history task on a cluster
RETRIES = 3  # a task that raises is tried again this many times
CONNECT_TIMEOUT = 10  # seconds to reach a scheduler
_ADDRESS = re.compile(r"(tcp|tls)://[^\s/:]+:\d{1,5}")


class ExecutorError(TechleadError):
    """The executor named is unknown, or its cluster cannot be reached."""


class Waitable(Protocol[T_co]):  # a concurrent.futures.Future or a Dask Future
    def result(self) -> T_co: ...


class Executor(Protocol):
    """Runs a scan's pure tasks; the scan loads their results."""

    remote: bool

    def submit(self, pool: Pool, fn: Callable[..., T], *args: Any) -> Waitable[T]: ...

    def history(self, spec: LogSpec, shas: Sequence[str], jobs: int) -> Iterator[Batch]: ...

    def measuring(self, measuring: Measuring) -> Measuring: ...


def check_executor(name: str) -> str:
    """``name`` if it is ``local``, ``dask`` or a scheduler's address, else an error."""
    if name in (LOCAL, DASK) or _ADDRESS.fullmatch(name):
        return name
    raise ExecutorError(
        f"--executor {name!r}: expected local, dask or a scheduler's address (tcp://HOST:PORT)"
    )


class LocalExecutor:
    """Today's scan: history from ``jobs`` git processes, the rest in the scan's threads."""

    remote = False

    def submit(self, pool: Pool, fn: Callable[..., T], *args: Any) -> Waitable[T]:
        return pool.submit(fn, *args)

    def history(self, spec: LogSpec, shas: Sequence[str], jobs: int) -> Iterator[Batch]:
        return mine(spec, shas, jobs)

    def measuring(self, measuring: Measuring) -> Measuring:
        return measuring


def mine_range(spec: LogSpec, shas: Sequence[str]) -> list[Batch]:
    """The task of one range of commits: its Arrow batches (one git log)."""
    return list(mine(spec, shas, 1))


def ranges(shas: Sequence[str], size: int = RANGE_COMMITS) -> list[Sequence[str]]:
    """``shas`` cut into contiguous ranges of at most ``size`` commits, in order."""
    return [shas[i : i + size] for i in range(0, len(shas), size)]


class DaskExecutor:
    """The tasks on a Dask distributed cluster, through ``client``."""

    remote = True

    def __init__(self, client: Any, range_commits: int = RANGE_COMMITS) -> None:
        self.client = client
        self.range_commits = range_commits
        self._pending: list[Any] = []  # the repository's tasks submitted so far

    def submit(self, pool: Pool, fn: Callable[..., T], *args: Any) -> Waitable[T]:
        future = self.client.submit(fn, *args, pure=False, retries=RETRIES)
        # those of an earlier repository whose history was not mined have arrived
        self._pending = [f for f in self._pending if not f.done()]
        self._pending.append(future)
        return future  # type: ignore[no-any-return]

    def history(self, spec: LogSpec, shas: Sequence[str], jobs: int) -> Iterator[Batch]:
        from distributed import wait

        futures = [
            self.client.submit(mine_range, spec, part, pure=False, retries=RETRIES)
            for part in ranges(shas, self.range_commits)
        ]
        # every task of the repository arrives before anything is loaded
        pending, self._pending = self._pending, []
        wait([*futures, *pending])  # type: ignore[no-untyped-call]
        for part in self.client.gather(futures):
            yield from part

    def measuring(self, measuring: Measuring) -> Measuring:
        return replace(measuring, workers=1)


@contextmanager
def open_executor(name: str) -> Iterator[Executor]:
    """The executor ``name`` names, closed (with its LocalCluster) on leaving."""
    name = check_executor(name)
    if name == LOCAL:
        yield LocalExecutor()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ExecutorError(
            f"--executor {name} needs Dask distributed: pip install 'techlead[distributed]'"
        ) from error
    with contextlib.ExitStack() as stack:
        try:
            if name == DASK:
                cluster = stack.enter_context(
                    LocalCluster(threads_per_worker=1, dashboard_address=None)  # type: ignore[no-untyped-call]
                )
                client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
            else:
                _reachable(name)
                client = stack.enter_context(
                    Client(name, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
                )
        except (OSError, TimeoutError) as error:
            raise ExecutorError(
                f"--executor {name}: cannot reach the Dask scheduler ({_first_line(error)})"
            ) from error
        yield DaskExecutor(client)


def _reachable(address: str) -> None:
    """Fail at once when nothing listens at the scheduler's address (Dask's client would
    retry for CONNECT_TIMEOUT seconds first)."""
    host, _, port = address.partition("://")[2].rpartition(":")
    with socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT):
        pass


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
