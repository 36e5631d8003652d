"""A benchmark corpus: real source files of this machine committed into one repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from techlead.mining.languages import detect_language
from techlead.mining.linecount import count_lines


def build_corpus(
    out: Path, target_loc: int, sources: Iterable[tuple[str, Path]], stamp: str, version: int
) -> tuple[int, int]:
    """Write, as one commit at ``out``, the ``sources`` (name in the repository, file) in
    their order until their lines of code (techlead's count) reach ``target_loc``; returns
    (files, lines of code). A repository built by the same version for the same target is
    reused (``stamp`` names the file in .git that records it)."""
    marker = out / ".git" / stamp
    wanted = {"loc": target_loc, "version": version}
    if marker.exists():
        recorded = json.loads(marker.read_text())
        if recorded.get("wanted") == wanted:
            return int(recorded["files"]), int(recorded["code"])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    files = code = 0
    message = b"corpus"
    commands = [
        b"commit refs/heads/main\n",
        b"committer Bench <bench@example.com> 1700000000 +0000\n",
        b"data %d\n%s\n" % (len(message), message),
    ]
    for name, path in sources:
        if code >= target_loc:
            break
        content = path.read_bytes()
        code += count_lines(content, detect_language(name, content[:256])).code
        files += 1
        commands.append(b"M 100644 inline %s\ndata %d\n" % (name.encode(), len(content)))
        commands.append(content + b"\n")
    subprocess.run(
        ["git", "-C", str(out), "fast-import", "--quiet"], input=b"".join(commands), check=True
    )
    subprocess.run(["git", "-C", str(out), "reset", "-q", "--hard"], check=True)
    marker.write_text(json.dumps({"wanted": wanted, "files": files, "code": code}))
    return files, code
