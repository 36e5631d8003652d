"""Progress reporting as a side channel.

Core functions take a ``progress`` argument implementing :class:`Progress`; the default is
silent so that library use and tests print nothing. The CLI plugs in :class:`RichProgress`
when stderr is a terminal.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as _RichProgressBar


class Progress(Protocol):
    """Receives progress of long work. Implementations must be cheap to call."""

    def start(self, label: str, total: int | None) -> None:
        """A new unit of work begins (e.g. mining one repository)."""

    def advance(self, amount: int) -> None:
        """``amount`` more items of the current unit are done."""

    def finish(self) -> None:
        """The current unit is complete."""


class SilentProgress:
    """The default: reports nothing."""

    def start(self, label: str, total: int | None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass

    def finish(self) -> None:
        pass


class RichProgress:
    """A Rich progress bar on stderr: items done, rate, elapsed time, current label."""

    def __init__(self, console: Console, unit: str = "commits") -> None:
        self._bar = _RichProgressBar(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._unit = unit
        self._task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bar.stop()

    def start(self, label: str, total: int | None) -> None:
        self._task = self._bar.add_task(label, total=total, rate="")

    def advance(self, amount: int) -> None:
        if self._task is None:
            return
        self._bar.advance(self._task, amount)
        task = self._bar.tasks[-1]
        speed = task.speed
        if speed:
            self._bar.update(self._task, rate=f"{speed:,.0f} {self._unit}/s")

    def finish(self) -> None:
        if self._task is not None:
            self._bar.remove_task(self._task)
            self._task = None
