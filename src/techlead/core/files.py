"""Writing files safely where repository content could aim a write elsewhere.

A repository techlead reads may commit a symbolic link where techlead writes a file (a
``techlead-report.html`` or an ADR pointing at ``~/.bashrc``). So every file techlead
writes is refused when its name is a link, and is written to a temporary file in the same
folder, then renamed over the name: a rename replaces the directory entry, never what it
pointed to, and a crash leaves the old file whole. Several files are written all or none.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from techlead.core.errors import TechleadError


def refuse_link(path: Path) -> None:
    """A one-line error when ``path`` is a symbolic link (dangling or not)."""
    if path.is_symlink():
        raise TechleadError(
            f"{path} is a symbolic link; techlead does not write through links",
            tip="remove the link, or choose another file",
        )


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every link followed, lies in ``root`` (links followed too)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def write_text(path: Path, text: str) -> None:
    """Write one file atomically, never through a link; a failure is one line."""
    write_texts({path: text})


def write_texts(texts: Mapping[Path, str], remove: Iterable[Path] = ()) -> None:
    """Write every file of ``texts`` and delete those of ``remove``, or change nothing
    (deleting a link deletes the link, so ``remove`` may name links).

    Every new content is written to a temporary file beside its target first; only when
    all are written are they renamed into place (a rename within a folder does not fail
    for want of space or permission once the temporary file exists).
    """
    doomed = list(remove)
    for path in texts:
        refuse_link(path)
    staged: list[tuple[str, Path]] = []
    current = Path()
    try:
        for current, text in texts.items():
            staged.append((_stage(current, text), current))
        for temporary, current in staged:
            os.replace(temporary, current)
        for current in doomed:
            current.unlink(missing_ok=True)
    except OSError as exc:
        raise TechleadError(f"cannot write {current}: {exc.strerror or exc}") from None
    finally:
        for temporary, _ in staged:
            if os.path.lexists(temporary):
                os.unlink(temporary)


def _stage(path: Path, text: str) -> str:
    """The content in a new temporary file next to ``path`` (mode kept from the file it
    replaces, else the user's default); returns the temporary file's name."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OSError(2, f"the folder {folder} does not exist")
    descriptor, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{path.name[:64]}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            os.fchmod(handle.fileno(), _mode(path))
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _mode(path: Path) -> int:
    try:
        found = os.lstat(path)
    except OSError:
        found = None
    if found is not None and stat.S_ISREG(found.st_mode):
        return stat.S_IMODE(found.st_mode)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
