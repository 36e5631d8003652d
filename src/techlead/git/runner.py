"""The only place in techlead that starts git.

Every call passes an argv list (never a shell), runs with a fixed environment (no pager,
no prompts, C locale for stable messages) and turns a failure into a :class:`GitError`
that quotes git's own first line of stderr. User-supplied revisions and paths are placed
after ``--end-of-options`` by the callers, so a value beginning with ``-`` is never taken
for an option.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from techlead.core.errors import GitError

REAP_TIMEOUT_S = 5.0  # then git is reaped with os.waitpid (see _reap)
READ_SIZE = 1 << 20

# Settings that make output independent of the user's git configuration.
_FIXED_CONFIG = (
    "core.quotepath=off",
    "color.ui=never",
    "log.showroot=true",
    "log.showsignature=false",
    "diff.noprefix=false",
    "diff.mnemonicprefix=false",
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "LC_ALL": "C",
            "LANG": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_PAGER": "cat",
            "GIT_OPTIONAL_LOCKS": "0",
            # Never fetch missing objects of a partial clone behind the user's back
            # (honoured by git >= 2.45; older versions are protected by the scan logic).
            "GIT_NO_LAZY_FETCH": "1",
        }
    )
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        env.pop(name, None)
    return env


def git_argv(repo: Path, args: Sequence[str]) -> list[str]:
    argv = ["git", "-C", str(repo)]
    for setting in _FIXED_CONFIG:
        argv += ["-c", setting]
    return argv + list(args)


def _first_line(stderr: bytes) -> str:
    for line in stderr.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line and not line.startswith(("hint:", "warning:")):
            return line
    return stderr.decode("utf-8", "replace").strip() or "no message"


def run_git(
    repo: Path,
    args: Sequence[str],
    *,
    stdin: bytes | None = None,
    ok_codes: Iterable[int] = (0,),
) -> bytes:
    """Run git to completion and return its stdout; raise GitError on an unexpected exit."""
    try:
        proc = subprocess.run(
            git_argv(repo, args),
            input=stdin,
            capture_output=True,
            env=_env(),
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH") from exc
    if proc.returncode not in tuple(ok_codes):
        raise GitError(f"git {args[0]} failed in {repo}: {_first_line(proc.stderr)}")
    return proc.stdout


def run_git_status(
    repo: Path, args: Sequence[str], *, stdin: bytes | None = None
) -> tuple[int, bytes, bytes]:
    """Run git and return (exit code, stdout, stderr) without judging the exit code."""
    proc = subprocess.run(
        git_argv(repo, args), input=stdin, capture_output=True, env=_env(), check=False
    )
    return proc.returncode, proc.stdout, proc.stderr


class _Drain(threading.Thread):
    """Reads a pipe to the end in the background so that git never blocks on it."""

    def __init__(self, pipe: IO[bytes], limit: int = 1 << 20) -> None:
        super().__init__(daemon=True)
        self._pipe = pipe
        self._limit = limit
        self.data = bytearray()

    def run(self) -> None:
        for line in iter(self._pipe.readline, b""):
            if len(self.data) < self._limit:
                self.data += line


class _Feed(threading.Thread):
    """Writes stdin in the background so that large inputs cannot deadlock with stdout."""

    def __init__(self, pipe: IO[bytes], data: bytes) -> None:
        super().__init__(daemon=True)
        self._pipe = pipe
        self._data = data

    def run(self) -> None:
        with contextlib.suppress(BrokenPipeError):  # git exited early; its error is reported
            self._pipe.write(self._data)
        with contextlib.suppress(BrokenPipeError):
            self._pipe.close()


def _grow_pipe(pipe: IO[bytes] | None) -> None:
    """A 1 MiB pipe (Linux) lets git write ahead in bigger steps; best effort."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if pipe is None or set_size is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), set_size, READ_SIZE)


class GitStream:
    """The stdout of a running git process, read in large chunks, plus its stderr.

    Output goes either through a pipe (read with blocking 1 MiB reads, so the reader wakes
    once per MiB rather than once per commit git flushes) or, when ``spooled``, into an
    unnamed temporary file that is read back once git has finished: a git process whose
    output is not consumed yet never blocks and costs this process nothing.
    """

    def __init__(
        self, proc: subprocess.Popen[bytes], drain: _Drain, what: str, spool: IO[bytes] | None
    ) -> None:
        self._proc = proc
        self._drain = drain
        self._what = what
        self._spool = spool

    def chunks(self) -> Iterator[bytes]:
        if self._spool is not None:
            self.check()
            self._spool.seek(0)
            source = self._spool
        else:
            assert self._proc.stdout is not None
            source = self._proc.stdout
        while chunk := source.read(READ_SIZE):
            yield chunk

    @property
    def stderr(self) -> str:
        return bytes(self._drain.data).decode("utf-8", "replace")

    def close(self) -> int:
        if self._proc.poll() is None and self._proc.stdout is not None:
            self._proc.kill()  # closing before the end: stop git rather than drain it
        code = _reap(self._proc)
        self._drain.join()
        for pipe in (self._proc.stdout, self._proc.stderr):
            if pipe is not None:
                pipe.close()
        return code

    def check(self) -> None:
        """Wait for git and raise GitError if it failed."""
        code = self.close()
        if code != 0:
            raise GitError(f"{self._what} failed: {_first_line(bytes(self._drain.data))}")


def _reap(proc: subprocess.Popen[bytes]) -> int:
    """Wait for git to exit. A signal (Ctrl-C, SIGTERM) that interrupts Popen.poll() at
    the wrong moment can leave Popen's internal lock held, and Popen.wait() without a
    timeout would then block forever; waiting with a timeout polls without that lock, and
    past it the process is reaped directly."""
    try:
        return proc.wait(timeout=REAP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        try:
            _, status = os.waitpid(proc.pid, 0)
        except ChildProcessError:  # reaped meanwhile by Popen itself
            return proc.returncode if proc.returncode is not None else 0
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        return code


@contextmanager
def stream_git(
    repo: Path, args: Sequence[str], *, stdin: bytes | None = None, spooled: bool = False
) -> Iterator[GitStream]:
    """Start git and yield its output stream; the process is always reaped on exit."""
    with contextlib.ExitStack() as cleanup:
        spool = (
            cleanup.enter_context(tempfile.TemporaryFile(prefix="techlead-git-"))
            if spooled
            else None
        )
        try:
            proc = subprocess.Popen(
                git_argv(repo, args),
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=spool if spool is not None else subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_env(),
            )
        except FileNotFoundError as exc:
            raise GitError("git is not installed or not on PATH") from exc
        assert proc.stderr is not None
        _grow_pipe(proc.stdout)
        drain = _Drain(proc.stderr)
        drain.start()
        feeder = None
        if stdin is not None:
            assert proc.stdin is not None
            feeder = _Feed(proc.stdin, stdin)
            feeder.start()
        stream = GitStream(proc, drain, f"git {args[0]} in {repo}", spool)
        try:
            yield stream
        finally:
            if proc.poll() is None:
                proc.kill()
            stream.close()
            if feeder is not None:
                feeder.join()


def cat_file_batch(repo: Path, oids: Sequence[str]) -> Iterator[tuple[str, bytes | None]]:
    """Yield (oid, content) for each blob id, in order; content is None if the object is missing.

    One ``git cat-file --batch`` process serves all ids; the ids are written by a
    background thread so that neither pipe can fill up and deadlock.
    """
    if not oids:
        return
    payload = "".join(f"{oid}\n" for oid in oids).encode("ascii")
    with stream_git(repo, ["cat-file", "--batch"], stdin=payload) as stream:
        reader = _BatchReader(stream.chunks())
        for oid in oids:
            header = reader.readline()
            if not header:
                raise GitError(f"git cat-file stopped early in {repo}: {stream.stderr.strip()}")
            fields = header.split()
            if len(fields) >= 2 and fields[1] == b"missing":
                yield oid, None
                continue
            size = int(fields[2])
            content = reader.read(size)
            reader.read(1)  # the newline after each object
            yield oid, content
        stream.check()


class _BatchReader:
    """Buffered reads of lines and exact byte counts over a chunk iterator."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = bytearray()

    def _fill(self) -> bool:
        chunk = next(self._chunks, b"")
        self._buf += chunk
        return bool(chunk)

    def readline(self) -> bytes:
        while True:
            pos = self._buf.find(b"\n")
            if pos >= 0:
                line = bytes(self._buf[: pos + 1])
                del self._buf[: pos + 1]
                return line
            if not self._fill():
                line = bytes(self._buf)
                self._buf.clear()
                return line

    def read(self, size: int) -> bytes:
        while len(self._buf) < size and self._fill():
            pass
        data = bytes(self._buf[:size])
        del self._buf[:size]
        return data
