"""Reading OSV data from disk with bounded memory: JSON files and zip archives.

A zip member is read as a stream and refused (a warning naming it) when it expands beyond
:data:`MEMBER_LIMIT` or more than :data:`RATIO_LIMIT` times its compressed size; an archive
stops being read (a warning) once its members have expanded to :data:`TOTAL_LIMIT` in all.
The sizes a zip declares are not trusted: reading stops at the limit whatever the header
says. Real OSV records are JSON files of a few kilobytes (the largest a few megabytes), and
osv.dev's all.zip expands about tenfold; a zip bomb exceeds these limits by orders of
magnitude.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

MEMBER_LIMIT = 64 << 20  # bytes one record may expand to
RATIO_LIMIT = 100  # expanded / compressed, per member (for members over RATIO_FLOOR)
RATIO_FLOOR = 1 << 20  # smaller members may compress as well as they like
TOTAL_LIMIT = 16 << 30  # bytes all the members of one archive may expand to
_CHUNK = 1 << 20


def documents(path: Path, warnings: list[str]) -> Iterator[tuple[str, bytes]]:
    """(where, bytes) of every OSV JSON document under ``path``; what cannot be read, or
    is refused, is a warning appended to ``warnings``."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        if file.suffix == ".json":
            text = _file(file, warnings)
            if text is not None:
                yield str(file), text
        elif file.suffix == ".zip":
            yield from _archive(file, warnings)


def _file(file: Path, warnings: list[str]) -> bytes | None:
    try:
        if file.stat().st_size > MEMBER_LIMIT:
            warnings.append(f"{file}: refused: larger than {MEMBER_LIMIT >> 20} MiB")
            return None
        return file.read_bytes()
    except OSError as exc:
        warnings.append(f"{file}: cannot read: {exc.strerror or exc}")
        return None


def _archive(file: Path, warnings: list[str]) -> Iterator[tuple[str, bytes]]:
    total = 0
    try:
        with zipfile.ZipFile(file) as archive:
            members = sorted(
                (i for i in archive.infolist() if i.filename.endswith(".json")),
                key=lambda i: i.filename,
            )
            for info in members:
                where = f"{file}:{info.filename}"
                if total >= TOTAL_LIMIT:
                    warnings.append(
                        f"{file}: stopped at {where}: the members read so far expand to "
                        f"{TOTAL_LIMIT >> 30} GiB, the limit for one archive"
                    )
                    return
                data = _member(archive, info, where, warnings)
                if data is not None:
                    total += len(data)
                    yield where, data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        warnings.append(f"{file}: not a readable zip file ({exc})")
    except OSError as exc:
        warnings.append(f"{file}: cannot read: {exc.strerror or exc}")


def _member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, warnings: list[str]
) -> bytes | None:
    """A member's bytes, read in chunks and refused as soon as it grows past a limit."""
    limit = min(MEMBER_LIMIT, max(RATIO_FLOOR, RATIO_LIMIT * max(info.compress_size, 1)))
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    warnings.append(f"{where}: refused: {_why(info, limit)}")
                    return None
                chunks.append(chunk)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, RuntimeError, OSError) as exc:
        warnings.append(f"{where}: cannot read this member ({exc})")
        return None
    return b"".join(chunks)


def _why(info: zipfile.ZipInfo, limit: int) -> str:
    if limit == MEMBER_LIMIT:
        return f"it expands beyond {MEMBER_LIMIT >> 20} MiB"
    return (
        f"it expands beyond {RATIO_LIMIT} times its compressed size of "
        f"{info.compress_size} bytes (a zip bomb?)"
    )
